import { CHASE_STATES, type DeploymentDoc, type TargetDoc } from './deployment.model';
import { readTargets } from './target-book';
import type { ChaseEntry } from './progress';
import { withOutcomes } from './target-fold';

/** Failed, unreachable, changed-key and timed-out targets not dropped by hand. */
export async function chaseEntries(deploymentId: DeploymentDoc['_id']): Promise<ChaseEntry[]> {
  return toChaseEntries(await readTargets(deploymentId));
}

/** The chase list of targets already known (a runner's own, at its end): their outcomes read by `_id`. */
export async function toChaseEntries(
  targets: readonly Pick<TargetDoc, 'deploymentId' | 'host' | 'attempts' | 'state' | 'dropped' | 'error'>[],
): Promise<ChaseEntry[]> {
  const listed = targets
    .filter((t) => CHASE_STATES.includes(t.state) && !t.dropped)
    .sort((a, b) => (a.host < b.host ? -1 : a.host > b.host ? 1 : 0));
  return (await withOutcomes(listed)).map((t) => ({ host: t.host, state: t.state, error: t.error ?? undefined }));
}
