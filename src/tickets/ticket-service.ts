import { confirmNotResolvedText, notVisibleText, reopenStillOpenText, reopenTooLateText } from './render-receipt';
import type { Lang } from '../i18n/languages';
import { refusal, said, statusSaid } from '../i18n/refusal';
import type { Logger } from 'pino';
import { notFound, invalidState } from '../core/errors';
import type { Attachment } from '../chat/chat-event';
import type { ConversationRef, MessageRef } from '../chat/conversation-ref';
import type { OutboundPort } from '../chat/outbound-port';
import type { Config } from '../config/schema';
import type { Clock } from '../core/clock';
import { isDuplicateKey } from '../db/duplicate-key';
import { withKeyLock } from '../db/keyed-lock';
import type { PeopleDirectory } from '../people/people-directory';
import type { Person } from '../people/person';
import { formatCaseKey } from './case-key';
import {
  assignedText,
  assignedToYouText,
  commentToAssigneeText,
  commentToReporterText,
  escalatedText,
  escalatedToYouText,
  fixConfirmedText,
  internalMentionedText,
  internalToAssigneeText,
  mentionedText,
  reopenedToAssigneeText,
  reopenedToReporterText,
  statusChangedText,
} from './render-ticket';
import { threadKey } from '../chat/thread-key';
import type { OutMessage } from '../chat/out-message';
import { closedNotice, resolvedNotice, solvedByWorkaroundNote } from './render-fix-question';
import { asking, recordQuestion } from './fix-questions';
import { guessCategory, guessPriority } from './classify';
import { TicketNotifier } from './ticket-notifier';
import { listTickets, searchTickets, type TicketListFilter, type TicketPage } from './ticket-queries';
import { Ticket, type TicketDoc, type TicketEvent } from './ticket.model';
import { isOpen, NEXT_STATUS, type Priority, type TicketStatus } from './ticket-status';
import { canSeeNotes, canSeeTicket } from './ticket-visibility';
import { FloodGuard } from './flood-guard';
import { CaseRef, caseRefKeys, insertCaseRefs, type CaseRefDoc } from './case-ref.model';
import { linkAllThreads, threadsLinked } from './thread-links';
import { IncidentNumbers } from './incident-numbers';
import { caseEventCap } from './case-size';
import { caseFullError, checkComment, withAttachments } from './comment-limits';
import { flushNewCases, queueNewCase, writeRollup } from './case-rollups';
import { ensureRollups, withRollup } from './rollup-build';

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
  private readonly numbers = new IncidentNumbers();
  private linked?: Promise<boolean>;

  constructor(private readonly deps: TicketServiceDeps) {
    this.floods = new FloodGuard(deps);
    this.notifier = new TicketNotifier(
      deps,
      (ticketId, ref) => this.addThread(ticketId, ref),
      (who, platform) => this.floods.dmGate(who, platform),
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
        const created = (await Ticket.create({ ...fields, number, key: formatCaseKey(number) })).toObject();
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
          this.numbers.unused(number);
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
      { $set: { followsUp: old.key }, $push: { events: this.event(actor, 'comment', { note }) } },
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

  private event(actor: Person, kind: TicketEvent['kind'], fields: Partial<TicketEvent> = {}): TicketEvent {
    return { at: this.deps.clock.now(), actorId: actor.id, actorName: actor.name, kind, ...fields } as TicketEvent;
  }

  /**
   * One guarded single-document update: applies only if the case is still in the status it was
   * read in, so two operators acting at once cannot both win.
   */
  private async guardedUpdate(
    t: TicketDoc,
    set: Record<string, unknown>,
    events: TicketEvent[],
    unset: Record<string, ''> = {},
  ): Promise<TicketDoc> {
    const staffFirst = !t.firstResponseAt && events.some((e) => e.actorId !== t.reporterId);
    const update: Record<string, unknown> = {
      $set: {
        ...set,
        ...(staffFirst ? { firstResponseAt: this.deps.clock.now() } : {}),
        updatedAt: this.deps.clock.now(),
      },
      $push: { events: { $each: events } },
    };
    if (Object.keys(unset).length) update.$unset = unset;
    const updated = await withKeyLock(`ticket:${String(t._id)}`, () =>
      withRollup(t, this.deps.clock.now(), () =>
        Ticket.findOneAndUpdate({ _id: t._id, status: t.status }, update, {
          returnDocument: 'after',
        }).lean<TicketDoc>(),
      ),
    );
    if (!updated) {
      throw refusal(
        'CONFLICT',
        said('ticket.err.changed', { key: t.key }),
        said('ticket.err.changedFix', { key: t.key }),
      );
    }
    return updated;
  }

  async setStatus(t: TicketDoc, actor: Person, to: TicketStatus, note?: string): Promise<TicketDoc> {
    if (t.status === to)
      throw refusal('INVALID_STATE', said('ticket.err.alreadyStatus', { key: t.key, status: statusSaid(to) }));
    if (!NEXT_STATUS[t.status as TicketStatus].includes(to)) {
      const allowed = NEXT_STATUS[t.status as TicketStatus];
      throw refusal(
        'INVALID_STATE',
        said('ticket.err.cannotBecome', { key: t.key, status: statusSaid(t.status), to: statusSaid(to) }),
        allowed.length
          ? said('ticket.err.canBecome', { status: statusSaid(t.status), list: allowed.join(', ') })
          : t.status === 'closed'
            ? said('ticket.err.closedStays')
            : undefined,
      );
    }
    const now = this.deps.clock.now();
    const set: Record<string, unknown> = { status: to };
    if (to === 'resolved') set.resolvedAt = now;
    if (to === 'closed') set.closedAt = now;
    const updated = await this.guardedUpdate(t, set, [this.event(actor, 'status', { from: t.status, to, note })]);
    if (to === 'resolved') {
      const days = this.deps.config.tickets.autoCloseSchoolDays;
      await asking(async () => {
        let asked = '';
        const ref = await this.notifier.tellReporter(updated, actor, (lang: Lang) => {
          const notice = resolvedNotice(updated, note, days, lang);
          asked = notice.text;
          return notice;
        });
        if (ref) await recordQuestion('confirm', updated, ref, this.deps.clock.now(), { asked: { text: asked } });
      });
    } else {
      const notice =
        to === 'closed'
          ? (lang: Lang) => closedNotice(updated, note, lang)
          : (lang: Lang) => statusChangedText(updated, to, note, lang);
      await this.notifier.tellReporter(updated, actor, notice);
    }
    return updated;
  }

  /** The case closes itself: resolved and neither confirmed nor reopened in time (src/tickets/auto-close.ts). */
  async closeUnconfirmed(t: TicketDoc, actor: Person, note: string, notice: OutMessage): Promise<TicketDoc> {
    const updated = await this.guardedUpdate(t, { status: 'closed', closedAt: this.deps.clock.now() }, [
      this.event(actor, 'status', { from: t.status, to: 'closed', note }),
    ]);
    await this.notifier.tellReporter(updated, actor, notice);
    return updated;
  }

  /** True while a resolved (or closed) case may still be confirmed or reopened (`tickets.reopenDays`). */
  inReopenWindow(t: TicketDoc): boolean {
    const since = t.resolvedAt ?? t.closedAt ?? t.updatedAt;
    const days = this.deps.config.tickets.reopenDays;
    return !since || this.deps.clock.now().getTime() - new Date(since).getTime() <= days * 86_400_000;
  }

  async assign(t: TicketDoc, actor: Person, assignee: Person): Promise<TicketDoc> {
    if (!isOpen(t.status as TicketStatus))
      throw refusal('INVALID_STATE', said('ticket.err.reopenToAssign', { key: t.key, status: statusSaid(t.status) }));
    const events = [this.event(actor, 'assigned', { from: t.assigneeId ?? undefined, to: assignee.id })];
    const set: Record<string, unknown> = { assigneeId: assignee.id };
    const statusChanges = t.status === 'new';
    if (statusChanges) {
      set.status = 'assigned';
      events.push(this.event(actor, 'status', { from: t.status, to: 'assigned' }));
    }
    const updated = await this.guardedUpdate(t, set, events);
    if (statusChanges)
      await this.notifier.tellReporter(updated, actor, (lang) => assignedText(updated, assignee, lang));
    if (assignee.id !== actor.id) {
      await this.notifier.tellPerson(assignee, updated, (lang) => assignedToYouText(updated, actor, lang));
    }
    return updated;
  }

  async setPriority(t: TicketDoc, actor: Person, priority: Priority, note?: string): Promise<TicketDoc> {
    if (t.priority === priority)
      throw refusal('INVALID_STATE', said('ticket.err.alreadyPriority', { key: t.key, priority }));
    return this.guardedUpdate(t, { priority }, [
      this.event(actor, 'priority', { from: t.priority, to: priority, note }),
    ]);
  }

  async setCategory(t: TicketDoc, actor: Person, category: string): Promise<TicketDoc> {
    return this.guardedUpdate(t, { category }, [this.event(actor, 'category', { from: t.category, to: category })]);
  }

  async escalate(t: TicketDoc, actor: Person, to: Person, reason: string): Promise<TicketDoc> {
    if (!isOpen(t.status as TicketStatus))
      throw refusal('INVALID_STATE', said('ticket.err.escalateOpenOnly', { key: t.key, status: statusSaid(t.status) }));
    const events = [this.event(actor, 'escalated', { from: t.assigneeId ?? undefined, to: to.id, note: reason })];
    if (t.status !== 'escalated')
      events.push(this.event(actor, 'status', { from: t.status, to: 'escalated', note: reason }));
    const updated = await this.guardedUpdate(t, { status: 'escalated', escalatedTo: to.id, assigneeId: to.id }, events);
    if (t.status !== 'escalated')
      await this.notifier.tellReporter(updated, actor, (lang) => escalatedText(updated, to, reason, lang));
    await this.notifier.tellPerson(to, updated, (lang) => escalatedToYouText(updated, actor, reason, lang));
    return updated;
  }

  /**
   * Adds a comment (up to `tickets.maxTextLength`, while the case holds fewer than its cap of
   * entries); people mentioned in it (up to `limits.mentionsPerComment`) are sent it in a DM whose
   * thread also collects replies. The DMs it causes count against each recipient's cap per minute.
   * Mentions by someone not in the config are not sent: a self-chosen name must not reach staff's DMs.
   */
  async comment(
    t: TicketDoc,
    actor: Person,
    note: string,
    mentionedByActor: Person[] = [],
    attachments?: Attachment[],
    opts: { internal?: boolean } = {},
  ): Promise<TicketDoc> {
    const internal = opts.internal === true;
    // An internal note reaches only people who may read notes: never the reporter as such.
    const mentioned = (actor.known ? mentionedByActor : []).filter((p) => !internal || canSeeNotes(p, t));
    if (internal && !canSeeNotes(actor, t)) {
      throw refusal('FORBIDDEN', said('ticket.err.notesStaffOnly'));
    }
    if (t.status === 'closed')
      throw refusal('INVALID_STATE', said('ticket.err.closed', { key: t.key }), said('ticket.err.reportNew'));
    checkComment(this.deps.config, this.floods, t, actor, note, mentioned);
    const cap = caseEventCap(this.deps.config);
    const answers = !internal && !t.firstResponseAt && actor.id !== t.reporterId && this.isStaffId(actor);
    // Only a first response changes what the roll-ups hold (src/tickets/case-row.ts).
    const rollup = answers
      ? (write: () => Promise<TicketDoc | null>) => withRollup(t, this.deps.clock.now(), write)
      : (write: () => Promise<TicketDoc | null>) => write();
    const updated = await withKeyLock(`ticket:${String(t._id)}`, () =>
      rollup(() =>
        Ticket.findOneAndUpdate(
          { _id: t._id, [`events.${cap - 1}`]: { $exists: false } },
          {
            $push: {
              events: this.event(actor, internal ? 'note' : 'comment', {
                note,
                ...withAttachments(attachments),
              } as Partial<TicketEvent>),
            },
            $set: {
              updatedAt: this.deps.clock.now(),
              ...(answers ? { firstResponseAt: this.deps.clock.now() } : {}),
            },
          },
          { returnDocument: 'after' },
        ).lean<TicketDoc>(),
      ),
    );
    if (!updated)
      throw (await Ticket.exists({ _id: t._id }))
        ? caseFullError(this.floods, t, actor, cap)
        : refusal('NOT_FOUND', said('ticket.err.gone', { key: t.key }));
    const capped = { capped: true };
    for (const p of mentioned) {
      if (p.id === actor.id) continue;
      const text = (lang: Lang) =>
        internal ? internalMentionedText(updated, actor, note, lang) : mentionedText(updated, actor, note, lang);
      const ref = await this.notifier.tellPerson(p, updated, text, capped);
      if (ref) await this.addThread(updated._id, ref, internal);
    }
    if (internal) {
      if (!mentioned.some((p) => p.id === updated.assigneeId))
        await this.notifier.tellAssignee(
          updated,
          actor,
          (lang) => internalToAssigneeText(updated, actor, note, lang),
          capped,
        );
      return updated;
    }
    // The reporter follows their case: comments from others reach them (in their case thread).
    if (!mentioned.some((p) => p.id === updated.reporterId))
      await this.notifier.tellReporter(
        updated,
        actor,
        (lang) => commentToReporterText(updated, actor, note, lang),
        capped,
      );
    // Whoever works on the case hears about comments from others.
    if (!mentioned.some((p) => p.id === updated.assigneeId))
      await this.notifier.tellAssignee(
        updated,
        actor,
        (lang) => commentToAssigneeText(updated, actor, note, lang),
        capped,
      );
    return updated;
  }

  private isStaffId(p: Person): boolean {
    return p.roles.includes('operator') || p.roles.includes('admin');
  }

  /**
   * The reporter says the known error's workaround offered on the receipt fixed it: resolved by
   * that workaround and closed at once (she confirmed it), counted as deflected in `stats`.
   */
  async solveByWorkaround(t: TicketDoc, actor: Person, problemKey: string): Promise<TicketDoc> {
    if (!isOpen(t.status as TicketStatus)) throw invalidState(`${t.key} is ${t.status} already.`);
    const now = this.deps.clock.now();
    const note = solvedByWorkaroundNote(problemKey);
    return this.guardedUpdate(
      t,
      { status: 'closed', resolvedAt: now, closedAt: now, deflectedBy: problemKey, problemKey },
      [
        this.event(actor, 'status', { from: t.status, to: 'resolved', note }),
        this.event(actor, 'confirmed', { note }),
        this.event(actor, 'status', { from: 'resolved', to: 'closed', note: 'confirmed by the reporter' }),
      ],
    );
  }

  /** The reporter confirms the fix: the case closes. */
  async confirm(t: TicketDoc, actor: Person, note?: string): Promise<TicketDoc> {
    if (t.status !== 'resolved') throw invalidState(confirmNotResolvedText(t, actor.language));
    if (!this.inReopenWindow(t)) {
      throw refusal(
        'INVALID_STATE',
        said('ticket.err.confirmTooLate', { key: t.key, days: this.deps.config.tickets.reopenDays }),
        said('ticket.err.confirmTooLateFix'),
      );
    }
    const events = [
      this.event(actor, 'confirmed', { note }),
      this.event(actor, 'status', { from: 'resolved', to: 'closed', note: note ?? 'confirmed by the reporter' }),
    ];
    const updated = await this.guardedUpdate(t, { status: 'closed', closedAt: this.deps.clock.now() }, events);
    await this.notifier.tellAssignee(updated, actor, (lang) => fixConfirmedText(updated, actor, lang));
    return updated;
  }

  /** The reporter (or staff) reopens a resolved or closed case within the configured days. */
  async reopen(t: TicketDoc, actor: Person, note: string): Promise<TicketDoc> {
    if (isOpen(t.status as TicketStatus)) throw invalidState(reopenStillOpenText(t, actor.language));
    const days = this.deps.config.tickets.reopenDays;
    if (!this.inReopenWindow(t)) {
      const { message, fix } = reopenTooLateText(t, days, actor.language);
      throw invalidState(message, fix);
    }
    const to: TicketStatus = t.assigneeId ? 'assigned' : 'new';
    const events = [this.event(actor, 'reopened', { note }), this.event(actor, 'status', { from: t.status, to, note })];
    const updated = await this.guardedUpdate(t, { status: to, reopenCount: (t.reopenCount ?? 0) + 1 }, events, {
      resolvedAt: '',
      closedAt: '',
    });
    await this.notifier.tellAssignee(updated, actor, (lang) => reopenedToAssigneeText(updated, actor, note, lang));
    await this.notifier.tellReporter(updated, actor, (lang) => reopenedToReporterText(updated, note, lang));
    return updated;
  }
}
