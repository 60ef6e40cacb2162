import { DateTime } from 'luxon';
import { isTimeZone } from '../core/time-zone';
import { WEEKDAYS, type Weekday } from '../config/sections/digest';
import { holidayOn, type HolidayRange } from './holidays';

export interface CalendarSettings {
  /** IANA time zone of the organisation, e.g. "Europe/Oslo". */
  timezone: string;
  /** School hours per weekday as "08:00-16:00"; missing or null: no school that day. */
  hours: Partial<Record<Weekday, string | null>>;
  holidays: readonly HolidayRange[];
}

/** A local clock time as minutes after midnight ("07:30" -> 450). */
export function parseLocalTime(hhmm: string): { hour: number; minute: number } {
  const m = /^(\d{1,2}):(\d{2})$/u.exec(hhmm.trim());
  if (!m) throw new Error(`"${hhmm}" is not a local time such as "07:30"`);
  return { hour: Number(m[1]), minute: Number(m[2]) };
}

/** Days from `from` to `to` (local midnights), with each day's open and close instant. */
interface DayTable {
  starts: number[];
  opens: number[];
  closes: number[];
  /** Business ms before day i. */
  cum: number[];
  /** School-day openings before day i. */
  openings: number[];
  /** The local midnight after the last day. */
  end: number;
}

const DAY_MS = 86_400_000;
/** The table grows in steps of this many days around what is asked for. */
const MARGIN_DAYS = 400;
/** Nothing the bot asks spans more than this; beyond it is a bug (or a calendar with no school). */
const MAX_TABLE_DAYS = 200 * 366;

/**
 * Business (school) time in the organisation's time zone: school hours per weekday, holidays,
 * and daylight-saving changes handled by luxon. Durations are real elapsed milliseconds inside
 * school hours, so a school day on a DST change day is as long as the clock says.
 *
 * Lookups use a lazily built table of days with running totals: `businessMsBetween` and
 * `addBusinessTime` are binary searches, cheap enough for statistics over 100,000 cases.
 */
export class BusinessCalendar {
  readonly timezone: string;
  private readonly hours: Partial<
    Record<Weekday, { open: { hour: number; minute: number }; close: { hour: number; minute: number } }>
  >;
  private readonly holidays: readonly HolidayRange[];
  private table?: DayTable;

  constructor(settings: CalendarSettings) {
    // A canonical zone name is known without loading ICU's formatting data (src/core/time-zone.ts).
    if (!isTimeZone(settings.timezone) && !DateTime.local().setZone(settings.timezone).isValid)
      throw new Error(`unknown time zone "${settings.timezone}"`);
    this.timezone = settings.timezone;
    this.holidays = [...settings.holidays];
    this.hours = {};
    for (const day of WEEKDAYS) {
      const range = settings.hours[day];
      if (!range) continue;
      const [open, close] = range.split('-').map(parseLocalTime);
      this.hours[day] = { open, close };
    }
    if (Object.keys(this.hours).length === 0) throw new Error('the calendar has no school hours on any weekday');
  }

  /** The local date ("2026-03-29") of an instant. */
  localDate(at: Date): string {
    return this.local(at).toISODate() as string;
  }

  /** The instant as a luxon DateTime in the organisation's zone. */
  local(at: Date | number): DateTime {
    return DateTime.fromMillis(typeof at === 'number' ? at : at.getTime(), { zone: this.timezone });
  }

  /** The holiday covering the local date of `at` (or an ISO date), if any. */
  holiday(at: Date | string): HolidayRange | undefined {
    return holidayOn(this.holidays, typeof at === 'string' ? at : this.localDate(at));
  }

  /** A day with school hours that is not a holiday. */
  isSchoolDay(at: Date | string): boolean {
    const day = typeof at === 'string' ? DateTime.fromISO(at, { zone: this.timezone }) : this.local(at);
    if (!day.isValid) throw new Error(`"${String(at)}" is not a date`);
    return Boolean(this.hours[weekdayOf(day)]) && !holidayOn(this.holidays, day.toISODate() as string);
  }

  /** Inside school hours on a school day. */
  isOpen(at: Date): boolean {
    const t = this.ensure(at.getTime(), at.getTime());
    const i = dayIndex(t, at.getTime());
    return at.getTime() >= t.opens[i] && at.getTime() < t.closes[i];
  }

  /** Business milliseconds in [from, to); 0 when `to` is not after `from`. */
  businessMsBetween(from: Date, to: Date): number {
    const a = from.getTime();
    const b = to.getTime();
    if (!(b > a)) return 0;
    const t = this.ensure(a, b);
    return businessBefore(t, b) - businessBefore(t, a);
  }

