import { z } from 'zod';

/** Five cron fields (minute hour day month weekday), or six with seconds first. */
const cron = z
  .string()
  .regex(/^\S+(\s+\S+){4,5}$/u, 'expected a cron expression such as "30 3 * * *" (minute hour day month weekday)');

/**
 * The nightly `housekeeping` job (src/maintenance/housekeeping-service.ts): deletes bookkeeping
 * that can never be needed again, so `claims`, `inbound_receipts` and `heartbeats` stay bounded.
 */
export const housekeepingSection = z
  .object({
    /** Schedule the job at start-up; false cancels it (nothing is pruned then). */
    enabled: z.boolean().default(true),
    /**
     * Age (days) after which finished inbound receipts and time-bounded claims are deleted. They
     * matter for minutes to hours; the rest of the month is kept for looking into "was this run, was
     * this delivered?".
     */
    keepDays: z.number().int().min(1).max(3650).default(30),
    /** When it runs, in the organisation's time zone (03:30: after the night, clear of DST's 02:00–03:00). */
    cron: cron.default('30 3 * * *'),
  })
  .strict();

export type HousekeepingConfig = z.infer<typeof housekeepingSection>;
