import { randomUUID } from 'node:crypto';
import { changeOrders } from './change-order';
import type { Logger } from 'pino';
import type { JobScheduler } from '../core/job-scheduler';
import type { MessageRef } from '../chat/conversation-ref';
import type { OutboundPort } from '../chat/outbound-port';
import type { OutMessage } from '../chat/out-message';
import type { Config } from '../config/schema';
import type { RfcFieldName } from '../config/sections/changes';
import type { Clock } from '../core/clock';
import { withKeyLock } from '../db/keyed-lock';
import type { PeopleDirectory } from '../people/people-directory';
import type { Person } from '../people/person';
import type { BotSigner } from '../signing/bot-key';
import type { RecordSigner, SigningState } from '../signing/record-keys';
import type { AuditRecord } from './audit-chain';
import { AuditLog } from './audit-log';
import type { AuditEntry } from './change-audit.model';
import { ChangeDialogue } from './change-dialogue';
import type { OpenDialogues } from './open-dialogues';
import type { ChangeState } from './change-lifecycle';
import { policySettings, type PolicySettings } from './change-policy';
import { loadChangeSigning } from './change-signing';
import { transitionRfc, type TransitionListener } from './change-transition';
import {
  confirmEmergencyRfc,
  editRfc,
  scheduleStandardRfc,
  type EditOptions,
  type EditResult,
  type TransitionOptions,
} from './change-edits';
import { ConflictService, type PlanningPorts } from './conflict-service';
import { createRfc, type CreateRfcInput } from './create-rfc';
import { isFilled } from './rfc-fields';
import { listRfcs, type RfcListFilter } from './rfc-list';
import { parseRfcKey } from './rfc-key';
import { Rfc, type RfcDoc } from './rfc.model';
import { refusal, said, type Said } from '../i18n/refusal';

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

export type { RfcListFilter } from './rfc-list';

/**
 * Requests for change: creation, fields, the lifecycle (each transition decided once and
 * recorded) and the append-only audit log.
 */
export class ChangeService {
  /** This process, as the owner of the transitions' claims (with a heartbeat: claim-step.ts). */
  private readonly owner = `${process.pid}-${randomUUID().slice(0, 8)}`;
  private signingLoad?: Promise<SigningState>;
  private readonly listeners: TransitionListener[] = [];
  /** Each change's hash-chained, signed record. */
  readonly audit: AuditLog;
  /** The dialogue that fills an RFC's fields, its CCB cards, the requester's conversation (change-dialogue.ts). */
  private readonly talk: ChangeDialogue;
  /** Who may have an RFC dialogue open (the dialogue handler skips everyone else). */
  readonly dialogues: OpenDialogues;
  /** Change orders: groups of RFCs (change-order.ts). */
  readonly orders = changeOrders;
  /** Planning conflicts between changes and with freezes. */
  readonly conflicts: ConflictService;

  constructor(private readonly deps: ChangeServiceDeps) {
    this.audit = new AuditLog({ config: deps.config, log: deps.log, signing: () => this.signing() });
    this.conflicts = new ConflictService(deps, (e) => this.record(e));
    this.talk = new ChangeDialogue(deps);
    this.dialogues = this.talk.open;
  }

  /** The bot's key, loaded once (from `deps.signer`, or the configured key), or the reason there is none. */
  signing(): Promise<SigningState> {
    this.signingLoad ??= loadChangeSigning(this.deps);
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
  requireSigner(what: Said): Promise<void> {
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
    if (!rfc)
      throw refusal(
        'NOT_FOUND',
        said('rfc.err.unknown', { key: String(key).slice(0, 40) }),
        said('rfc.err.unknownFix'),
      );
    return rfc;
  }

  /** `rfc list` (rfc-list.ts). */
  list(filter: RfcListFilter, viewer: Person, limit = 20): Promise<{ items: RfcDoc[]; total: number }> {
    return listRfcs(filter, viewer, limit);
  }

  /** A new draft (or, from a standard template, a draft with the template's fields); create-rfc.ts. */
  create(input: CreateRfcInput): Promise<RfcDoc> {
    return createRfc(this.deps, (e) => this.record(e), input);
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

  /** The transition itself, the caller holding the RFC's lock (change-transition.ts). */
  transitionLocked(
    rfc: RfcDoc,
    to: ChangeState,
    actor: Actor,
    reason: string,
    opts: TransitionOptions,
  ): Promise<RfcDoc> {
    const host = {
      ...this.deps,
      owner: this.owner,
      policy: () => this.policy(),
      record: (e: Parameters<ChangeService['record']>[0]) => this.record(e),
      listeners: this.listeners,
    };
    return transitionRfc(host, rfc, to, actor, reason, opts);
  }

  /** Called after every transition (the CCB card follows the change); a failure is logged, never undoes it. */
  onTransition(listen: TransitionListener): void {
    this.listeners.push(listen);
  }

  /** Refuses to submit while required fields are empty, naming each. */
  assertComplete(rfc: RfcDoc): void {
    const missing = this.missingFields(rfc);
    if (missing.length) {
      throw refusal(
        'PRECONDITION',
        said(missing.length === 1 ? 'rfc.err.incomplete.one' : 'rfc.err.incomplete.other', {
          key: rfc.key,
          fields: missing.join(', '),
        }),
        said('rfc.err.incompleteFix', { key: rfc.key, field: missing[0] }),
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

  /**
   * What the record holds of ballot `ballotId`'s end (unverified rows: a check, for a closer taking over from one that
   * died): the decision the change was moved by, and whether the decision (or override) itself was recorded.
   */
  async ballotOutcome(key: string, ballotId: string): Promise<{ movedBy?: string; recorded: boolean }> {
    const rows = await this.audit.rows(String(key));
    const of = (e: AuditEntry) => (e.data as { ballotId?: unknown; decision?: unknown } | undefined) ?? {};
    const moved = rows.find((e) => e.kind === 'transition' && of(e).ballotId === ballotId);
    return {
      ...(moved && typeof of(moved).decision === 'string' ? { movedBy: of(moved).decision as string } : {}),
      recorded: rows.some((e) => (e.kind === 'decision' || e.kind === 'override') && of(e).ballotId === ballotId),
    };
  }

  /** The history of a change in record order, with the verdict on its hash chain and signatures. */
  auditRecord(key: string): Promise<AuditRecord> {
    return this.audit.record(String(key));
  }

  // --- dialogue and cards (change-dialogue.ts) ----------------------------------------------

  byDialogueThread(threadKey: string): Promise<RfcDoc | null> {
    return this.talk.byThread(threadKey);
  }

  /** The draft whose dialogue runs flat in this DM, if any (newest first). */
  dialogueInDirect(personId: string, platform: string, channel: string): Promise<RfcDoc | null> {
    return this.talk.inDirect(personId, platform, channel);
  }

  /** Sets (or with undefined, ends) the field the dialogue is asking for, and adds a thread whose replies answer. */
  setAsking(rfc: RfcDoc, field: RfcFieldName | undefined, threadKeys: readonly string[] = []): Promise<void> {
    return this.talk.setAsking(rfc, field, threadKeys);
  }

  /** Remembers the CCB cards of a ballot, so reactions on them count and the tally edits them. */
  setCards(rfc: RfcDoc, ballotId: string, cards: MessageRef[]): Promise<void> {
    return this.talk.setCards(rfc, ballotId, cards);
  }

  /** Tells the requester in their dialogue conversation; a failure is logged, never undoes anything. */
  tellRequester(rfc: RfcDoc, msg: string | OutMessage): Promise<void> {
    return this.talk.tellRequester(rfc, msg);
  }
}
