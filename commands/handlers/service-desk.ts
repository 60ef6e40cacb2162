import type { MessageHandler } from '../command';
import { OpsdeskError } from '../../src/core/errors';
import { findCaseKeyInText } from '../../src/tickets/case-key';
import { PRIORITY_LABELS, type Priority } from '../../src/tickets/ticket-status';
import { canSeeTicket } from '../../src/tickets/ticket-visibility';

/**
 * The service desk's ear: a reply in a case's thread, or a message naming a case the person can
 * see, becomes a comment; any other DM or mention becomes a new incident.
 */
export const serviceDeskHandler: MessageHandler = {
  name: 'service-desk',
  async handle(ctx) {
    const { event, person, services } = ctx;
    const { tickets } = services;
    const text = event.text.trim();
    if (!text) return false;
    if (event.thread) {
      const t = await tickets.byThread({ platform: event.platform, channel: event.channel, messageId: event.thread });
      if (t && canSeeTicket(person, t)) {
        await addComment(ctx, t, text);
        return true;
      }
    }
    if (!event.direct && !event.mentioned) return false;
    const named = findCaseKeyInText(text);
    if (named !== undefined) {
      const t = await tickets.byNumber(named);
      if (t && canSeeTicket(person, t) && t.status !== 'closed') {
        await addComment(ctx, t, text);
        return true;
      }
    }
    const max = services.config.tickets.maxTextLength;
    if (text.length > max) {
      throw new OpsdeskError('TOO_LARGE', `Your message is ${text.length} characters long; I take reports of up to ${max}.`, {
        fix: 'Describe the problem in a few sentences; an operator will ask for more if needed. Nothing was logged.',
      });
    }
    const t = await tickets.report({
      person,
      text,
      conversation: ctx.conversation,
      messageId: event.messageId,
      source: `${event.platform}|${event.eventId}`,
    });
    const receipt = await ctx.reply({
      text: `Logged as *${t.key}* (${t.category}, ${PRIORITY_LABELS[t.priority as Priority]}). The service desk will get back to you here.\nTo add details, reply in this thread or write a message starting with ${t.key}.`,
      card: {
        kind: 'ticket',
        title: `${t.key} ${t.title}`,
        status: 'NEW',
        fields: [
          { label: 'Category', value: t.category },
          { label: 'Priority', value: PRIORITY_LABELS[t.priority as Priority] },
        ],
        footer: `Reply in this thread or write "${t.key} …" to add details.`,
      },
    });
    await tickets.rememberReceipt(t._id, receipt);
    ctx.log.info({ case: t.key, category: t.category, priority: t.priority }, 'incident logged');
    return true;
  },
};

async function addComment(ctx: Parameters<MessageHandler['handle']>[0], t: Awaited<ReturnType<typeof ctx.services.tickets.visible>>, text: string): Promise<void> {
  const { tickets } = ctx.services;
  let updated = await tickets.comment(t, ctx.person, text);
  if (updated.status === 'waiting-on-reporter' && ctx.person.id === updated.reporterId) {
    updated = await tickets.setStatus(updated, ctx.person, 'in-progress', 'the reporter answered');
  }
  await ctx.reply(`Added to ${updated.key}. Thanks!`);
}
