import type { JobDefinition } from './job';
import { CLOSE_RESOLVED_JOB } from '../src/core/job-names';
import { closeUnconfirmed } from '../src/tickets/auto-close';

/**
 * Hourly on school days: closes resolved cases nobody confirmed or reopened within
 * `tickets.autoCloseSchoolDays` school days, and tells their reporters. Idempotent (a closed case
 * is no longer resolved), so a run repeated after a crash closes nothing twice.
 */
export const closeResolvedJob: JobDefinition<Record<string, never>> = {
  name: CLOSE_RESOLVED_JOB,
  async run({ services, log, touch }) {
    const closed = await closeUnconfirmed(services);
    await touch();
    if (closed.length) log.info({ closed }, 'resolved cases closed after the confirmation time');
  },
  repeat: ({ config }) =>
    config.tickets.autoCloseSchoolDays > 0
      ? { every: '15 7-17 * * 1-5', timezone: config.organisation.timezone }
      : undefined,
};
