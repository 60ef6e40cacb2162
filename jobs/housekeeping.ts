import type { JobDefinition } from './job';
import type { Services } from '../commands/services';

export const HOUSEKEEPING_JOB = 'housekeeping';

/**
 * Nightly: deletes claims, inbound receipts and heartbeats nothing can read again, and logs how
 * many of each. Idempotent (deletes by filter), so a run repeated after a crash does no harm.
 */
export const housekeepingJob: JobDefinition<Record<string, never>> = {
  name: HOUSEKEEPING_JOB,
  async run({ services, log, touch }) {
    const r = await services.housekeeping.run(touch);
    log.info({ cutoff: r.cutoff.toISOString(), deleted: r.deleted }, 'housekeeping: old bookkeeping deleted');
  },
};

/**
 * Call once at startup (after the jobs are defined): schedules the repeating run on
 * `housekeeping.cron` (one job for all processes: the unique key), or cancels it when disabled.
 * Nightly rather than hourly: the retention is counted in days, so more runs delete nothing more,
 * and each run scans `claims` (FerretDB does every query as a scan) outside the school day.
 */
export async function scheduleHousekeepingJob(services: Services): Promise<void> {
  const settings = services.config.housekeeping;
  if (settings.enabled) {
    await services.jobs.every(HOUSEKEEPING_JOB, settings.cron, {}, { timezone: services.config.organisation.timezone, uniqueKey: HOUSEKEEPING_JOB });
  } else {
    await services.jobs.cancel(HOUSEKEEPING_JOB);
  }
}
