/**
 * The time-zone check the configuration and the business calendar use. It must accept and refuse
 * exactly what `Intl.DateTimeFormat` does (would catch: an alias, another spelling or a mistake
 * judged differently from before), and must not construct a formatter for a canonical name (would
 * catch: an idle bot loading ICU's formatting data, about 8 MiB, just to validate its config).
 */
import fc from 'fast-check';
import { BusinessCalendar } from '../../../src/calendar/business-calendar';
import { parseConfig } from '../../../src/config/load-config';
import { isTimeZone } from '../../../src/core/time-zone';

function formatterAccepts(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

describe('isTimeZone', () => {
  it('accepts canonical names, aliases and other spellings, and refuses mistakes', () => {
    for (const tz of ['Europe/Oslo', 'UTC', 'US/Eastern', 'Etc/GMT+2', 'europe/oslo', 'Europe/Kiev', 'GMT']) {
      expect([tz, isTimeZone(tz)]).toEqual([tz, true]);
    }
    for (const tz of ['Mars/Olympus', 'Europe/Olso', '', 'Oslo', 'Europe/Oslo ']) {
      expect([tz, isTimeZone(tz)]).toEqual([tz, false]);
    }
  });

  it('answers as Intl.DateTimeFormat does (property)', () => {
    const names = Intl.supportedValuesOf('timeZone');
    const tz = fc.oneof(
      fc.constantFrom(...names),
      fc.constantFrom(...names).map((n) => n.toLowerCase()),
      fc.constantFrom(...names).map((n) => `${n}x`),
      fc.string({ maxLength: 20 }),
    );
    fc.assert(
      fc.property(tz, (name) => isTimeZone(name) === formatterAccepts(name)),
      { numRuns: 500 },
    );
  });

  it('builds no date formatter for a canonical name', () => {
    const real = Intl.DateTimeFormat;
    let built = 0;
    Intl.DateTimeFormat = new Proxy(real, {
      construct: (target, args: ConstructorParameters<typeof Intl.DateTimeFormat>) => {
        built += 1;
        return new target(...args);
      },
    });
    try {
      expect(isTimeZone('Europe/Oslo')).toBe(true);
      expect(isTimeZone('Asia/Tokyo')).toBe(true);
      expect(built).toBe(0);
      expect(isTimeZone('Mars/Olympus')).toBe(false);
      expect(built).toBe(1);
    } finally {
      Intl.DateTimeFormat = real;
    }
  });
});

describe('where the configuration and the calendar use it', () => {
  it('refuses an unknown organisation or calendar time zone with the key named', () => {
    expect(() => parseConfig({ organisation: { timezone: 'Mars/Olympus' } })).toThrow(
      /organisation\.timezone: expected an IANA time zone such as "Europe\/Oslo"/u,
    );
    expect(() => parseConfig({ digest: { calendar: { timezone: 'Europe/Olso' } } })).toThrow(
      /digest\.calendar\.timezone: expected an IANA time zone/u,
    );
    expect(parseConfig({ organisation: { timezone: 'US/Eastern' } }).organisation.timezone).toBe('US/Eastern');
  });

  it("the calendar refuses an unknown zone and keeps luxon's fixed offsets", () => {
    const hours = { mon: '08:00-16:00' };
    expect(() => new BusinessCalendar({ timezone: 'Mars/Olympus', hours, holidays: [] })).toThrow(
      'unknown time zone "Mars/Olympus"',
    );
    expect(new BusinessCalendar({ timezone: 'UTC+3', hours, holidays: [] }).timezone).toBe('UTC+3');
  });
});
