import type { Config } from '../config/schema';
import { BusinessCalendar } from './business-calendar';
import { parseHolidays } from './holidays';

/** The organisation's business calendar from `digest.calendar` (zone defaults to organisation.timezone). */
export function calendarFromConfig(config: Config): BusinessCalendar {
  const c = config.digest.calendar;
  return new BusinessCalendar({
    timezone: c.timezone ?? config.organisation.timezone,
    hours: c.hours,
    holidays: parseHolidays(c.holidays),
  });
}
