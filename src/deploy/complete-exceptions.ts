import { refusal, said } from '../i18n/refusal';
import { claimOnce } from '../db/claim-once';
import { claims } from '../db/claims';
import type { Person } from '../people/person';
import {
  Deployment,
  deploymentLabelSaid,
  deploymentStateSaid,
  ENDED_DEPLOYMENT_STATES,
  type DeploymentDoc,
} from './deployment.model';
import { moveRfc, type CompletionDeps } from './rfc-completion';
import { rfcProgress, type RfcProgress } from './rfc-progress';
import { firstFew } from './render-hosts';

/** Stored in the RFC's history and on the follow-up records: data written once in English. */
export const STORED = {
  completed: (name: string, progress: RfcProgress, exceptions: readonly string[]) =>
    `completed with exceptions by ${name}: ${progress.succeeded.length}/${progress.total} succeeded; ` +
    `${exceptions.length} exception(s): ${firstFew(exceptions)}`,
  incidentText: (key: string, d: Pick<DeploymentDoc, 'package'>, o: { host: string; state: string; error?: string }) =>
    `${key} was completed with exceptions: ${d.package.name} ${d.package.version} did not reach ` +
    `${o.host} (${o.state}${o.error ? `: ${o.error}` : ''}).`,
  problemTitle: (key: string, d: Pick<DeploymentDoc, 'package'>, exceptions: readonly string[]) =>
    `${key}: ${d.package.name} ${d.package.version} not on ${exceptions.length} host(s): ${firstFew(exceptions)}`,
};

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
  if (!rfc) throw refusal('PRECONDITION', said('pre.unknownRfc', { key: rfcKey }), said('pre.unknownRfcFix'));
  if (rfc.state !== 'deploying')
    throw refusal(
      'INVALID_STATE',
      said('complete.notDeploying', { key: rfcKey, state: rfc.state }),
      said('at.noWindowFix', { key: rfcKey }),
    );
  const d = await deps.latest(rfcKey, 'deploy');
  if (!d) throw refusal('PRECONDITION', said('dep.none', { key: rfcKey }), said('dep.noneFix', { key: rfcKey }));
  if (!ENDED_DEPLOYMENT_STATES.includes(d.state))
    throw refusal(
      'INVALID_STATE',
      said('complete.notEnded', { label: deploymentLabelSaid(d), state: deploymentStateSaid(d.state), key: rfcKey }),
      said('complete.notEndedFix', { key: rfcKey }),
    );
  const progress = await rfcProgress(deps.inventory, rfc);
  const exceptions = progress.open.map((o) => o.host);
  if (!(await claimOnce(claims.deployExceptions(d._id), `${person.name}`)))
    throw refusal('INVALID_STATE', said('complete.already', { key: rfcKey }), said('pilot.statusFix', { key: rfcKey }));
  const record = { hosts: exceptions, by: person.name, at: now, followUp: [] as string[] };
  await Deployment.updateOne({ _id: d._id }, { $set: { exceptions: record } });
  await moveRfc(deps, d, 'deployed', STORED.completed(person.name, progress, exceptions));
  return { d: { ...d, exceptions: record }, progress, exceptions };
}

/** The follow-up opened for the exceptions (incident or problem keys), recorded with them. */
export async function recordFollowUp(d: Pick<DeploymentDoc, '_id'>, keys: readonly string[]): Promise<void> {
  await Deployment.updateOne({ _id: d._id }, { $set: { 'exceptions.followUp': [...keys] } });
}
