import type { Logger } from 'pino';
import type { Attachment } from '../chat/chat-event';
import type { ConversationRef, MessageRef } from '../chat/conversation-ref';
import type { OutboundPort } from '../chat/outbound-port';
import { threadKey } from '../chat/thread-key';
import type { Config } from '../config/schema';
import type { Clock } from '../core/clock';
import { notFound } from '../core/errors';
import { isDuplicateKey } from '../core/duplicate-key';
import { groupedCreate } from '../db/group-insert';
import { whileUnreachable } from '../db/while-unreachable';
import type { PeopleDirectory } from '../people/people-directory';
import type { Person } from '../people/person';
import { formatCaseKey } from './case-key';
import { CaseRef, caseRefKeys, insertCaseRefs, type CaseRefDoc } from './case-ref.model';
import { flushNewCases, queueNewCase, writeRollup } from './case-rollups';
import { guessCategory, guessPriority } from './classify';
import { withAttachments } from './comment-limits';
import { FloodGuard } from './flood-guard';
import { IncidentNumbers } from './incident-numbers';
import { notVisibleText } from './render-receipt';
import { ensureRollups } from './rollup-build';
import { linkAllThreads, threadsLinked } from './thread-links';
import { TicketChanges } from './ticket-changes';
import { TicketComments } from './ticket-comments';
import { TicketNotifier } from './ticket-notifier';
import { listTickets, searchTickets, type TicketListFilter, type TicketPage } from './ticket-queries';
import { canSeeTicket } from './ticket-visibility';
import { Ticket, type TicketDoc } from './ticket.model';

/** Cases reported at the same moment share one insert (a group commit). */
const createTicket = groupedCreate(Ticket);

/**
 * How long a report's insert is tried again while the database cannot be reached. An insert cut off by a database
 * restart may have been stored: the same case again (its unique `source`) finds it, and the reporter gets its receipt
 * instead of "try again" beside a case nobody told them about.
 */
const REPORT_RETRY_MS = 8_000;

export interface ReportInput {
  person: Person;
  text: string;
  conversation: ConversationRef;
  /** The reporter's message id (its thread replies become comments). */
  messageId: string;
  /** Unique id of the delivery (`platform|eventId`), so handling it twice logs one case. */
  source: string;
  /** Files and images sent with the report, kept as links on its first entry. */
  attachments?: Attachment[];
}

export interface TicketServiceDeps {
  config: Config;
  clock: Clock;
  outbound: OutboundPort;
  people: PeopleDirectory;
  log: Logger;
}

/** Numbers tried for one case when other processes take them first. */
const MAX_NUMBER_TRIES = 100;

/** The service desk's memory: incidents, their history, and telling reporters what happened. */
export class TicketService {
  /** Tells reporters, assignees and the people a case concerns. */
  readonly notifier: TicketNotifier;
  /** Rate limits on reports and notifications, and folding of bursts (`limits` in the config). */
  readonly floods: FloodGuard;
  private readonly changes: TicketChanges;
  private readonly comments: TicketComments;
  private readonly numbers = new IncidentNumbers();
  private linked?: Promise<boolean>;

  constructor(private readonly deps: TicketServiceDeps) {
    this.floods = new FloodGuard(deps);
    this.notifier = new TicketNotifier(
      deps,
      (ticketId, ref) => this.addThread(ticketId, ref),
      (who, platform) => this.floods.dmGate(who, platform),
    );
    this.changes = new TicketChanges(deps, this.notifier);
    this.comments = new TicketComments(deps, this.floods, this.notifier, this.changes, (id, ref, internal) =>
      this.addThread(id, ref, internal),
    );
  }

