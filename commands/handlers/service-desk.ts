import type { MessageHandler } from '../command';
import type { Attachment } from '../../src/chat/chat-event';
import type { OutMessage } from '../../src/chat/out-message';
import { notFound, OpsdeskError, usageError } from '../../src/core/errors';
import { findCaseKeyInText, formatCaseKey } from '../../src/tickets/case-key';
import {
  attachmentWithoutTextText,
  foldedText,
  originLimitedText,
  personLimitedText,
  tooLongText,
  unseenCaseText,
} from '../../src/tickets/render-floods';
import type { ReportAdmission } from '../../src/tickets/flood-guard';
import type { TicketDoc } from '../../src/tickets/ticket.model';
import { canSeeNotes, canSeeTicket } from '../../src/tickets/ticket-visibility';
import { rememberCommentSource } from '../../src/tickets/report-changes';
import { asking, recordQuestion } from '../../src/tickets/fix-questions';
import {
  followUpOffer,
  isThanks,
  knownErrorOffer,
  reopenedByReporterText,
  thanksNotedText,
} from '../../src/tickets/render-fix-question';
import { emptyNoteText, internalNoteAddedText } from '../../src/tickets/render-ticket';
import { matchKnownError } from '../../src/problems/known-errors';
import { knownErrorWhyText } from '../../src/problems/render-problem';
import { alertIfRecurring } from './recurring-reports';
import { addedToCaseText, receiptMessage } from '../../src/tickets/render-receipt';

type Ctx = Parameters<MessageHandler['handle']>[0];

/** A case logged this recently whose receipt went out is not answered again by a takeover. */
const RECEIPT_SENT_RECENTLY_MS = 3600_000;

/**
 * The service desk's ear: a reply in a case's thread, or a message naming a case the person can
 * see, becomes a comment; any other DM or mention becomes a new incident, unless it comes right
 * after the sender's last one (then it is added to that case) or a rate limit holds the sender
 * (`limits` in the config). Files sent with words are kept as links; files alone are answered.
 */
export const serviceDeskHandler: MessageHandler = {
  name: 'service-desk',
  async handle(ctx) {
    const { event, person, services } = ctx;
    const { tickets } = services;
    const text = event.text.trim();
    const attachments = event.attachments ?? [];
    if (!text && !attachments.length) return false;
    let threadCase: TicketDoc | undefined;
    if (event.thread) {
      const t = await tickets.byThread({ platform: event.platform, channel: event.channel, messageId: event.thread });
      if (t && canSeeTicket(person, t)) threadCase = t;
    }
    if (!threadCase && !event.direct && !event.mentioned) return false;
    if (!text) {
      await ctx.reply(attachmentWithoutTextText(attachments, threadCase?.key, person.language));
      return true;
    }
    if (threadCase) {
      await caseReply(ctx, threadCase, text, attachments);
      return true;
    }
    const named = findCaseKeyInText(text);
    if (named !== undefined) {
      const t = await tickets.byNumber(named);
      // A case that does not exist and one the sender may not see get the same answer.
      if (!t || !canSeeTicket(person, t)) {
        const { message, fix } = unseenCaseText(formatCaseKey(named), person.language);
        throw notFound(message, fix);
      }
      if (t.status !== 'closed') {
        await caseReply(ctx, t, text, attachments);
        return true;
      }
    }
    const max = services.config.tickets.maxTextLength;
    if (text.length > max) {
      const { message, fix } = tooLongText(text.length, max, person.language);
      throw new OpsdeskError('TOO_LARGE', message, { fix });
    }
    // The decision and its writes one at a time per sender; the answer after.
    const done = await tickets.floods.oneAtATime(person.id, () => report(ctx, text, attachments));
    await answer(ctx, done);
    return true;
  },
};

type Reported =
  | { kind: 'limited'; admission: Extract<ReportAdmission, { kind: 'limited' }> }
  | { kind: 'folded'; ticket: TicketDoc; tell: boolean }
  | { kind: 'logged'; ticket: TicketDoc; loggedBefore?: true };

/** A message that would open a case: a new case, a comment on the one of a moment ago, or held back. */
async function report(ctx: Ctx, text: string, attachments: Attachment[]): Promise<Reported> {
  const { event, person, services } = ctx;
  const { tickets } = services;
  const source = `${event.platform}|${event.eventId}`;
  const admission = await tickets.floods.admit({ person, platform: event.platform, origin: event.user.origin }, source);
  if (admission.kind === 'limited') return { kind: 'limited', admission };
  if (admission.kind === 'fold') {
    const updated = await commentAsReporter(ctx, admission.ticket, text, attachments);
    await tickets.floods.noteFold(person, event.platform);
    ctx.log.info({ case: updated.key }, 'message folded into the case reported a moment ago');
    return { kind: 'folded', ticket: updated, tell: admission.tell };
  }
  const t = await tickets.report({
    person,
    text,
    conversation: ctx.conversation,
    messageId: event.messageId,
    source,
    attachments,
  });
  tickets.floods.noteReport(person, t, source);
  return { kind: 'logged', ticket: t, ...(t.loggedBefore ? { loggedBefore: t.loggedBefore } : {}) };
}

