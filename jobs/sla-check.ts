import type { JobDefinition } from './job';

export const SLA_CHECK_JOB = 'sla-check';

/** Warns assignees near their SLA targets and escalates breaches, once per case and threshold. */
export const slaCheckJob: JobDefinition<Record<string, never>> = {
  name: SLA_CHECK_JOB,
  async run({ services, log, touch }) {
    const r = await services.sla.check();
    await touch();
    if (r.sent.length) log.info({ checked: r.checked, sent: r.sent }, 'SLA alerts sent');
  },
};
