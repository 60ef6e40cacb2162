import { z } from 'zod';

/** Five cron fields (minute hour day month weekday), or six with seconds first. */
const cron = z
  .string()
  .regex(/^\S+(\s+\S+){4,5}$/u, 'expected a cron expression such as "30 3 * * *" (minute hour day month weekday)');

/**
 * The nightly `housekeeping` job (src/maintenance/housekeeping-service.ts): deletes bookkeeping
 * that can never be needed again, so `claims`, `inbound_receipts`, `heartbeats`, `comment_sources`
 * and `fix_questions` stay bounded.
 */
export const housekeepingSection = () =>
  z
    .object({
      /** Schedule the job at start-up; false cancels it (nothing is pruned then). */
      enabled: z.boolean().default(true),
      /**
       * Age (days) after which finished inbound receipts and time-bounded claims are deleted. They
       * matter for minutes to hours; the rest of the month is kept for looking into "was this run, was
       * this delivered?".
       */
      keepDays: z.number().int().min(1).max(3650).default(30),
      /**
       * Age (days) after which the link from a chat message to the comment it became is deleted, once
       * its case is closed: until then deleting or editing the message changes the comment (a message
       * holding a password deleted months later). A school year by default.
       */
      commentSourceDays: z.number().int().min(1).max(3650).default(365),
      /** When it runs, in the organisation's time zone (03:30: after the night, clear of DST's 02:00–03:00). */
      cron: cron.default('30 3 * * *'),
    })
    .strict();

export type HousekeepingConfig = z.infer<ReturnType<typeof housekeepingSection>>;
