import type { JobDefinition } from './job';
import { SLA_CHECK_JOB } from '../src/core/job-names';

/** Warns assignees near their SLA targets and escalates breaches, once per case and threshold. */
export const slaCheckJob: JobDefinition<Record<string, never>> = {
  name: SLA_CHECK_JOB,
  async run({ services, log, touch }) {
    const r = await services.sla.check();
    await touch();
    if (r.sent.length) log.info({ checked: r.checked, sent: r.sent }, 'SLA alerts sent');
  },
  repeat: ({ config, calendar }) =>
    config.digest.sla.enabled ? { every: config.digest.sla.checkCron, timezone: calendar.timezone } : undefined,
};
