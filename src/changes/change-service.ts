import { changeOrders } from './change-order';
import type { Logger } from 'pino';
import { invalidState, notFound, OpsdeskError, preconditionFailed } from '../core/errors';
import type { JobScheduler } from '../core/job-scheduler';
import type { ConversationRef, MessageRef } from '../chat/conversation-ref';
import type { OutboundPort } from '../chat/outbound-port';
import type { OutMessage } from '../chat/out-message';
import type { Config } from '../config/schema';
import type { RfcFieldName } from '../config/sections/changes';
import type { Clock } from '../core/clock';
import { claimStep } from '../db/claim-step';
import { claims } from '../db/claims';
import { nextSequence } from '../db/counter';
import { OpenDialogues } from './open-dialogues';
import { withKeyLock } from '../db/keyed-lock';
import type { PeopleDirectory } from '../people/people-directory';
import type { Person } from '../people/person';
import type { BotSigner } from '../signing/bot-key';
import { loadSigningState, type RecordSigner, type SigningState } from '../signing/record-keys';
import type { AuditRecord } from './audit-chain';
import { AuditLog } from './audit-log';
import type { AuditEntry } from './change-audit.model';
import { FINAL_STATES, type ChangeState, type ChangeType } from './change-lifecycle';
import { policyError, policySettings, transitionDecision, type PolicySettings } from './change-policy';
import {
  confirmEmergencyRfc,
  editRfc,
  scheduleStandardRfc,
  type EditOptions,
  type EditResult,
  type TransitionOptions,
} from './change-edits';
import { ConflictService, type PlanningPorts } from './conflict-service';
import { isFilled } from './rfc-fields';
import { formatRfcKey, parseRfcKey } from './rfc-key';
import { Rfc, type RfcDoc } from './rfc.model';

/** Who did something: a person id from the config, or `opsdesk` for the bot's own jobs. */
export interface Actor {
  personId: string;
}

export const SYSTEM_ACTOR: Actor = { personId: 'opsdesk' };

export type { RecordSigner };
export { canonicalEntry, stableJson } from './audit-chain';

export interface ChangeServiceDeps {
  config: Config;
  clock: Clock;
  outbound: OutboundPort;
  people: PeopleDirectory;
  log: Logger;
  jobs: JobScheduler;
  /** The signer of the audit records, when a key is configured (default: the configured bot key). */
  signer?: () => Promise<RecordSigner | undefined>;
  /** The inventory and the freezes, for planning conflicts (none checked without them). */
  planning?: PlanningPorts;
}

export type RfcListFilter = 'open' | 'voting' | 'mine' | 'all' | ChangeState;

/**
 * Requests for change: creation, fields, the lifecycle (each transition decided once and
 * recorded) and the append-only audit log.
 */
export class ChangeService {
  private readonly owner = `${process.pid}`;
  private signingLoad?: Promise<SigningState>;
  private readonly listeners: Array<(rfc: RfcDoc, from: ChangeState) => Promise<void>> = [];
  /** Each change's hash-chained, signed record. */
  readonly audit: AuditLog;
  /** Who may have an RFC dialogue open (the dialogue handler skips everyone else). */
  readonly dialogues = new OpenDialogues();
  /** Change orders: groups of RFCs (change-order.ts). */
  readonly orders = changeOrders;
  /** Planning conflicts between changes and with freezes. */
  readonly conflicts: ConflictService;

  constructor(private readonly deps: ChangeServiceDeps) {
    this.audit = new AuditLog({ config: deps.config, log: deps.log, signing: () => this.signing() });
    this.conflicts = new ConflictService(deps, (e) => this.record(e));
  }

  /** The bot's key, loaded once (from `deps.signer`, or the configured key), or the reason there is none. */
  signing(): Promise<SigningState> {
    this.signingLoad ??= (async (): Promise<SigningState> => {
      if (this.deps.signer) {
        const signer = await this.deps.signer();
        return signer ? { signer } : { reason: 'no signer was given' };
      }
      const warn = (message: string) => this.deps.log.warn(message);
      const state = await loadSigningState(this.deps.config.changes.signing, process.env, { warn });
      if (state.reason) {
        const effect = this.deps.config.changes.signing.allowUnsigned
          ? 'change records are unsigned (changes.signing.allowUnsigned)'
          : 'CCB decisions are refused until one is configured';
        this.deps.log.warn({ reason: state.reason }, `no signing key: ${effect}`);
      }
      return state;
    })();
    return this.signingLoad;
  }

