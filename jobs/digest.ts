import type { JobDefinition } from './job';
import type { Services } from '../commands/services';
import { DIGEST_JOB } from '../src/digest/digest-service';
import { SLA_CHECK_JOB } from './sla-check';

/**
 * The morning digest: posts today's digest if due (once per school day), then schedules the next
 * run from the business calendar (holidays and DST handled there, not by cron).
 */
export const digestJob: JobDefinition<Record<string, never>> = {
  name: DIGEST_JOB,
  async run({ services, log }) {
    const r = await services.digest.runScheduled();
    log.info({ day: r.day, posted: r.posted, reason: r.reason, next: r.next?.toISOString() }, 'digest job');
  },
};

/**
 * Call once at startup (after the jobs are defined): schedules the next digest (at once if
 * today's was missed while the bot was down) and the recurring SLA check.
 */
export async function scheduleDigestJobs(services: Services): Promise<void> {
  await services.digest.ensureScheduled();
  const sla = services.config.digest.sla;
  if (sla.enabled) {
    await services.jobs.every(SLA_CHECK_JOB, sla.checkCron, {}, { timezone: services.calendar.timezone, uniqueKey: SLA_CHECK_JOB });
  } else {
    await services.jobs.cancel(SLA_CHECK_JOB);
  }
}
