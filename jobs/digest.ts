import type { JobDefinition } from './job';
import { DIGEST_JOB } from '../src/core/job-names';

/**
 * The morning digest: posts today's digest if due (once per school day), then schedules the next
 * run from the business calendar (holidays and DST handled there, not by cron). At start-up the
 * next digest is scheduled (at once if today's was missed while the bot was down).
 */
export const digestJob: JobDefinition<Record<string, never>> = {
  name: DIGEST_JOB,
  async run({ services, log }) {
    const r = await services.digest.runScheduled();
    log.info({ day: r.day, posted: r.posted, reason: r.reason, next: r.next?.toISOString() }, 'digest job');
  },
  atStart: async (services) => {
    await services.digest.ensureScheduled();
  },
};