  /**
   * Logs a new incident: one insert, with no read before it. The delivery's receipt claim (intake)
   * lets one process handle it; should two ever log it (a takeover of a slow one), the case's unique
   * `source` keeps one, and only then is it looked up. The number comes from `numbers`: no gaps, no repeats.
   */
  async report(input: ReportInput): Promise<TicketDoc & { loggedBefore?: true }> {
    const { person, conversation } = input;
    const text = input.text.trim();
    const now = this.deps.clock.now();
    const firstLine = text.split(/\r?\n/u)[0];
    const title = firstLine.length > 100 ? `${firstLine.slice(0, 97)}…` : firstLine;
    const fields = {
      source: input.source,
      reporterId: person.id,
      reporterName: person.name,
      school: person.school,
      title,
      text,
      category: guessCategory(text, this.deps.config),
      priority: guessPriority(text, this.deps.config),
      status: 'new' as const,
      conversation,
      threadIds: [input.messageId, ...(conversation.thread ? [conversation.thread] : [])].map((messageId) =>
        threadKey({ platform: conversation.platform, channel: conversation.channel, messageId }),
      ),
      events: [
        {
          at: now,
          actorId: person.id,
          actorName: person.name,
          kind: 'created',
          note: text.slice(0, 500),
          ...withAttachments(input.attachments),
        },
      ],
      createdAt: now,
    };
    for (let tries = 0; ; tries++) {
      const number = await this.numbers.next();
      try {
        const created = (
          await whileUnreachable(() => createTicket({ ...fields, number, key: formatCaseKey(number) }), {
            forMs: REPORT_RETRY_MS,
          })
        ).toObject();
        queueNewCase(created);
        return created as TicketDoc;
      } catch (err) {
        if (!isDuplicateKey(err)) {
          this.numbers.unused(number);
          throw err;
        }
        // The case of this delivery was logged already (unique `source`): that one stands.
        const other = await Ticket.findOne({ source: String(input.source) }).lean<TicketDoc>();
        if (other) {
          // Its number, unless the case is this insert's own, stored by an attempt whose answer a restart cut off.
          if (other.number !== number) this.numbers.unused(number);
          // Handled again after a crash: its roll-up row may not have been written.
          await writeRollup(other);
          return { ...other, loggedBefore: true };
        }
        // The number was taken by another process: the next one.
        this.numbers.taken(number);
        if (tries >= MAX_NUMBER_TRIES) throw err;
      }
    }
  }

  /** Reads the case number mark, and marks an empty database's threads as linked (when the bot starts). */
  async prepare(): Promise<void> {
    await this.numbers.repair();
    await ensureRollups(this.deps.clock.now());
    // A database with no cases yet has no threads to link.
    if (!(await this.threadsLinked()) && !(await Ticket.exists({}))) await this.linkAllThreads();
  }

  /** Writes the case number mark (when the bot stops). */
  async stop(): Promise<void> {
    await this.numbers.stop();
    await flushNewCases();
  }

  /**
   * Remembers the bot's receipt so replies in its thread become comments: the case's thread links
   * (its report's and the receipt's) and the sender's mark for folding, in one insert.
   */
  async rememberReceipt(t: TicketDoc, receipt: MessageRef): Promise<void> {
    const threads = new Set([...(t.threadIds ?? []), threadKey(receipt)]);
    const mark = this.floods.takeUnwrittenMark(t._id);
    const ref = { platform: receipt.platform, channel: receipt.channel, messageId: receipt.messageId };
    const docs: CaseRefDoc[] = [...threads].map((key) => ({ _id: caseRefKeys.thread(key), ticketId: t._id }));
    docs.push({
      _id: caseRefKeys.receipt(t._id),
      ticketId: t._id,
      ref: receipt.thread ? { ...ref, thread: receipt.thread } : ref,
    });
    if (t.school)
      docs.push({ _id: caseRefKeys.recent(t.school, t.number), ticketId: t._id, title: t.title, at: t.createdAt });
    // The case's roll-up row is written off this path (queueNewCase): this says it is owed.
    docs.push({ _id: caseRefKeys.reported(t._id), ticketId: t._id, at: t.createdAt });
    const existing = await insertCaseRefs(mark ? [...docs, mark] : docs);
    if (mark && existing.includes(mark._id)) await this.floods.rewriteMark(t.reporterId, mark);
  }

  /** The bot's receipt for the case, if it went out (one read by `_id`). */
  async receiptOf(ticketId: TicketDoc['_id']): Promise<MessageRef | undefined> {
    const doc = await CaseRef.findById(caseRefKeys.receipt(ticketId)).lean<CaseRefDoc>();
    return doc?.ref;
  }

  /** Replies in the thread of `ref` become comments on the case (internal notes for an `internal` thread). */
  async addThread(ticketId: TicketDoc['_id'], ref: MessageRef, internal = false): Promise<void> {
    await insertCaseRefs([{ _id: caseRefKeys.thread(threadKey(ref)), ticketId, ...(internal ? { internal } : {}) }]);
  }

  /** True when replies in the thread of `ref` are internal notes (one read by `_id`). */
  async isInternalThread(ref: MessageRef): Promise<boolean> {
    const link = await CaseRef.findById(caseRefKeys.thread(threadKey(ref))).lean<CaseRefDoc>();
    return link?.internal === true;
  }

