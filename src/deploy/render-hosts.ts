import { msg } from '../i18n/catalog';
import type { Lang } from '../i18n/languages';

/** How many host names a chat message shows before "… and N more". */
export const FEW = 5;

/** "pc-01, pc-02, pc-03 … and 197 more": the first few names, then a count, so a message fits at any scale. */
export function firstFew(names: readonly string[], lang?: Lang, few = FEW): string {
  if (names.length <= few) return names.join(', ');
  return msg(lang, 'hosts.more', { hosts: names.slice(0, few).join(', '), count: names.length - few });
}

/** Minutes as given: 0.2 -> "0.2", 60 -> "60" (at most two decimals, never rounded to 0). */
export function formatMinutes(ms: number): string {
  return String(Number((ms / 60_000).toFixed(2)));
}