  /** The bot's signer; undefined without a key. */
  async signer(): Promise<RecordSigner | BotSigner | undefined> {
    return (await this.signing()).signer;
  }

  /**
   * Refuses (PRECONDITION, naming the fix) to go on with a decision the bot could not sign. Call it before anything
   * changes.
   */
  requireSigner(what: string): Promise<void> {
    return this.audit.requireSigner(what);
  }

  /** Start-up: seals the audit rows from before the hash chain (once per database). */
  sealLegacyAudit(): Promise<number> {
    return this.audit.sealLegacy(this.owner, this.deps.clock.now());
  }

  /** `RFC-17`, `rfc-17`, `17` -> the RFC, or null. */
  async get(key: string): Promise<RfcDoc | null> {
    const n = parseRfcKey(String(key));
    if (n === undefined) return null;
    return Rfc.findOne({ number: n }).lean<RfcDoc>();
  }

  async getById(id: unknown): Promise<RfcDoc | null> {
    return Rfc.findById(String(id)).lean<RfcDoc>();
  }

  /** Every RFC in `state` (the reconcile job reads the deploying ones). */
  async inState(state: ChangeState): Promise<RfcDoc[]> {
    return Rfc.find({ state }).lean<RfcDoc[]>();
  }

  /** Like `get`, but a missing RFC is a clear refusal. */
  async require(key: string): Promise<RfcDoc> {
    const rfc = await this.get(key);
    if (!rfc) throw notFound(`${String(key).slice(0, 40)} is not an RFC I know.`, 'Type `rfc list` to see the RFCs.');
    return rfc;
  }

  async list(filter: RfcListFilter, viewer: Person, limit = 20): Promise<{ items: RfcDoc[]; total: number }> {
    const q: Record<string, unknown> = {};
    if (filter === 'open') q.state = { $nin: [...FINAL_STATES] };
    else if (filter === 'voting') q.state = { $in: ['proposed', 'release-vote'] };
    else if (filter === 'mine') q.requesterId = String(viewer.id);
    else if (filter !== 'all') q.state = String(filter);
    const [items, total] = await Promise.all([
      Rfc.find(q).sort({ number: -1 }).limit(limit).lean<RfcDoc[]>(),
      Rfc.countDocuments(q),
    ]);
    return { items, total };
  }

  /** A new draft (or, from a standard template, a draft with the template's fields). */
  async create(input: {
    person: Person;
    title: string;
    conversation: ConversationRef;
    type?: ChangeType;
    template?: string;
    fields?: Partial<Record<RfcFieldName, unknown>>;
    /** A revision of a rejected change (rfc revise). */
    revision?: { of: string; revision: number; reason: string };
  }): Promise<RfcDoc> {
    const now = this.deps.clock.now();
    const number = await nextSequence('rfc');
    const key = formatRfcKey(number);
    const doc = await Rfc.create({
      ...((input.fields ?? {}) as Partial<RfcDoc>),
      number,
      key,
      title: input.title,
      type: input.type ?? 'normal',
      state: 'draft',
      stateSeq: 0,
      requesterId: input.person.id,
      requesterName: input.person.name,
      board: this.deps.config.changes.defaultBoard,
      template: input.template,
      conversation: input.conversation,
      ...(input.revision ? { revision: input.revision.revision, revisionOf: input.revision.of } : {}),
      createdAt: now,
      updatedAt: now,
    });
    await this.record({
      rfcKey: key,
      actorId: input.person.id,
      kind: 'created',
      to: 'draft',
      reason: input.revision
        ? `revision ${input.revision.revision} of ${input.revision.of}: ${input.revision.reason}`
        : input.title,
      data: input.template
        ? { template: input.template }
        : input.revision
          ? { revisionOf: input.revision.of, revision: input.revision.revision }
          : undefined,
    });
    return doc.toObject() as RfcDoc;
  }

  /** Required fields still empty, in the configured order. */
  missingFields(rfc: RfcDoc): RfcFieldName[] {
    return this.deps.config.changes.requiredFields.filter((f) => !isFilled(rfc, f));
  }

  /** The change policy's settings (`changes.policy` and the templates). */
  policy(): PolicySettings {
    return policySettings(this.deps.config.changes);
  }

