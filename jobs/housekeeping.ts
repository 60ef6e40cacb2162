import type { JobDefinition } from './job';
import { HOUSEKEEPING_JOB } from '../src/core/job-names';

/**
 * Nightly: deletes claims, inbound receipts and heartbeats nothing can read again, and logs how
 * many of each. Idempotent (deletes by filter), so a run repeated after a crash does no harm.
 */
export const housekeepingJob: JobDefinition<Record<string, never>> = {
  name: HOUSEKEEPING_JOB,
  async run({ services, log, touch }) {
    const r = await services.housekeeping.run(touch);
    log.info(
      { cutoff: r.cutoff.toISOString(), deleted: r.deleted, rollupsRepaired: r.rollupsRepaired },
      'housekeeping: old bookkeeping deleted',
    );
  },
  // Nightly rather than hourly: the retention is counted in days, so more runs delete nothing more,
  // and each run scans `claims` (FerretDB does every query as a scan) outside the school day.
  repeat: ({ config }) =>
    config.housekeeping.enabled
      ? { every: config.housekeeping.cron, timezone: config.organisation.timezone }
      : undefined,
};
