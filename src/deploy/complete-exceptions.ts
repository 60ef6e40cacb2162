import { invalidState, preconditionFailed } from '../core/errors';
import { claimOnce } from '../db/claim-once';
import { claims } from '../db/claims';
import type { Person } from '../people/person';
import { Deployment, deploymentLabel, ENDED_DEPLOYMENT_STATES, type DeploymentDoc } from './deployment.model';
import { moveRfc, type CompletionDeps } from './rfc-completion';
import { rfcProgress, type RfcProgress } from './rfc-progress';
import { firstFew } from './render-hosts';

export interface Completed {
  d: DeploymentDoc;
  progress: RfcProgress;
  /** The approved hosts that had not succeeded. */
  exceptions: string[];
}

/**
 * `deploy complete RFC --with-exceptions`: a change manager accepts a deploying RFC below its
 * criterion as it is. Recorded once on its latest deployment (the hosts, who, when), its chase
 * stopped by the caller, and the RFC moves to deployed; the follow-up is the caller's.
 */
export async function completeWithExceptions(
  deps: CompletionDeps & { latest(key: string, kind: 'deploy'): Promise<DeploymentDoc | null> },
  rfcKey: string,
  person: Pick<Person, 'name'>,
  now: Date,
): Promise<Completed> {
  const rfc = await deps.changes()?.get(rfcKey);
  if (!rfc) throw preconditionFailed(`${rfcKey} is not an RFC I know.`, 'Type `rfc list`.');
  if (rfc.state !== 'deploying')
    throw invalidState(
      `${rfcKey} is ${rfc.state}; only a deploying RFC is completed with exceptions.`,
      `Type \`rfc show ${rfcKey}\`.`,
    );
  const d = await deps.latest(rfcKey, 'deploy');
  if (!d) throw preconditionFailed(`${rfcKey} has no deployment yet.`, `Start one with \`deploy ${rfcKey}\`.`);
  if (!ENDED_DEPLOYMENT_STATES.includes(d.state))
    throw invalidState(
      `${deploymentLabel(d)} is ${d.state}; it must end before ${rfcKey} is completed.`,
      `Type \`deploy cancel ${rfcKey}\` first (targets running finish), then this again.`,
    );
  const progress = await rfcProgress(deps.inventory, rfc);
  const exceptions = progress.open.map((o) => o.host);
  if (!(await claimOnce(claims.deployExceptions(d._id), `${person.name}`)))
    throw invalidState(`${rfcKey} was completed with exceptions already.`, `Type \`deploy status ${rfcKey}\`.`);
  const record = { hosts: exceptions, by: person.name, at: now, followUp: [] as string[] };
  await Deployment.updateOne({ _id: d._id }, { $set: { exceptions: record } });
  await moveRfc(
    deps,
    d,
    'deployed',
    `completed with exceptions by ${person.name}: ${progress.succeeded.length}/${progress.total} succeeded; ` +
      `${exceptions.length} exception(s): ${firstFew(exceptions)}`,
  );
  return { d: { ...d, exceptions: record }, progress, exceptions };
}

/** The follow-up opened for the exceptions (incident or problem keys), recorded with them. */
export async function recordFollowUp(d: Pick<DeploymentDoc, '_id'>, keys: readonly string[]): Promise<void> {
  await Deployment.updateOne({ _id: d._id }, { $set: { 'exceptions.followUp': [...keys] } });
}