  /** Sets parsed field values when the policy lets them be set without reopening a vote. */
  async setFields(
    key: string,
    actor: Person,
    fields: Partial<Record<RfcFieldName, unknown>>,
    reason = 'edited',
    as?: EditOptions['as'],
  ): Promise<RfcDoc> {
    return (await this.edit(key, actor, fields, reason, { reopen: false, as })).rfc;
  }

  /**
   * Edits fields as the change policy decides: set, reopen the approval vote, or re-approve by the template
   * (change-edits.ts).
   */
  edit(
    key: string,
    actor: Person,
    fields: Partial<Record<RfcFieldName, unknown>>,
    reason = 'edited',
    opts: EditOptions = {},
  ): Promise<EditResult> {
    return editRfc(this, this.deps.clock, key, actor, fields, reason, opts);
  }

  /** A standard change scheduled by its template: pre-approved, without a CCB vote (change-edits.ts). */
  scheduleStandard(key: string, actor: Person): Promise<RfcDoc> {
    return scheduleStandardRfc(this, this.deps.clock, key, actor);
  }

  /** A change manager other than the requester confirms an emergency change, with the reason (change-edits.ts). */
  confirmEmergency(key: string, actor: Person, reason: string): Promise<RfcDoc> {
    return confirmEmergencyRfc(this, this.deps.clock, key, actor, reason);
  }

  /**
   * Moves a change to `to`, if the lifecycle allows it from its current state, and records who,
   * when and why. Decided once: each step (`stateSeq`) is claimed by a unique insert before the
   * guarded update, so two concurrent transitions cannot both win, on MongoDB or FerretDB.
   * `expectFrom` refuses unless the change is still in one of those states (vote decisions).
   */
  async transition(
    key: string,
    to: ChangeState,
    actor: Actor,
    reason: string,
    opts: TransitionOptions = {},
  ): Promise<RfcDoc> {
    const found = await this.require(key);
    return withKeyLock(`rfc:${found.key}`, async () => {
      const rfc = (await Rfc.findById(found._id).lean<RfcDoc>()) ?? found;
      return this.transitionLocked(rfc, to, actor, reason, opts);
    });
  }