  /** The instant `ms` business milliseconds after `from` (a due time); `from` itself for 0. */
  addBusinessTime(from: Date, ms: number): Date {
    if (!(ms > 0)) return new Date(from);
    const a = from.getTime();
    let t = this.ensure(a, a + Math.ceil(ms / DAY_MS) * 7 * DAY_MS);
    for (;;) {
      const target = businessBefore(t, a) + ms;
      const i = firstDayEndingAtOrAfter(t, target);
      if (i >= 0) return new Date(Math.max(a, t.opens[i] + (target - t.cum[i])));
      if (t.end - a > (MAX_TABLE_DAYS * DAY_MS) / 2)
        throw new Error('no school hours found ahead: check the calendar and holidays');
      t = this.ensure(a, t.end + MARGIN_DAYS * DAY_MS);
    }
  }

  /** School days that opened in (from, to]: the age of a case "in school days". */
  schoolDaysBetween(from: Date, to: Date): number {
    const a = from.getTime();
    const b = to.getTime();
    if (!(b > a)) return 0;
    const t = this.ensure(a, b);
    return openingsUpTo(t, b) - openingsUpTo(t, a);
  }

  /**
   * The first instant strictly after `after` at local time `hhmm` on a school day whose weekday
   * is in `days` (default: any). A local time skipped by a DST change moves forward with the clock.
   */
  nextLocalTime(after: Date, hhmm: string, days?: readonly Weekday[]): Date {
    const { hour, minute } = parseLocalTime(hhmm);
    let day = this.local(after).startOf('day');
    for (let n = 0; n < 800; n++, day = day.plus({ days: 1 })) {
      if (days && !days.includes(weekdayOf(day))) continue;
      if (!this.isSchoolDay(day.toISODate() as string)) continue;
      const at = day.set({ hour, minute, second: 0, millisecond: 0 });
      if (at.toMillis() > after.getTime()) return at.toJSDate();
    }
    throw new Error(`no school day with ${hhmm} in the next 800 days: check the calendar and holidays`);
  }

  /** The next `n` occurrences of `nextLocalTime` (for tests and `digest schedule`). */
  nextLocalTimes(after: Date, hhmm: string, n: number, days?: readonly Weekday[]): Date[] {
    const out: Date[] = [];
    let from = after;
    for (let i = 0; i < n; i++) {
      from = this.nextLocalTime(from, hhmm, days);
      out.push(from);
    }
    return out;
  }

  /** Covers [a, b] with a margin; rebuilt (rarely) when asked outside. */
  private ensure(a: number, b: number): DayTable {
    const t = this.table;
    if (t && a >= t.starts[0] && b < t.end) return t;
    const lo = Math.min(a, t ? t.starts[0] : a) - MARGIN_DAYS * DAY_MS;
    const hi = Math.max(b, t ? t.end : b) + MARGIN_DAYS * DAY_MS;
    if ((hi - lo) / DAY_MS > MAX_TABLE_DAYS) throw new Error('date range too large for the business calendar');
    this.table = this.build(this.local(lo).startOf('day'), this.local(hi).startOf('day'));
    return this.table;
  }

  private build(first: DateTime, last: DateTime): DayTable {
    const t: DayTable = { starts: [], opens: [], closes: [], cum: [], openings: [], end: 0 };
    let cum = 0;
    let openings = 0;
    let day = first;
    while (day <= last) {
      const next = day.plus({ days: 1 }).startOf('day');
      const start = day.toMillis();
      const h = this.hours[weekdayOf(day)];
      let open = start;
      let close = start;
      if (h && !holidayOn(this.holidays, day.toISODate() as string)) {
        open = day.set({ hour: h.open.hour, minute: h.open.minute }).toMillis();
        close =
          h.close.hour >= 24 ? next.toMillis() : day.set({ hour: h.close.hour, minute: h.close.minute }).toMillis();
        if (close < open) close = open;
      }
      t.starts.push(start);
      t.opens.push(open);
      t.closes.push(close);
      t.cum.push(cum);
      t.openings.push(openings);
      cum += close - open;
      if (close > open) openings++;
      day = next;
    }
    t.end = day.toMillis();
    return t;
  }
}

function weekdayOf(day: DateTime): Weekday {
  return WEEKDAYS[day.weekday - 1];
}

/** The last day whose local midnight is at or before `ms`. */
function dayIndex(t: DayTable, ms: number): number {
  let lo = 0;
  let hi = t.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (t.starts[mid] <= ms) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Business ms from the table's start to `ms`. */
function businessBefore(t: DayTable, ms: number): number {
  const i = dayIndex(t, ms);
  return t.cum[i] + Math.min(Math.max(ms - t.opens[i], 0), t.closes[i] - t.opens[i]);
}

function openingsUpTo(t: DayTable, ms: number): number {
  const i = dayIndex(t, ms);
  return t.openings[i] + (t.closes[i] > t.opens[i] && ms >= t.opens[i] ? 1 : 0);
}

/** The first day whose running total at its close reaches `target` (a school day, as target > 0), or -1. */
function firstDayEndingAtOrAfter(t: DayTable, target: number): number {
  let lo = 0;
  let hi = t.starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (t.cum[mid] + (t.closes[mid] - t.opens[mid]) >= target) hi = mid;
    else lo = mid + 1;
  }
  return lo < t.starts.length ? lo : -1;
}
