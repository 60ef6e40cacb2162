import type { CommandContext, MessageHandler } from '../command';
import { OpsdeskError } from '../../src/core/errors';
import { msg } from '../../src/i18n/catalog';
import { sayIn } from '../../src/i18n/refusal';
import { threadKey } from '../../src/chat/thread-key';
import { fieldLabel, fieldQuestion, FIELD_SPECS, parseField } from '../../src/changes/rfc-fields';
import type { RfcDoc } from '../../src/changes/rfc.model';
import { scheduleStandard } from '../use-cases/standard-change';

type Ctx = Omit<CommandContext<unknown>, 'args'>;

const STOP_WORDS = /^(?:cancel|stop|later|quit)$/iu;

/** The thread a command's replies go to, as a dialogue key (DMs stay flat: none). */
export function dialogueThreadOf(ctx: Ctx): string | undefined {
  const e = ctx.event;
  if (e.direct && !e.thread) return undefined;
  return threadKey({ platform: e.platform, channel: e.channel, messageId: e.thread ?? e.messageId });
}

/**
 * Asks for the first required field that is still empty, or says the RFC is ready to submit.
 * The question's own thread also takes answers (a Slack reply to a DM question).
 */
export async function askNext(ctx: Ctx, rfc: RfcDoc, intro = ''): Promise<void> {
  const { changes } = ctx.services;
  const missing = changes.missingFields(rfc);
  const lang = ctx.person.language;
  const prefix = intro ? `${intro}\n` : '';
  if (!missing.length && rfc.type === 'standard' && (rfc.state === 'draft' || rfc.state === 'postponed')) {
    await ctx.reply(`${prefix}${await scheduleStandard(ctx.services, rfc, ctx.person)}`);
    return;
  }
  if (!missing.length) {
    await changes.setAsking(rfc, undefined);
    await ctx.reply(`${prefix}${msg(lang, 'rfc.ask.complete', { key: rfc.key })}`);
    return;
  }
  const field = missing[0];
  const question = msg(lang, 'rfc.ask.next', {
    key: rfc.key,
    label: fieldLabel(lang, field).toLowerCase(),
    count: missing.length,
    fields: missing.join(', '),
    question: fieldQuestion(lang, field),
    field,
  });
  const ref = await ctx.reply(`${prefix}${question}`);
  const here = dialogueThreadOf(ctx);
  await changes.setAsking(rfc, field, here ? [here, threadKey(ref)] : [threadKey(ref)]);
}

/**
 * The RFC dialogue: a reply by the requester in the thread of an RFC's questions (or, in a DM, the
 * next message) fills the field being asked for; then the next missing one is asked.
 */
export const rfcDialogueHandler: MessageHandler = {
  name: 'rfc-dialogue',
  async handle(ctx) {
    const { event, person, services } = ctx;
    const lang = person.language;
    const text = event.text.trim();
    if (!text || !services.changes.dialogues.mayHave(person.id)) return false;
    let rfc: RfcDoc | null = null;
    if (event.thread)
      rfc = await services.changes.byDialogueThread(
        threadKey({ platform: event.platform, channel: event.channel, messageId: event.thread }),
      );
    if (!rfc && event.direct) rfc = await services.changes.dialogueInDirect(person.id, event.platform, event.channel);
    if (!rfc || rfc.requesterId !== person.id || !rfc.asking) return false;
    if (STOP_WORDS.test(text)) {
      await services.changes.setAsking(rfc, undefined);
      await ctx.reply(msg(lang, 'rfc.ask.stopped', { key: rfc.key }));
      return true;
    }
    const field = rfc.asking as keyof typeof FIELD_SPECS;
    let value: unknown;
    try {
      value = parseField(field, text, services.config.organisation.timezone);
    } catch (err) {
      if (!(err instanceof OpsdeskError)) throw err;
      const said = err.localized?.message ? sayIn(lang, err.localized.message) : err.message;
      await ctx.reply(`${said} ${fieldQuestion(lang, field)}`);
      return true;
    }
    const updated = await services.changes.setFields(rfc.key, person, { [field]: value }, `answered: ${field}`);
    await askNext(ctx, updated, msg(lang, 'rfc.ask.noted', { label: fieldLabel(lang, field).toLowerCase() }));
    return true;
  },
};
