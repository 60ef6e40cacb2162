/**
 * Deployments left running with nobody running them: after a restart (every one still marked running gets a runner
 * job; the lease decides who runs) and, every `deploy.resumeCheckSeconds`, those whose lease expired a lease ago.
 */
import type { JobScheduler } from '../core/job-scheduler';
import { DEPLOY_RUN_JOB } from '../core/job-names';
import { Deployment, type DeploymentDoc } from './deployment.model';

/** The unique key of the one pending watchdog run of a deployment. */
export function deployWatchKey(id: DeploymentDoc['_id'] | string): string {
  return `deploy-watch:${String(id)}`;
}

/** Schedules the runner for every deployment still running (after a restart; the lease decides who runs). */
export async function resumeOrphans(jobs: JobScheduler): Promise<number> {
  const running = await Deployment.find({ state: 'running' }).lean<DeploymentDoc[]>();
  for (const d of running) await jobs.now(DEPLOY_RUN_JOB, { deploymentId: String(d._id) });
  return running.length;
}

/**
 * Running deployments that nobody runs: the lease expired more than a lease ago (or was never
 * taken, a lease after creation). Each gets a runner job now, under the same unique key as the
 * busy watchdog, so repeated checks replace rather than pile up. The lease still decides who runs.
 */
export async function resumeStalled(jobs: JobScheduler, leaseMs: number): Promise<string[]> {
  const cutoff = Date.now() - leaseMs;
  const running = await Deployment.find({ state: 'running' }).lean<DeploymentDoc[]>();
  const stalled = running.filter((d) => (d.leaseUntil ?? d.createdAt).getTime() < cutoff);
  for (const d of stalled)
    await jobs.at(DEPLOY_RUN_JOB, new Date(), { deploymentId: String(d._id) }, deployWatchKey(d._id));
  return stalled.map((d) => String(d._id));
}