  async byId(id: TicketDoc['_id']): Promise<TicketDoc | null> {
    return Ticket.findById(id).lean<TicketDoc>();
  }

  /** Records that `t` was logged as a follow-up of the older case `old`. */
  async markFollowUp(t: TicketDoc, old: Pick<TicketDoc, 'key'>, actor: Person, note: string): Promise<void> {
    await Ticket.updateOne(
      { _id: t._id },
      { $set: { followsUp: old.key }, $push: { events: this.changes.event(actor, 'comment', { note }) } },
    );
  }

  async byNumber(n: number): Promise<TicketDoc | null> {
    return Ticket.findOne({ number: Number(n) }).lean<TicketDoc>();
  }

  /**
   * The case whose thread a message belongs to, if any: its thread link, by _id. Cases logged before
   * thread links existed are found by their `threadIds` (a scan on FerretDB) until `opsdesk repair`
   * has linked them.
   */
  async byThread(ref: MessageRef): Promise<TicketDoc | null> {
    const key = threadKey(ref);
    const link = await CaseRef.findById(caseRefKeys.thread(key)).lean<CaseRefDoc>();
    if (link) return Ticket.findById(link.ticketId).lean<TicketDoc>();
    if (await this.threadsLinked()) return null;
    return Ticket.findOne({ threadIds: key }).lean<TicketDoc>();
  }

  /** Whether every case's threads have links (`linkAllThreads` ran, or there were no cases before links). */
  private async threadsLinked(): Promise<boolean> {
    this.linked ??= threadsLinked();
    const linked = await this.linked;
    if (!linked) this.linked = undefined;
    return linked;
  }

  /** Links every case's threads (`linkAllThreads`); part of `opsdesk repair`. */
  async linkAllThreads(): Promise<number> {
    const linked = await linkAllThreads();
    this.linked = Promise.resolve(true);
    return linked;
  }

  /**
   * The case `n` if `viewer` may see it. A case that does not exist and one the viewer may not see
   * get the same answer, so nothing leaks.
   */
  async visible(n: number, viewer: Person): Promise<TicketDoc> {
    const t = await this.byNumber(n);
    if (!t || !canSeeTicket(viewer, t)) {
      const { message, fix } = notVisibleText(formatCaseKey(n), viewer.language);
      throw notFound(message, fix);
    }
    return t;
  }

  /** The cases `viewer` may see that match `filter`, newest first. */
  list(viewer: Person, filter: TicketListFilter, limit = 20): Promise<TicketPage> {
    return listTickets(viewer, filter, limit);
  }

  /** Cases whose title or text contain every word (case-insensitive, literal). */
  search(viewer: Person, words: string[], limit = 20): Promise<TicketPage> {
    return searchTickets(viewer, words, limit);
  }

  /** What staff and reporters do to a case (ticket-changes.ts). */
  setStatus(...a: Parameters<TicketChanges['setStatus']>): Promise<TicketDoc> {
    return this.changes.setStatus(...a);
  }

  closeUnconfirmed(...a: Parameters<TicketChanges['closeUnconfirmed']>): Promise<TicketDoc> {
    return this.changes.closeUnconfirmed(...a);
  }

  inReopenWindow(t: TicketDoc): boolean {
    return this.changes.inReopenWindow(t);
  }

  assign(...a: Parameters<TicketChanges['assign']>): Promise<TicketDoc> {
    return this.changes.assign(...a);
  }

  setPriority(...a: Parameters<TicketChanges['setPriority']>): Promise<TicketDoc> {
    return this.changes.setPriority(...a);
  }

  setCategory(...a: Parameters<TicketChanges['setCategory']>): Promise<TicketDoc> {
    return this.changes.setCategory(...a);
  }

  escalate(...a: Parameters<TicketChanges['escalate']>): Promise<TicketDoc> {
    return this.changes.escalate(...a);
  }

  solveByWorkaround(...a: Parameters<TicketChanges['solveByWorkaround']>): Promise<TicketDoc> {
    return this.changes.solveByWorkaround(...a);
  }

  confirm(...a: Parameters<TicketChanges['confirm']>): Promise<TicketDoc> {
    return this.changes.confirm(...a);
  }

  reopen(...a: Parameters<TicketChanges['reopen']>): Promise<TicketDoc> {
    return this.changes.reopen(...a);
  }

  /** A comment or an internal note, and who is told of it (ticket-comments.ts). */
  comment(...a: Parameters<TicketComments['comment']>): Promise<TicketDoc> {
    return this.comments.comment(...a);
  }
}
