import { describe, expect, it } from '@jest/globals'
import { NEUTRALISED_MARKER, neutraliseWorkflowCommands } from '../../src/core/render/workflow-commands.js'

/**
 * How the runner reads a line (actions/runner ActionCommandManager): `::name …::data` once the
 * line is TrimStart()ed, or the legacy `##[name …]data` anywhere in it. Written here independently
 * of the code under test, so that the test fails if the neutraliser misses a case.
 */
function obeyedByRunner(line: string): boolean {
  return /^[\s\u0085\ufeff]*::[a-z-]+/i.test(line) || /##\[[a-z-]+/i.test(line)
}

const FORGERIES = [
  '::error file=baselines/x.json::approved by security',
  '::add-mask::ghs_secret',
  '::notice::looks fine',
  '   ::warning::indented',
  '\t::stop-commands::token',
  '\u00a0\u2003::error::behind Unicode spaces',
  '\ufeff::error::behind a byte-order mark',
  '##[error]legacy error',
  'text before ##[add-mask]legacy mask in the middle'
]

describe('neutraliseWorkflowCommands', () => {
  it.each(FORGERIES)('given %j alone, then the runner obeys no line of it', (forged) => {
    const printed = neutraliseWorkflowCommands(forged)
    expect(printed.split('\n').filter(obeyedByRunner)).toEqual([])
  })

  it('given forged commands after each kind of line break, then no line is obeyed and every line is kept', () => {
    // Given a file name that splits into lines with CR, LF, CRLF and the Unicode separators
    const name = [
      'baselines/x',
      '::error file=x::approved by security',
      '::add-mask::hunter2',
      '::notice::ok',
      '##[error]legacy',
      '.json'
    ]
    for (const separator of ['\n', '\r', '\r\n', '\u2028', '\u2029', '\u0085']) {
      // When it is neutralised
      const printed = neutraliseWorkflowCommands(name.join(separator))
      // Then the runner obeys none of its lines, and the forged text is still there to read
      const lines = printed.split('\n')
      expect(lines.filter(obeyedByRunner)).toEqual([])
      expect(lines).toEqual([
        'baselines/x',
        `${NEUTRALISED_MARKER}::error file=x::approved by security`,
        `${NEUTRALISED_MARKER}::add-mask::hunter2`,
        `${NEUTRALISED_MARKER}::notice::ok`,
        '## [error]legacy',
        '.json'
      ])
    }
  })

  it('leaves ordinary text as it was, including `::` and `##` that are not commands', () => {
    const ordinary = 'Pull request #12 changes baselines/a.json.\n  Also: ::1 is IPv6 loopback; ## heading'
    expect(neutraliseWorkflowCommands(ordinary)).toBe(ordinary)
  })
})