  /**
   * The transition itself (the caller holds the RFC's lock, `withKeyLock('rfc:<key>')`, and read
   * `rfc` under it). The change
   * policy's invariant is checked on the RFC as it would be written (`transitionDecision`): a
   * change reaches approved, built, release-vote, scheduled or deploying only with an approval
   * that holds for exactly its content.
   */
  async transitionLocked(
    rfc: RfcDoc,
    to: ChangeState,
    actor: Actor,
    reason: string,
    opts: TransitionOptions,
  ): Promise<RfcDoc> {
    if (opts.expectFrom && !opts.expectFrom.includes(rfc.state)) {
      throw invalidState(`${rfc.key} is ${rfc.state}, no longer ${opts.expectFrom.join(' or ')}; nothing was changed.`);
    }
    const after = { ...rfc, ...(opts.set ?? {}), state: to } as RfcDoc;
    for (const f of opts.unset ?? []) delete (after as unknown as Record<string, unknown>)[f];
    const d = transitionDecision(rfc, to, after, this.policy(), actor.personId);
    if (!d.ok) throw policyError(d);
    const seq = rfc.stateSeq + 1;
    const now = this.deps.clock.now();
    if (!(await claimStep(claims.rfcState(rfc._id, seq), this.owner, now))) {
      throw new OpsdeskError('CONFLICT', `${rfc.key} changed at the same moment; nothing was changed.`, {
        fix: `Type \`rfc show ${rfc.key}\` and try again.`,
      });
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
    if (!updated) throw new OpsdeskError('CONFLICT', `${rfc.key} changed at the same moment; nothing was changed.`);
    await this.record({
      rfcKey: rfc.key,
      actorId: actor.personId,
      kind: 'transition',
      from: rfc.state,
      to,
      reason,
      data: opts.data,
    });
    this.deps.log.info({ rfc: rfc.key, from: rfc.state, to, actor: actor.personId }, 'change transition');
    for (const listen of this.listeners) {
      await listen(updated, rfc.state).catch((err: Error) =>
        this.deps.log.warn({ err: err.message, rfc: rfc.key }, 'a transition listener failed'),
      );
    }
    return updated;
  }

  /** Called after every transition (the CCB card follows the change); a failure is logged, never undoes it. */
  onTransition(listen: (rfc: RfcDoc, from: ChangeState) => Promise<void>): void {
    this.listeners.push(listen);
  }

  /** Refuses to submit while required fields are empty, naming each. */
  assertComplete(rfc: RfcDoc): void {
    const missing = this.missingFields(rfc);
    if (missing.length) {
      throw preconditionFailed(
        `${rfc.key} cannot be submitted yet: ${missing.length === 1 ? 'this field is' : 'these fields are'} ` +
          `missing: ${missing.join(', ')}.`,
        `Answer my questions in its thread, or type \`rfc edit ${rfc.key} ${missing[0]}=…\`.`,
      );
    }
  }

  /**
   * Appends one entry to the change's hash-chained record, signed by the bot. Without a key,
   * decisions and overrides are refused (PRECONDITION) unless `changes.signing.allowUnsigned`.
   */
  record(
    entry: Pick<AuditEntry, 'rfcKey' | 'actorId' | 'kind' | 'from' | 'to' | 'reason' | 'data'> & { at?: Date },
  ): Promise<AuditEntry> {
    const at = entry.at ?? this.deps.clock.now();
    const actorName =
      entry.actorId === SYSTEM_ACTOR.personId
        ? 'opsdesk'
        : (this.deps.people.get(entry.actorId)?.name ?? entry.actorId);
    return this.audit.append({ ...entry, at, actorName });
  }

  /** The whole history of a change, in record order (whether it verifies: `auditRecord`). */
  async auditLog(key: string): Promise<AuditEntry[]> {
    return (await this.audit.record(String(key))).entries;
  }

  /** The history of a change in record order, with the verdict on its hash chain and signatures. */
  auditRecord(key: string): Promise<AuditRecord> {
    return this.audit.record(String(key));
  }

  // --- dialogue and cards -------------------------------------------------------------------

  async byDialogueThread(threadKey: string): Promise<RfcDoc | null> {
    return Rfc.findOne({ dialogueThreads: String(threadKey), asking: { $exists: true } }).lean<RfcDoc>();
  }

  /** The draft whose dialogue runs flat in this DM, if any (newest first). */
  async dialogueInDirect(personId: string, platform: string, channel: string): Promise<RfcDoc | null> {
    return Rfc.findOne({
      requesterId: String(personId),
      'conversation.platform': String(platform),
      'conversation.channel': String(channel),
      'conversation.direct': true,
      asking: { $exists: true },
    })
      .sort({ number: -1 })
      .lean<RfcDoc>();
  }

  /** Sets (or with undefined, ends) the field the dialogue is asking for, and adds a thread whose replies answer. */
  async setAsking(rfc: RfcDoc, field: RfcFieldName | undefined, threadKeys: readonly string[] = []): Promise<void> {
    if (field) this.dialogues.opened(rfc.requesterId);
    const update: Record<string, unknown> = field ? { $set: { asking: field } } : { $unset: { asking: '' } };
    if (threadKeys.length) update.$addToSet = { dialogueThreads: { $each: threadKeys.map(String) } };
    await Rfc.updateOne({ _id: rfc._id }, update);
  }

  /** Remembers the CCB cards of a ballot, so reactions on them count and the tally edits them. */
  async setCards(rfc: RfcDoc, ballotId: string, cards: MessageRef[]): Promise<void> {
    await Rfc.updateOne({ _id: rfc._id }, { $set: { ballotId, cards, ...(cards[0] ? { card: cards[0] } : {}) } });
  }

  /** Tells the requester in their dialogue conversation; a failure is logged, never undoes anything. */
  async tellRequester(rfc: RfcDoc, msg: string | OutMessage): Promise<void> {
    try {
      const c = rfc.conversation;
      if (c.direct) await this.deps.outbound.post(c, msg);
      else {
        const userId = this.deps.people.identitiesOf(rfc.requesterId)[c.platform];
        if (userId) await this.deps.outbound.direct(c.platform, userId, msg);
        else await this.deps.outbound.post(c, msg);
      }
    } catch (err) {
      this.deps.log.warn({ err: (err as Error).message, rfc: rfc.key }, 'could not tell the requester');
    }
  }
}
