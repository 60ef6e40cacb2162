import type { Clock } from '../core/clock';
import type { RfcFieldName } from '../config/sections/changes';
import { withKeyLock } from '../db/keyed-lock';
import type { Person } from '../people/person';
import { approvalRecord } from './approved-content';
import type { ChangeState } from './change-lifecycle';
import {
  confirmDecision,
  editDecision,
  policyError,
  standardDecision,
  type EditEffect,
  type PolicySettings,
} from './change-policy';
import { Rfc, type RfcDoc } from './rfc.model';
import { refusal, said } from '../i18n/refusal';

export interface TransitionOptions {
  /** Fields written with the new state. */
  set?: Record<string, unknown>;
  /** Fields removed with the new state. */
  unset?: readonly string[];
  /** Refuse unless the change is still in one of these states (vote decisions). */
  expectFrom?: readonly ChangeState[];
  data?: Record<string, unknown>;
}

/** What an edit did: the RFC after it, and its effect (set, reopen, recheck) with the fields that reopened the vote. */
export interface EditResult {
  rfc: RfcDoc;
  effect: EditEffect;
  reopened: RfcFieldName[];
}

export interface EditOptions {
  /** False: refuse an edit that would reopen the vote (the steps that set fields on the way). */
  reopen?: boolean;
  /**
   * The command it is part of, for who may do it (`rfc built`, `release` and `schedule` also allow release managers).
   */
  as?: 'edit' | 'built' | 'release' | 'schedule';
}

/** What the edits need of the change service (ChangeService satisfies it). */
export interface ChangeHost {
  require(key: string): Promise<RfcDoc>;
  policy(): PolicySettings;
  assertComplete(rfc: RfcDoc): void;
  record(entry: {
    rfcKey: string;
    actorId: string;
    kind: 'edited' | 'note';
    reason?: string;
    data?: Record<string, unknown>;
  }): Promise<unknown>;
  transition(
    key: string,
    to: ChangeState,
    actor: { personId: string },
    reason: string,
    opts?: TransitionOptions,
  ): Promise<RfcDoc>;
  transitionLocked(
    rfc: RfcDoc,
    to: ChangeState,
    actor: { personId: string },
    reason: string,
    opts: TransitionOptions,
  ): Promise<RfcDoc>;
}

/**
 * Edits fields as the change policy decides (`editDecision`): set them; or, when approved content
 * changes after an approval, set them and reopen the approval vote (back to proposed, the approval
 * cleared; the caller opens the ballot and tells the requester and the CCB); or, for a standard
 * change, set them and re-approve it by its template. Recorded in the audit log with the fields.
 * `reopen: false` refuses an edit that would reopen the vote (the steps that set fields on the way).
 */
export async function editRfc(
  host: ChangeHost,
  clock: Clock,
  key: string,
  actor: Person,
  fields: Partial<Record<RfcFieldName, unknown>>,
  reason: string,
  opts: EditOptions,
): Promise<EditResult> {
  const names = Object.keys(fields) as RfcFieldName[];
  if (!names.length) throw refusal('USAGE', said('rfc.err.nothing'), said('rfc.err.nothingFix'));
  const found = await host.require(key);
  return withKeyLock(`rfc:${found.key}`, async () => {
    const rfc = (await Rfc.findById(found._id).lean<RfcDoc>()) ?? found;
    const d = editDecision(rfc, actor, fields, host.policy(), opts.as);
    if (!d.ok) throw policyError(d);
    if (d.effect === 'reopen' && opts.reopen === false) {
      throw refusal(
        'INVALID_STATE',
        said('rfc.err.reopens', { key: rfc.key, fields: d.reopened.join(', ') }),
        said('rfc.err.reopensFix', { key: rfc.key }),
      );
    }
    if (d.effect === 'reopen') {
      const why = reopenedReason(d.reopened);
      const moved = await host.transitionLocked(rfc, 'proposed', { personId: actor.id }, why, {
        set: fields,
        unset: ['approval'],
        data: { fields: names, reopened: d.reopened, digest: rfc.approval?.digest },
      });
      await host.record({
        rfcKey: rfc.key,
        actorId: actor.id,
        kind: 'edited',
        reason,
        data: { fields: names, effect: d.effect, reopened: d.reopened },
      });
      return { rfc: moved, effect: d.effect, reopened: d.reopened };
    }
    const now = clock.now();
    const set: Record<string, unknown> = { ...fields, updatedAt: now };
    if (d.effect === 'recheck') {
      set.approval = approvalRecord({ ...rfc, ...fields } as RfcDoc, {
        stage: 'template',
        how: 'template',
        approvers: [],
        decidedById: actor.id,
        at: now,
        template: rfc.template,
      });
    }
    const updated = await Rfc.findOneAndUpdate(
      { _id: rfc._id },
      { $set: set },
      { returnDocument: 'after', runValidators: true },
    ).lean<RfcDoc>();
    if (!updated) throw refusal('NOT_FOUND', said('rfc.err.gone', { key: rfc.key }));
    await host.record({
      rfcKey: rfc.key,
      actorId: actor.id,
      kind: 'edited',
      reason,
      data: {
        fields: names,
        ...(d.effect === 'recheck' ? { effect: d.effect, digest: (set.approval as { digest: string }).digest } : {}),
      },
    });
    return { rfc: updated, effect: d.effect, reopened: d.reopened };
  });
}

/** A standard change scheduled by its template: pre-approved, without a CCB vote (the template is the approval). */
export async function scheduleStandardRfc(host: ChangeHost, clock: Clock, key: string, actor: Person): Promise<RfcDoc> {
  const rfc = await host.require(key);
  const d = standardDecision(rfc, actor, host.policy());
  if (!d.ok) throw policyError(d);
  host.assertComplete(rfc);
  const approval = approvalRecord(rfc, {
    stage: 'template',
    how: 'template',
    approvers: [],
    decidedById: actor.id,
    at: clock.now(),
    template: rfc.template,
  });
  return host.transition(rfc.key, 'scheduled', { personId: actor.id }, standardReason(rfc.template), {
    set: { approval },
    expectFrom: [rfc.state],
    data: { template: rfc.template, digest: approval.digest },
  });
}

/**
 * A change manager other than the requester confirms an emergency change, with the reason: only then its emergency
 * privileges apply.
 */
export async function confirmEmergencyRfc(
  host: ChangeHost,
  clock: Clock,
  key: string,
  actor: Person,
  reason: string,
): Promise<RfcDoc> {
  const found = await host.require(key);
  return withKeyLock(`rfc:${found.key}`, async () => {
    const rfc = (await Rfc.findById(found._id).lean<RfcDoc>()) ?? found;
    const d = confirmDecision(rfc, actor, reason, host.policy());
    if (!d.ok) throw policyError(d);
    const now = clock.now();
    const updated = await Rfc.findOneAndUpdate(
      { _id: rfc._id },
      { $set: { emergency: { confirmedBy: actor.id, reason, at: now }, updatedAt: now } },
      { returnDocument: 'after' },
    ).lean<RfcDoc>();
    if (!updated) throw refusal('NOT_FOUND', said('rfc.err.gone', { key: rfc.key }));
    await host.record({ rfcKey: rfc.key, actorId: actor.id, kind: 'note', reason, data: { emergency: 'confirmed' } });
    return updated;
  });
}

/** The audit entries' reasons (a record, written once in English). */
const reopenedReason = (fields: readonly string[]) => `reopened: ${fields.join(', ')} changed after the approval`;
const standardReason = (template?: string) => `standard change from template ${template ?? '?'}: pre-approved`;
