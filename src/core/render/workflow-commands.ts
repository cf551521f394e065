/**
 * The runner reads every line a step prints to stdout and obeys the workflow commands in it:
 * `::error file=…::text` makes an annotation, `::add-mask::` hides text, `::stop-commands::` turns
 * command processing off. A file name, a Graph value or an error text that reaches the log could
 * otherwise forge those. The runner TrimStart()s each line before looking for `::`, and reads the
 * legacy `##[command]` form anywhere in a line.
 */

/** Placed before a line that would be read as a command: visible, so the forged text reads as what it is. */
export const NEUTRALISED_MARKER = '»'

/**
 * Line breaks as the runner splits its output (CR, LF, CRLF), plus the Unicode separators a
 * terminal or log viewer may also break on.
 */
const LINE_BREAK = /\r\n|[\r\n\u0085\u2028\u2029]/

/**
 * What may stand before `::` and still leave a command: .NET's TrimStart() removes Unicode
 * whitespace; format characters (zero-width space, BOM, bidi controls) are included because some
 * viewers hide them and a stricter reader is cheaper than a forged annotation.
 */
const COMMAND_START = /^[\s\p{Zs}\p{Cf}\u0085]*::/u

/** The legacy command prefix, recognised anywhere in a line. */
const LEGACY_COMMAND = /##\[/g

/**
 * Text that prints as itself and never as a workflow command: every line that would start with
 * `::` after leading whitespace gets a visible marker first, and `##[` becomes `## [`. Lines stay
 * lines, so multi-line messages keep their shape.
 */
export function neutraliseWorkflowCommands(text: string): string {
  return text
    .split(LINE_BREAK)
    .map((line) => {
      const unlegacied = breakLegacyCommands(line)
      return COMMAND_START.test(unlegacied) ? `${NEUTRALISED_MARKER}${unlegacied}` : unlegacied
    })
    .join('\n')
}

/**
 * For text printed inside a command's own line (an annotation's message or file property): the
 * line already starts with the action's command, but the legacy prefix is read anywhere.
 */
export function breakLegacyCommands(text: string): string {
  return text.replace(LEGACY_COMMAND, '## [')
}
