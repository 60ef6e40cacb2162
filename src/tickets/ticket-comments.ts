/**
 * Comments and internal notes on a case: written under the case's cap of entries, then sent to the
 * people mentioned, the reporter (public comments only) and the assignee. The ticket service
 * (ticket-service.ts) delegates here.
 */
import type { Attachment } from '../chat/chat-event';
import type { MessageRef } from '../chat/conversation-ref';
import { withKeyLock } from '../db/keyed-lock';
import type { Lang } from '../i18n/languages';
import { refusal, said } from '../i18n/refusal';
import type { Person } from '../people/person';
import { caseEventCap } from './case-size';
import { caseFullError, checkComment, withAttachments } from './comment-limits';
import type { FloodGuard } from './flood-guard';
import {
  commentToAssigneeText,
  commentToReporterText,
  internalMentionedText,
  internalToAssigneeText,
  mentionedText,
} from './render-ticket';
import { withRollup } from './rollup-build';
import type { TicketChangeDeps, TicketChanges } from './ticket-changes';
import type { TicketNotifier } from './ticket-notifier';
import { canSeeNotes } from './ticket-visibility';
import { Ticket, type TicketDoc, type TicketEvent } from './ticket.model';

export class TicketComments {
  constructor(
    private readonly deps: TicketChangeDeps,
    private readonly floods: FloodGuard,
    private readonly notifier: TicketNotifier,
    private readonly changes: TicketChanges,
    private readonly addThread: (ticketId: TicketDoc['_id'], ref: MessageRef, internal: boolean) => Promise<void>,
  ) {}

  private event(actor: Person, kind: TicketEvent['kind'], fields: Partial<TicketEvent> = {}): TicketEvent {
    return this.changes.event(actor, kind, fields);
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
}
