import type { Logger } from 'pino';
import type { Clock } from '../core/clock';
import { claimStep } from '../db/claim-step';
import { claims } from '../db/claims';
import type { AuditEntry } from './change-audit.model';
import type { TransitionOptions } from './change-edits';
import type { ChangeState } from './change-lifecycle';
import { policyError, transitionDecision, type PolicySettings } from './change-policy';
import { Rfc, type RfcDoc } from './rfc.model';
import { refusal, said } from '../i18n/refusal';
import { joined } from './render-policy';

/** Called after every transition (the CCB card follows the change); a failure is logged, never undoes it. */
export type TransitionListener = (rfc: RfcDoc, from: ChangeState) => Promise<void>;

/** What a transition needs of the change service. */
export interface TransitionHost {
  clock: Clock;
  log: Logger;
  /** This process, as the owner of the step claims. */
  owner: string;
  policy(): PolicySettings;
  record(entry: Pick<AuditEntry, 'rfcKey' | 'actorId' | 'kind' | 'from' | 'to' | 'reason' | 'data'>): Promise<unknown>;
  listeners: readonly TransitionListener[];
}

/**
 * The transition itself (the caller holds the RFC's lock, `withKeyLock('rfc:<key>')`, and read `rfc` under it). The
 * change policy's invariant is checked on the RFC as it would be written (`transitionDecision`): a change reaches
 * approved, built, release-vote, scheduled or deploying only with an approval that holds for exactly its content.
 * Decided once: the step (`stateSeq`) is claimed by a unique insert before the guarded update, so two concurrent
 * transitions cannot both win, on MongoDB or FerretDB. `expectFrom` refuses unless the change is still in one of
 * those states (vote decisions).
 */
export async function transitionRfc(
  host: TransitionHost,
  rfc: RfcDoc,
  to: ChangeState,
  actor: { personId: string },
  reason: string,
  opts: TransitionOptions,
): Promise<RfcDoc> {
  if (opts.expectFrom && !opts.expectFrom.includes(rfc.state)) {
    const was = joined(opts.expectFrom, 'policy.or');
    throw refusal('INVALID_STATE', said('rfc.err.movedOn', { key: rfc.key, state: rfc.state, was }));
  }
  const after = { ...rfc, ...(opts.set ?? {}), state: to } as RfcDoc;
  for (const f of opts.unset ?? []) delete (after as unknown as Record<string, unknown>)[f];
  const d = transitionDecision(rfc, to, after, host.policy(), actor.personId);
  if (!d.ok) throw policyError(d);
  const seq = rfc.stateSeq + 1;
  const now = host.clock.now();
  // A transition's claim left by a killed process is taken over once its heartbeat is stale (a ballot's close taken
  // over at once must be able to move the change).
  if (!(await claimStep(claims.rfcState(rfc._id, seq), host.owner, now, undefined, { heartbeat: true }))) {
    throw refusal(
      'CONFLICT',
      said('rfc.err.sameMoment', { key: rfc.key }),
      said('rfc.err.sameMomentFix', { key: rfc.key }),
    );
  }
  const unset = opts.unset?.length ? { $unset: Object.fromEntries(opts.unset.map((f) => [f, ''])) } : {};
  const firstDeployed = to === 'deployed' && !rfc.deployedAt ? { deployedAt: now } : {};
  const updated = await Rfc.findOneAndUpdate(
    { _id: rfc._id, state: rfc.state, stateSeq: rfc.stateSeq },
    {
      $set: { ...(opts.set ?? {}), ...firstDeployed, state: to, stateSeq: seq, stateAt: now, updatedAt: now },
      ...unset,
    },
    { returnDocument: 'after', runValidators: true },
  ).lean<RfcDoc>();
  if (!updated) throw refusal('CONFLICT', said('rfc.err.sameMoment', { key: rfc.key }));
  await host.record({
    rfcKey: rfc.key,
    actorId: actor.personId,
    kind: 'transition',
    from: rfc.state,
    to,
    reason,
    data: opts.data,
  });
  host.log.info({ rfc: rfc.key, from: rfc.state, to, actor: actor.personId }, 'change transition');
  for (const listen of host.listeners) {
    await listen(updated, rfc.state).catch((err: Error) =>
      host.log.warn({ err: err.message, rfc: rfc.key }, 'a transition listener failed'),
    );
  }
  return updated;
}
