import type { DateTime } from 'luxon';
import { speak } from '../i18n/catalog';
import { DEFAULT_LANGUAGE, LOCALES, type Lang } from '../i18n/languages';
import { refusal, said } from '../i18n/refusal';
import type { BusinessCalendar } from '../calendar/business-calendar';

export interface StatsPeriod {
  from: Date;
  /** Exclusive end. */
  to: Date;
  label: string;
}

/** "Use a period such as `7d` …": the fix of every refusal of a period. */
export const USE_A_PERIOD = said('stats.p.use', { help: said('stats.p.help') });

/**
 * A period typed by a user, in the organisation's time zone: `30d` (the last 30 days up to now),
 * `4w`, `week` / `month` (this one so far), `2026-03`, `2026`, `2026-01-05..2026-02-20` (inclusive).
 */
export function parsePeriod(typed: string, now: Date, calendar: BusinessCalendar, lang?: Lang): StatsPeriod {
  const t = typed.trim().toLowerCase();
  const local = calendar.local(now).setLocale(LOCALES[lang ?? DEFAULT_LANGUAGE]);
  const say = speak(lang);
  const monthFormat = say('stats.p.monthFormat');
  const range = (from: DateTime, to: DateTime, label: string): StatsPeriod => ({
    from: from.toJSDate(),
    to: to.toJSDate(),
    label,
  });
  let m = /^(\d{1,3})\s*([dw])$/u.exec(t);
  if (m) {
    const n = Number(m[1]);
    const days = m[2] === 'w' ? n * 7 : n;
    if (days < 1) throw refusal('USAGE', said('stats.p.empty', { typed }), USE_A_PERIOD);
    if (days > 3660) throw refusal('USAGE', said('stats.p.tooLong', { typed }), USE_A_PERIOD);
    return range(
      local.minus({ days }),
      local,
      say(m[2] === 'w' ? 'stats.p.lastWeeks' : 'stats.p.lastDays', { count: n }),
    );
  }
  if (t === 'today') return range(local.startOf('day'), local, say('stats.p.today'));
  if (t === 'week') return range(local.startOf('week'), local, say('stats.p.week'));
  if (t === 'month') return range(local.startOf('month'), local, local.toFormat(monthFormat));
  if (t === 'year') return range(local.startOf('year'), local, local.toFormat('yyyy'));
  m = /^(\d{4})-(\d{2})$/u.exec(t);
  if (m) {
    const start = local.set({ year: Number(m[1]), month: Number(m[2]), day: 1 }).startOf('month');
    if (!start.isValid || Number(m[2]) < 1 || Number(m[2]) > 12)
      throw refusal('USAGE', said('stats.p.notMonth', { typed }), USE_A_PERIOD);
    return range(start, start.plus({ months: 1 }), start.toFormat(monthFormat));
  }
  m = /^(\d{4})$/u.exec(t);
  if (m) {
    const start = local.set({ year: Number(m[1]), month: 1, day: 1 }).startOf('year');
    return range(start, start.plus({ years: 1 }), m[1]);
  }
  m = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/u.exec(t);
  if (m) {
    const from = local.set(dateParts(m[1])).startOf('day');
    const to = local.set(dateParts(m[2])).startOf('day').plus({ days: 1 });
    if (!from.isValid || !to.isValid || to <= from)
      throw refusal('USAGE', said('stats.p.badRange', { typed }), USE_A_PERIOD);
    return range(from, to, say('stats.p.range', { from: m[1], to: m[2] }));
  }
  throw refusal('USAGE', said('stats.p.unknown', { typed: typed.slice(0, 40) }), USE_A_PERIOD);
}

function dateParts(iso: string): { year: number; month: number; day: number } {
  const [year, month, day] = iso.split('-').map(Number);
  return { year, month, day };
}

/** The period of equal length just before `p` (for trends). */
export function previousPeriod(p: StatsPeriod): StatsPeriod {
  const len = p.to.getTime() - p.from.getTime();
  return { from: new Date(p.from.getTime() - len), to: new Date(p.from), label: 'the period before' };
}
