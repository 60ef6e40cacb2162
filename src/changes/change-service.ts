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
import { withKeyLock } from '../db/keyed-lock';
import type { PeopleDirectory } from '../people/people-directory';
import type { Person } from '../people/person';
import { loadBotSigner, type BotSigner } from '../signing/bot-key';
import { ChangeAudit, type AuditEntry } from './change-audit.model';
import { FINAL_STATES, type ChangeState, type ChangeType } from './change-lifecycle';
import { policyError, policySettings, transitionDecision, type PolicySettings } from './change-policy';
import { confirmEmergencyRfc, editRfc, scheduleStandardRfc, type EditOptions, type EditResult, type TransitionOptions } from './change-edits';
import { isFilled } from './rfc-fields';
import { formatRfcKey, parseRfcKey } from './rfc-key';
import { Rfc, type RfcDoc } from './rfc.model';

/** Who did something: a person id from the config, or `opsdesk` for the bot's own jobs. */
export interface Actor {
  personId: string;
}

export const SYSTEM_ACTOR: Actor = { personId: 'opsdesk' };

/** Signs decision records (src/signing); absent when the bot has no key. */
export interface RecordSigner {
  sign(text: string): Promise<string>;
}

export interface ChangeServiceDeps {
  config: Config;
  clock: Clock;
  outbound: OutboundPort;
  people: PeopleDirectory;
  log: Logger;
  jobs: JobScheduler;
  /** The signer for decision records, when a key is configured. */
  signer?: () => Promise<RecordSigner | undefined>;
}

export type RfcListFilter = 'open' | 'voting' | 'mine' | 'all' | ChangeState;

/** The canonical text of an audit entry, as signed: keys sorted, no signature. */
export function canonicalEntry(e: Omit<AuditEntry, '_id' | 'signature'> & { _id?: unknown; signature?: unknown }): string {
  const { rfcKey, at, actorId, actorName, kind, from, to, reason, data } = e;
  return stableJson({ rfcKey, at: new Date(at).toISOString(), actorId, actorName, kind, from, to, reason, data });
}

/** JSON with object keys sorted at every level and undefined left out. */
export function stableJson(value: unknown, indent?: number): string {
  const sort = (v: unknown): unknown => {
    if (v instanceof Date) return v.toISOString();
    if (Array.isArray(v)) return v.map(sort);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v as object).sort()) {
        const x = (v as Record<string, unknown>)[k];
        if (x !== undefined) out[k] = sort(x);
      }
      return out;
    }
    return v;
  };
  return JSON.stringify(sort(value), null, indent);
}

/**
 * Requests for change: creation, fields, the lifecycle (each transition decided once and
 * recorded) and the append-only audit log.
 */
export class ChangeService {
  private readonly owner = `${process.pid}`;
  private signerLoad?: Promise<BotSigner | undefined>;

  constructor(private readonly deps: ChangeServiceDeps) {}

  /** The bot's signer (loaded once): from `deps.signer`, or the configured key; undefined without a key. */
  signer(): Promise<RecordSigner | BotSigner | undefined> {
    if (this.deps.signer) return this.deps.signer();
    this.signerLoad ??= loadBotSigner(this.deps.config.changes.signing, process.env).catch((err: Error) => {
      this.deps.log.warn({ err: err.message }, 'signing key unavailable; decisions are recorded unsigned');
      return undefined;
    });
    return this.signerLoad;
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
    const [items, total] = await Promise.all([Rfc.find(q).sort({ number: -1 }).limit(limit).lean<RfcDoc[]>(), Rfc.countDocuments(q)]);
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
      createdAt: now,
      updatedAt: now,
    });
    await this.record({ rfcKey: key, actorId: input.person.id, kind: 'created', to: 'draft', reason: input.title, data: input.template ? { template: input.template } : undefined });
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
  async setFields(key: string, actor: Person, fields: Partial<Record<RfcFieldName, unknown>>, reason = 'edited', as?: EditOptions['as']): Promise<RfcDoc> {
    return (await this.edit(key, actor, fields, reason, { reopen: false, as })).rfc;
  }

  /** Edits fields as the change policy decides: set, reopen the approval vote, or re-approve by the template (change-edits.ts). */
  edit(key: string, actor: Person, fields: Partial<Record<RfcFieldName, unknown>>, reason = 'edited', opts: EditOptions = {}): Promise<EditResult> {
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
  async transition(key: string, to: ChangeState, actor: Actor, reason: string, opts: TransitionOptions = {}): Promise<RfcDoc> {
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
  async transitionLocked(rfc: RfcDoc, to: ChangeState, actor: Actor, reason: string, opts: TransitionOptions): Promise<RfcDoc> {
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
      throw new OpsdeskError('CONFLICT', `${rfc.key} changed at the same moment; nothing was changed.`, { fix: `Type \`rfc show ${rfc.key}\` and try again.` });
    }
    const unset = opts.unset?.length ? { $unset: Object.fromEntries(opts.unset.map((f) => [f, ''])) } : {};
    const updated = await Rfc.findOneAndUpdate(
      { _id: rfc._id, state: rfc.state, stateSeq: rfc.stateSeq },
      { $set: { ...(opts.set ?? {}), state: to, stateSeq: seq, stateAt: now, updatedAt: now }, ...unset },
      { returnDocument: 'after', runValidators: true },
    ).lean<RfcDoc>();
    if (!updated) throw new OpsdeskError('CONFLICT', `${rfc.key} changed at the same moment; nothing was changed.`);
    await this.record({ rfcKey: rfc.key, actorId: actor.personId, kind: 'transition', from: rfc.state, to, reason, data: opts.data });
    this.deps.log.info({ rfc: rfc.key, from: rfc.state, to, actor: actor.personId }, 'change transition');
    return updated;
  }

  /** Refuses to submit while required fields are empty, naming each. */
  assertComplete(rfc: RfcDoc): void {
    const missing = this.missingFields(rfc);
    if (missing.length) {
      throw preconditionFailed(
        `${rfc.key} cannot be submitted yet: ${missing.length === 1 ? 'this field is' : 'these fields are'} missing: ${missing.join(', ')}.`,
        `Answer my questions in its thread, or type \`rfc edit ${rfc.key} ${missing[0]}=…\`.`,
      );
    }
  }

  /** Appends one entry to the change's audit log; decisions and overrides are signed when a key is configured. */
  async record(entry: Omit<AuditEntry, '_id' | 'at' | 'actorName' | 'signature'> & { at?: Date }): Promise<AuditEntry> {
    const at = entry.at ?? this.deps.clock.now();
    const actorName = entry.actorId === SYSTEM_ACTOR.personId ? 'opsdesk' : (this.deps.people.get(entry.actorId)?.name ?? entry.actorId);
    const full = { ...entry, at, actorName };
    let signature: string | undefined;
    if (entry.kind === 'decision' || entry.kind === 'override') {
      const signer = await this.signer();
      if (signer) signature = await signer.sign(canonicalEntry(full));
    }
    const doc = await ChangeAudit.create({ ...full, signature });
    return doc.toObject() as AuditEntry;
  }

  /** The whole history of a change, oldest first. */
  async auditLog(key: string): Promise<AuditEntry[]> {
    return ChangeAudit.find({ rfcKey: String(key) }).sort({ at: 1, _id: 1 }).lean<AuditEntry[]>();
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
