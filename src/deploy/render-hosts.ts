/** How many host names a chat message shows before "… and N more". */
export const FEW = 5;

/** "pc-01, pc-02, pc-03 … and 197 more": the first few names, then a count, so a message fits at any scale. */
export function firstFew(names: readonly string[], few = FEW): string {
  if (names.length <= few) return names.join(', ');
  return `${names.slice(0, few).join(', ')} … and ${names.length - few} more`;
}

/** Minutes as given: 0.2 -> "0.2", 60 -> "60" (at most two decimals, never rounded to 0). */
export function formatMinutes(ms: number): string {
  return String(Number((ms / 60_000).toFixed(2)));
}