/** Tells the sender what became of their report (a sender held back is told once). */
async function answer(ctx: Ctx, done: Reported): Promise<void> {
  const { config, tickets, clock } = ctx.services;
  const lang = ctx.person.language;
  if (done.kind === 'limited') {
    const { admission } = done;
    if (!admission.tell) return;
    const timezone = config.organisation.timezone;
    const { count, minutes } = config.limits.reportsPerPerson;
    await ctx.reply(
      admission.origin
        ? originLimitedText(admission.origin, ctx.event.platform, admission.freeAt, timezone, lang)
        : personLimitedText(count, minutes, admission.freeAt, timezone, lang),
    );
    return;
  }
  if (done.kind === 'folded') {
    if (done.tell) await ctx.reply(foldedText(done.ticket, config.limits.foldSeconds, lang));
    return;
  }
  const t = done.ticket;
  // A process that took over this delivery from a dead one finds the case; its receipt went out once.
  // (A redelivery long after, once the delivery's bookkeeping was pruned, is answered again.)
  const recent = ctx.services.clock.now().getTime() - new Date(t.createdAt).getTime() < RECEIPT_SENT_RECENTLY_MS;
  if (done.loggedBefore && recent && (await tickets.receiptOf(t._id))) return;
  // A known error that looks like this report: its workaround is offered at once.
  const known = await matchKnownError(t);
  const offer = known && knownErrorOffer(known.problem, knownErrorWhyText(known.why, lang), lang);
  // The receipt opens the case's conversation: where the room uses threads, in a thread on the report.
  const base: OutMessage = { ...receiptMessage(t, lang), opensThread: true };
  const receiptMsg: OutMessage = offer
    ? {
        ...base,
        text: `${base.text}\n\n${offer.text}`,
        actions: offer.actions,
        ...(base.card
          ? { card: { ...base.card, sections: [...(base.card.sections ?? []), { lines: offer.text.split('\n') }] } }
          : {}),
      }
    : base;
  await asking(async () => {
    const receipt = await ctx.reply(receiptMsg);
    await tickets.rememberReceipt(t, receipt);
    if (known) {
      const asked = { text: receiptMsg.text, card: receiptMsg.card };
      await recordQuestion('known-error', t, receipt, clock.now(), { problemKey: known.problem.key, asked });
    }
  });
  await alertIfRecurring(ctx.services, t);
  ctx.log.info({ case: t.key, category: t.category, priority: t.priority }, 'incident logged');
}

/** The comment; a reporter answering a question moves their case back to in-progress. */
async function commentAsReporter(ctx: Ctx, t: TicketDoc, text: string, attachments: Attachment[]): Promise<TicketDoc> {
  const { tickets } = ctx.services;
  let updated = await tickets.comment(t, ctx.person, text, [], attachments);
  // Deleting or editing the message later changes this comment (commands/handlers/report-changes.ts).
  await rememberCommentSource(`${ctx.event.platform}|${ctx.event.eventId}`, updated, ctx.person);
  if (updated.status === 'waiting-on-reporter' && ctx.person.id === updated.reporterId) {
    updated = await tickets.setStatus(updated, ctx.person, 'in-progress', 'the reporter answered');
  }
  return updated;
}

/**
 * A reply on a case (in one of its threads, or naming it): an internal note in an internal thread
 * or after the marker; from the reporter on a resolved case, a thanks or "still broken" (which
 * reopens it, or after the reopen window offers a new case); otherwise a comment.
 */
async function caseReply(ctx: Ctx, t: TicketDoc, text: string, attachments: Attachment[]): Promise<void> {
  const { tickets, config, clock } = ctx.services;
  const { event, person } = ctx;
  const marker = config.tickets.internalMarker;
  const inInternalThread =
    event.thread !== undefined &&
    (await tickets.isInternalThread({ platform: event.platform, channel: event.channel, messageId: event.thread }));
  const marked = text.toLowerCase().startsWith(marker.toLowerCase());
  if ((inInternalThread || marked) && canSeeNotes(person, t)) {
    const note = marked ? text.slice(marker.length).trim() : text;
    if (!note) throw usageError(emptyNoteText(marker));
    const updated = await tickets.comment(t, person, note, [], attachments, { internal: true });
    await ctx.reply(internalNoteAddedText(updated, [], 0));
    return;
  }
  const settled = t.status === 'resolved' || t.status === 'closed';
  if (settled && person.id === t.reporterId) {
    if (isThanks(text)) {
      if (t.status === 'resolved') await tickets.comment(t, person, text, [], attachments);
      await ctx.reply(thanksNotedText(t, person.language));
      return;
    }
    if (!tickets.inReopenWindow(t)) {
      const offer = followUpOffer(t, config.tickets.reopenDays, person.language);
      const ref = await ctx.reply(offer);
      await recordQuestion('follow-up', t, ref, clock.now(), { text, asked: { text: offer.text } });
      return;
    }
    const reopened = await tickets.reopen(t, person, text);
    await ctx.reply(reopenedByReporterText(reopened, person.language));
    return;
  }
  await addComment(ctx, t, text, attachments);
}

async function addComment(ctx: Ctx, t: TicketDoc, text: string, attachments: Attachment[]): Promise<void> {
  const updated = await commentAsReporter(ctx, t, text, attachments);
  await ctx.reply(addedToCaseText(updated, ctx.person.language));
}
