import { msg } from '../i18n/catalog';
import type { Lang } from '../i18n/languages';

const MIN = 60_000;

/** Business time for people: "45 min", "3 h", "2 h 30 min" ("3 t", "2 t 30 min" in Norwegian), "1.5 h" never. */
export function formatBusinessDuration(ms: number, lang?: Lang): string {
  const total = Math.max(0, Math.round(ms / MIN));
  const h = Math.floor(total / 60);
  const m = total % 60;
  if (h === 0) return msg(lang, 'age.minutes', { count: m });
  return m ? msg(lang, 'dur.hm', { h, m }) : msg(lang, 'age.hours', { count: h });
}
