import type { DateTime } from 'luxon';
import { usageError } from '../core/errors';
import type { BusinessCalendar } from '../calendar/business-calendar';

export interface StatsPeriod {
  from: Date;
  /** Exclusive end. */
  to: Date;
  label: string;
}

export const PERIOD_HELP =
  'a period such as `7d`, `4w`, `week`, `month`, `2026-03`, `2026` or `2026-01-01..2026-03-31`';

/**
 * A period typed by a user, in the organisation's time zone: `30d` (the last 30 days up to now),
 * `4w`, `week` / `month` (this one so far), `2026-03`, `2026`, `2026-01-05..2026-02-20` (inclusive).
 */
export function parsePeriod(typed: string, now: Date, calendar: BusinessCalendar): StatsPeriod {
  const t = typed.trim().toLowerCase();
  const local = calendar.local(now);
  const range = (from: DateTime, to: DateTime, label: string): StatsPeriod => ({
    from: from.toJSDate(),
    to: to.toJSDate(),
    label,
  });
  let m = /^(\d{1,3})\s*([dw])$/u.exec(t);
  if (m) {
    const n = Number(m[1]);
    const days = m[2] === 'w' ? n * 7 : n;
    if (days < 1) throw usageError(`"${typed}" is an empty period: count at least one day.`, `Use ${PERIOD_HELP}.`);
    if (days > 3660) throw usageError(`"${typed}" is too long a period.`, `Use ${PERIOD_HELP}.`);
    return range(local.minus({ days }), local, `last ${n} ${m[2] === 'w' ? 'weeks' : 'days'}`);
  }
  if (t === 'today') return range(local.startOf('day'), local, 'today');
  if (t === 'week') return range(local.startOf('week'), local, 'this week');
  if (t === 'month') return range(local.startOf('month'), local, local.toFormat('LLLL yyyy'));
  if (t === 'year') return range(local.startOf('year'), local, local.toFormat('yyyy'));
  m = /^(\d{4})-(\d{2})$/u.exec(t);
  if (m) {
    const start = local.set({ year: Number(m[1]), month: Number(m[2]), day: 1 }).startOf('month');
    if (!start.isValid || Number(m[2]) < 1 || Number(m[2]) > 12)
      throw usageError(`"${typed}" is not a month.`, `Use ${PERIOD_HELP}.`);
    return range(start, start.plus({ months: 1 }), start.toFormat('LLLL yyyy'));
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
      throw usageError(`"${typed}" is not a valid date range.`, `Use ${PERIOD_HELP}.`);
    return range(from, to, `${m[1]} to ${m[2]}`);
  }
  throw usageError(`"${typed.slice(0, 40)}" is not a period I understand.`, `Use ${PERIOD_HELP}.`);
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
