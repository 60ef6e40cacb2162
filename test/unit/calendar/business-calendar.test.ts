import fc from 'fast-check';
import { BusinessCalendar } from '../../../src/calendar/business-calendar';
import { calendarFromConfig } from '../../../src/calendar/calendar-from-config';
import { parseHolidays } from '../../../src/calendar/holidays';
import { parseConfig } from '../../../src/config/load-config';

const H = 3_600_000;
const weekdays = { mon: '08:00-16:00', tue: '08:00-16:00', wed: '08:00-16:00', thu: '08:00-16:00', fri: '08:00-16:00' };
/** Oslo: Norwegian Easter 2026 (Maundy Thursday to Easter Monday) and Constitution Day. */
const oslo = new BusinessCalendar({
  timezone: 'Europe/Oslo',
  hours: weekdays,
  holidays: parseHolidays(['2026-04-02..2026-04-03', { from: '2026-04-06', name: 'Easter Monday' }, '2026-05-17']),
});
const iso = (d: Date) => d.toISOString();

describe('BusinessCalendar: next local time on school days', () => {
  it('gives the next 10 digest runs at 07:30 across the March DST change and Easter', () => {
    // Wed 25 March 2026 09:00 Oslo (CET, UTC+1); summer time starts Sun 29 March.
    const runs = oslo.nextLocalTimes(new Date('2026-03-25T08:00:00Z'), '07:30', 10);
    expect(runs.map(iso)).toEqual([
      '2026-03-26T06:30:00.000Z', // Thu, CET
      '2026-03-27T06:30:00.000Z', // Fri, CET
      '2026-03-30T05:30:00.000Z', // Mon, CEST: still 07:30 on the wall clock
      '2026-03-31T05:30:00.000Z',
      '2026-04-01T05:30:00.000Z', // Wed; Thu 2, Fri 3 and Mon 6 April are holidays
      '2026-04-07T05:30:00.000Z',
      '2026-04-08T05:30:00.000Z',
      '2026-04-09T05:30:00.000Z',
      '2026-04-10T05:30:00.000Z',
      '2026-04-13T05:30:00.000Z',
    ]);
    for (const r of runs) expect(oslo.local(r).toFormat('HH:mm')).toBe('07:30');
  });

  it('keeps 07:30 local across the October DST change (last Sunday, 25 Oct 2026)', () => {
    const runs = oslo.nextLocalTimes(new Date('2026-10-22T12:00:00Z'), '07:30', 3);
    expect(runs.map(iso)).toEqual(['2026-10-23T05:30:00.000Z', '2026-10-26T06:30:00.000Z', '2026-10-27T06:30:00.000Z']);
  });

  it('is strictly after the given instant and honours a weekday filter', () => {
    const at = new Date('2026-03-26T06:30:00Z');
    expect(iso(oslo.nextLocalTime(at, '07:30'))).toBe('2026-03-27T06:30:00.000Z');
    expect(iso(oslo.nextLocalTime(at, '07:30', ['mon']))).toBe('2026-03-30T05:30:00.000Z');
  });

  it('moves a local time that DST skips forward with the clock', () => {
    const weekend = new BusinessCalendar({ timezone: 'Europe/Oslo', hours: { sun: '00:00-23:00' }, holidays: [] });
    // 02:30 does not exist on 29 March 2026 in Oslo: the clock jumps from 02:00 to 03:00.
    const at = weekend.nextLocalTime(new Date('2026-03-28T12:00:00Z'), '02:30');
    expect(weekend.local(at).toFormat('yyyy-LL-dd HH:mm')).toBe('2026-03-29 03:30');
  });
});

