import { z } from 'zod';
import { isTimeZone } from '../../core/time-zone';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const hhmm = /^([01]\d|2[0-3]):[0-5]\d$/u;
const isoDate = /^\d{4}-\d{2}-\d{2}$/u;

const localTime = z.string().regex(hhmm, 'config.expect.localTime');
const localDate = z.string().regex(isoDate, 'config.expect.date');

/** "08:00-16:00": school hours on one weekday. */
const hoursRange = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$/u, 'config.expect.schoolHours')
  .refine((s) => s.slice(0, 5) < s.slice(6), { message: 'config.expect.endAfterStart' });

/** A holiday: "2026-05-17", "2026-12-21..2027-01-01", or { from, to, name }. */
const holiday = z.union([
  localDate,
  z.string().regex(/^\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2}$/u, 'config.expect.dateRange'),
  z.object({ from: localDate, to: localDate.optional(), name: z.string().optional() }).strict(),
]);

/** An IANA time zone (checked without loading ICU's formatting data when the name is canonical). */
export const zone = z.string().refine(isTimeZone, { message: 'config.expect.timezone' });

const targetHours = z.number().positive().max(10_000);

/** Response and resolution targets of one priority, in business (school) hours. */
const slaTarget = z.object({ response: targetHours, resolution: targetHours }).strict();

export const DEFAULT_SCHOOL_HOURS: Record<Weekday, string | null> = {
  mon: '08:00-16:00',
  tue: '08:00-16:00',
  wed: '08:00-16:00',
  thu: '08:00-16:00',
  fri: '08:00-16:00',
  sat: null,
  sun: null,
};

/** Calendar (school hours, holidays), daily digest schedule, SLA targets, statistics. */
export const digestSection = z
  .object({
    calendar: z
      .object({
        /** Defaults to organisation.timezone. */
        timezone: zone.optional(),
        /** School hours per weekday; a missing or null day has none (not a school day). */
        hours: z.partialRecord(z.enum(WEEKDAYS), hoursRange.nullable()).default(DEFAULT_SCHOOL_HOURS),
        holidays: z.array(holiday).default([]),
      })
      .strict()
      .prefault({}),
    enabled: z.boolean().default(true),
    /** Local time of the morning digest, on school days. */
    time: localTime.default('07:30'),
    /** Weekdays the digest may post (holidays and days without school hours are always skipped). */
    days: z.array(z.enum(WEEKDAYS)).min(1).default(['mon', 'tue', 'wed', 'thu', 'fri']),
    /** Named channels (see `channels:`) the digest goes to. */
    channels: z.array(z.string().min(1)).min(1).default(['operators']),
    /** How many items each list shows before "and N more". */
    topItems: z.number().int().min(1).max(20).default(5),
    chart: z
      .object({ enabled: z.boolean().default(true), days: z.number().int().min(7).max(90).default(30) })
      .strict()
      .prefault({}),
    sla: z
      .object({
        enabled: z.boolean().default(true),
        /** Warn the assignee when this share of a target is used. */
        warnAt: z.number().gt(0).lt(1).default(0.75),
        /** Named channel that hears about breaches. */
        escalateTo: z.string().min(1).default('operators'),
        /** Cron (in the organisation's time zone) of the SLA check. */
        checkCron: z.string().min(9).default('*/5 * * * *'),
        targets: z
          .object({
            P1: slaTarget.default({ response: 0.5, resolution: 4 }),
            P2: slaTarget.default({ response: 1, resolution: 8 }),
            P3: slaTarget.default({ response: 4, resolution: 24 }),
            P4: slaTarget.default({ response: 8, resolution: 80 }),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    stats: z
      .object({
        /** Period `stats` shows without an argument: "7d", "30d", "term" … */
        defaultPeriod: z.string().default('30d'),
        /** A category with at least this many cases in the period is called recurring. */
        recurringMin: z.number().int().min(2).default(5),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type DigestConfig = z.infer<typeof digestSection>;
export type HolidayConfig = z.infer<typeof holiday>;
