import type { HolidayConfig } from '../config/sections/digest';

/** One holiday or holiday period, both ends inclusive, as ISO dates ("2026-12-21"). */
export interface HolidayRange {
  from: string;
  to: string;
  name?: string;
}

/** Config entries ("2026-05-17", "2026-12-21..2027-01-01", { from, to, name }) as sorted ranges. */
export function parseHolidays(entries: readonly HolidayConfig[]): HolidayRange[] {
  const ranges = entries.map((e): HolidayRange => {
    if (typeof e === 'string') {
      const [from, to = from] = e.split('..');
      return { from, to };
    }
    return { from: e.from, to: e.to ?? e.from, ...(e.name ? { name: e.name } : {}) };
  });
  for (const r of ranges) {
    if (r.to < r.from) throw new Error(`holiday ${r.from}..${r.to} ends before it starts`);
  }
  return ranges.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
}

/** The holiday covering an ISO date, if any. ISO dates compare correctly as strings. */
export function holidayOn(ranges: readonly HolidayRange[], isoDate: string): HolidayRange | undefined {
  for (const r of ranges) {
    if (r.from > isoDate) return undefined;
    if (isoDate <= r.to) return r;
  }
  return undefined;
}
