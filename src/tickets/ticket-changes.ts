/**
 * What staff and reporters do to a case: status, assignment, priority, category, escalation, the
 * reporter's confirm and reopen. Each is one guarded update of the case (with its roll-up row) that
 * then tells whom it concerns. The ticket service (ticket-service.ts) delegates here.
 */
import type { OutMessage } from '../chat/out-message';
import type { Config } from '../config/schema';
import type { Clock } from '../core/clock';
import { invalidState } from '../core/errors';
import { withKeyLock } from '../db/keyed-lock';
import type { Lang } from '../i18n/languages';
import { refusal, said, statusSaid } from '../i18n/refusal';
import type { Person } from '../people/person';
import { asking, recordQuestion } from './fix-questions';
import { closedNotice, resolvedNotice, solvedByWorkaroundNote } from './render-fix-question';
import { confirmNotResolvedText, reopenStillOpenText, reopenTooLateText } from './render-receipt';
import {
  assignedText,
  assignedToYouText,
  escalatedText,
  escalatedToYouText,
  fixConfirmedText,
  reopenedToAssigneeText,
  reopenedToReporterText,
  statusChangedText,
} from './render-ticket';
import { withRollup } from './rollup-build';
import type { TicketNotifier } from './ticket-notifier';
import { isOpen, NEXT_STATUS, type Priority, type TicketStatus } from './ticket-status';
import { Ticket, type TicketDoc, type TicketEvent } from './ticket.model';

/** What the changes of a case need. */
export interface TicketChangeDeps {
  config: Config;
  clock: Clock;
}

export class TicketChanges {
  constructor(
    private readonly deps: TicketChangeDeps,
    private readonly notifier: TicketNotifier,
  ) {}

  /** An entry of the case's history, by `actor`, now. */
  event(actor: Person, kind: TicketEvent['kind'], fields: Partial<TicketEvent> = {}): TicketEvent {
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
   * The reporter says the known error's workaround offered on the receipt fixed it: resolved by
   * that workaround and closed at once (she confirmed it), counted as deflected in `stats`.
   */
  async solveByWorkaround(t: TicketDoc, actor: Person, problemKey: string): Promise<TicketDoc> {
    if (!isOpen(t.status as TicketStatus))
      throw refusal('INVALID_STATE', said('ticket.err.alreadyStatus', { key: t.key, status: statusSaid(t.status) }));
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