describe('BusinessCalendar: business time', () => {
  it('counts only school hours, skipping weekends and holidays', () => {
    // Wed 1 April 15:00 CEST -> Tue 7 April 10:00 CEST: 1 h Wed, Easter, 2 h Tue.
    expect(oslo.businessMsBetween(new Date('2026-04-01T13:00:00Z'), new Date('2026-04-07T08:00:00Z'))).toBe(3 * H);
    // Fri 27 March 15:00 CET -> Mon 30 March 09:00 CEST across the DST weekend: 1 h + 1 h.
    expect(oslo.businessMsBetween(new Date('2026-03-27T14:00:00Z'), new Date('2026-03-30T07:00:00Z'))).toBe(2 * H);
    expect(oslo.businessMsBetween(new Date('2026-03-30T07:00:00Z'), new Date('2026-03-27T14:00:00Z'))).toBe(0);
    // Saturday to Sunday: nothing.
    expect(oslo.businessMsBetween(new Date('2026-03-28T08:00:00Z'), new Date('2026-03-29T20:00:00Z'))).toBe(0);
  });

  it('measures a school day on a DST change day as the real elapsed time', () => {
    const night = new BusinessCalendar({ timezone: 'Europe/Oslo', hours: { sun: '00:00-04:00' }, holidays: [] });
    const sunday = (d: string) =>
      night.businessMsBetween(new Date(`${d}T00:00:00+01:00`), new Date(`${d}T12:00:00+01:00`));
    expect(sunday('2026-03-22')).toBe(4 * H);
    expect(sunday('2026-03-29')).toBe(3 * H); // spring forward: 02:00-03:00 does not exist
    expect(night.businessMsBetween(new Date('2026-10-24T22:00:00Z'), new Date('2026-10-25T12:00:00Z'))).toBe(5 * H); // fall back
  });

  it('adds business time to find due times', () => {
    // Fri 27 March 15:00 CET + 2 h -> Mon 30 March 09:00 CEST.
    expect(iso(oslo.addBusinessTime(new Date('2026-03-27T14:00:00Z'), 2 * H))).toBe('2026-03-30T07:00:00.000Z');
    // Evening + 30 min -> 08:30 next school day (Wed 1 April 18:00 -> Tue 7 April 08:30).
    expect(iso(oslo.addBusinessTime(new Date('2026-04-01T16:00:00Z'), 0.5 * H))).toBe('2026-04-07T06:30:00.000Z');
    // Exactly a full day from the opening ends at that day's close, not the next morning.
    expect(iso(oslo.addBusinessTime(new Date('2026-03-31T06:00:00Z'), 8 * H))).toBe('2026-03-31T14:00:00.000Z');
    expect(iso(oslo.addBusinessTime(new Date('2026-03-28T10:00:00Z'), 0))).toBe('2026-03-28T10:00:00.000Z');
  });

  it('addBusinessTime and businessMsBetween agree (property)', () => {
    const start = Date.parse('2025-01-01T00:00:00Z');
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 800 * 24 * 60 }),
        fc.integer({ min: 1, max: 200 * 60 }),
        (minuteOffset, minutes) => {
          const from = new Date(start + minuteOffset * 60_000);
          const due = oslo.addBusinessTime(from, minutes * 60_000);
          expect(due.getTime()).toBeGreaterThan(from.getTime());
          expect(oslo.businessMsBetween(from, due)).toBe(minutes * 60_000);
          // The due time is inside school hours or at a closing time.
          expect(oslo.isOpen(new Date(due.getTime() - 1))).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('knows school days, holidays and opening hours', () => {
    expect(oslo.isSchoolDay('2026-04-01')).toBe(true);
    expect(oslo.isSchoolDay('2026-04-02')).toBe(false);
    expect(oslo.isSchoolDay('2026-04-04')).toBe(false); // Saturday
    expect(oslo.holiday('2026-04-06')?.name).toBe('Easter Monday');
    expect(oslo.isOpen(new Date('2026-03-31T05:59:59Z'))).toBe(false);
    expect(oslo.isOpen(new Date('2026-03-31T06:00:00Z'))).toBe(true);
    expect(oslo.isOpen(new Date('2026-03-31T14:00:00Z'))).toBe(false);
  });

  it('counts the school days a case has seen', () => {
    // Created Wed 1 April 15:00; Easter; Tue 7 April opens at 08:00.
    const created = new Date('2026-04-01T13:00:00Z');
    expect(oslo.schoolDaysBetween(created, new Date('2026-04-07T05:59:00Z'))).toBe(0);
    expect(oslo.schoolDaysBetween(created, new Date('2026-04-07T06:00:00Z'))).toBe(1);
    expect(oslo.schoolDaysBetween(created, new Date('2026-04-10T12:00:00Z'))).toBe(4);
  });

  it('rejects a calendar without school hours and bad holiday ranges', () => {
    expect(() => new BusinessCalendar({ timezone: 'Europe/Oslo', hours: {}, holidays: [] })).toThrow(
      /no school hours/u,
    );
    expect(() => parseHolidays(['2026-05-02..2026-05-01'])).toThrow(/ends before/u);
  });
});

describe('calendarFromConfig', () => {
  it('reads digest.calendar with the organisation time zone as default', () => {
    const config = parseConfig({
      organisation: { timezone: 'Europe/Oslo' },
      digest: { calendar: { hours: { mon: '08:00-12:00' }, holidays: ['2026-03-30'] } },
    });
    const cal = calendarFromConfig(config);
    expect(cal.timezone).toBe('Europe/Oslo');
    expect(cal.isSchoolDay('2026-03-30')).toBe(false);
    expect(cal.isSchoolDay('2026-04-06')).toBe(true);
    expect(cal.isSchoolDay('2026-04-07')).toBe(false);
    expect(() => parseConfig({ digest: { calendar: { hours: { mon: '16:00-08:00' } } } })).toThrow(
      /end must be after/u,
    );
  });
});
