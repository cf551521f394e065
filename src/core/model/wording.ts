/* Running-text helpers shared by every sentence the action writes. */

/** 'a', 'a and b', 'a, b and c', 'a, b, c and 4 more'; 'nothing' for none. */
export function listOf(items: readonly string[], max = 3): string {
  if (items.length === 0) return 'nothing'
  const shown = items.slice(0, max)
  const rest = items.length - shown.length
  if (rest > 0) return `${shown.join(', ')} and ${rest} more`
  if (shown.length === 1) return shown[0] ?? ''
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1] ?? ''}`
}

/** '1 partner', '2 partners'; `plural` for nouns that do not take an s. */
export function countOf(count: number, noun: string, plural = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : plural}`
}
