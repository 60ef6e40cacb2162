import type { JobDefinition } from './job';
import { DEPLOY_CHASE_JOB } from '../src/core/job-names';

/** One chase round for a deployment: retry the chase list, report, reschedule until the policy ends. */
export const deployChaseJob: JobDefinition<{ deploymentId: string }> = {
  name: DEPLOY_CHASE_JOB,
  lockLifetimeMs: 30 * 60_000,
  async run({ data, services, log }) {
    const r = await services.deployments.chaseRun(String(data.deploymentId));
    log.info(
      { deployment: data.deploymentId, retried: r.retried, recovered: r.recovered.length, left: r.left.length },
      'chase round',
    );
  },
};
