import type { JobDefinition } from './job';
import { DEPLOY_RECONCILE_JOB, DEPLOY_RESUME_JOB, DEPLOY_RUN_JOB } from '../src/core/job-names';
import { deployWatchKey } from '../src/deploy/deployment-recovery';

/**
 * Runs or resumes one deployment. Thin: the lease in the deployment document decides which
 * process runs it. When another runner holds a live lease, a watchdog run is scheduled just after
 * that lease would expire, so a runner that died is replaced. The lock outlives the longest gap
 * between touches (one script's timeout plus the connect timeout); the runner touches as targets finish.
 */
export const deployRunJob: JobDefinition<{ deploymentId: string }> = {
  name: DEPLOY_RUN_JOB,
  concurrency: 4,
  lockLifetimeMs: 30 * 60_000,
  async run({ data, services, touch, log }) {
    const r = await services.deployments.run(String(data.deploymentId), touch);
    if (r.kind === 'busy') {
      await services.jobs.at(
        DEPLOY_RUN_JOB,
        new Date(r.leaseUntil.getTime() + 1000),
        { deploymentId: String(data.deploymentId) },
        deployWatchKey(data.deploymentId),
      );
    }
    log.info({ deployment: data.deploymentId, result: r.kind }, 'deploy run');
  },
};

/**
 * Every `deploy.resumeCheckSeconds`: a runner for each running deployment nobody runs (its runner
 * failed). At start-up, every deployment still marked running gets a runner (resume after a crash).
 */
export const deployResumeJob: JobDefinition<Record<string, never>> = {
  name: DEPLOY_RESUME_JOB,
  async run({ services, log }) {
    const resumed = await services.deployments.resumeStalled();
    if (resumed.length) log.warn({ deployments: resumed }, 'stalled deployments resumed');
  },
  atStart: async (services) => {
    await services.deployments.resumeOrphans();
  },
  repeat: ({ config, calendar }) => ({
    every: `${config.deploy.resumeCheckSeconds} seconds`,
    timezone: calendar.timezone,
  }),
};

/**
 * Every `deploy.reconcileSeconds`: a `/deploy` that never said it started (older than
 * `deploy.startTimeoutSeconds`) is recorded failed and never runs; an RFC deploying whose
 * deployment ended or never existed is scheduled again. Each repair is said in the channel.
 */
export const deployReconcileJob: JobDefinition<Record<string, never>> = {
  name: DEPLOY_RECONCILE_JOB,
  async run({ services, log }) {
    const repaired = await services.deployments.reconcile();
    if (repaired.length) log.warn({ repaired }, 'deployment starts reconciled');
  },
  repeat: ({ config, calendar }) => ({
    every: `${config.deploy.reconcileSeconds} seconds`,
    timezone: calendar.timezone,
  }),
};
