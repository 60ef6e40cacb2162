/**
 * Where an event goes once claimed: a command, the message handlers, the change handlers or the
 * reaction handlers, each answered in the thread (a channel) or the DM, and every error answered
 * in the person's language (a refusal with its text and fix, anything else with a reference to the
 * log). Used by the intake (src/bot/intake.ts), which de-duplicates and keeps the time budget.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { ChatEvent, MessageChangedEvent, MessageEvent, ReactionEvent } from '../chat/chat-event';
import type { ConversationRef } from '../chat/conversation-ref';
import { inLanguage, toOutMessage, type OutMessage } from '../chat/out-message';
import type { Person } from '../people/person';
import { msg } from '../i18n/catalog';
import type { Lang } from '../i18n/languages';
import { userTextIn } from '../i18n/refusal';
import type { CommandCatalog, CommandContext } from '../../commands/command';
import type { Services } from '../../commands/services';
import { findFamily } from './command-catalog';
import { editedCommandText } from '../tickets/render-report-changes';
import { OpsdeskError } from '../core/errors';
import { commandPrefix, runCommand, strayCommand } from './run-command';
import type { IntakeStats, Outcome } from './intake-stats';

export class EventRoutes {
  constructor(
    private readonly services: Services,
    private readonly catalog: CommandCatalog,
    private readonly stats: IntakeStats,
  ) {}

  /** Routes the event to its handlers; resolves with how it went. */
  async route(event: ChatEvent, log: Logger): Promise<Outcome> {
    const { people } = this.services;
    const person = people.resolve(event.platform, event.user);
    if (event.user.external && people.isConfiguredIdentity(event.platform, event.user.id)) {
      log.warn(
        { team: event.user.team },
        'a user of another organisation has the id of a configured person; taken as an unverified reporter',
      );
    }
    if (event.type === 'message') return this.onMessage(event, person, log);
    if (event.type === 'reaction') return this.onReaction(event, person, log);
    if (event.type === 'changed') return this.onChanged(event, person, log);
    log.warn({ reason: event.reason }, 'unreadable event');
    await this.services.outbound.post(
      { platform: event.platform, channel: event.channel, direct: event.direct },
      msg(
        person.language,
        event.reason === 'encrypted-no-crypto' ? 'intake.encryptedNoCrypto' : 'intake.undecryptable',
      ),
    );
    return 'ok';
  }

  /** Where answers to a message go: its thread in a channel (one is started), the DM as it is. */
  replyTarget(event: MessageEvent): ConversationRef {
    const conversation = { ...this.conversationOf(event), answering: event.messageId };
    return event.direct ? conversation : { ...conversation, thread: event.thread ?? event.messageId };
  }

  private conversationOf(event: MessageEvent): ConversationRef {
    return { platform: event.platform, channel: event.channel, thread: event.thread, direct: event.direct };
  }

  async onMessage(event: MessageEvent, person: Person, log: Logger): Promise<Outcome> {
    const conversation = this.conversationOf(event);
    // Replies to a channel message go into its thread; DMs stay flat unless already threaded.
    const replyTo = this.replyTarget(event);
    const { outbound } = this.services;
    const base: Omit<CommandContext<unknown>, 'args'> = {
      event,
      person,
      conversation,
      reply: (msg: string | OutMessage) => outbound.post(replyTo, inLanguage(msg, person.language)),
      replyPrivately: (msg: string | OutMessage) => {
        const m = inLanguage(msg, person.language);
        return event.direct
          ? outbound.post(replyTo, m).then(() => undefined)
          : outbound.notice(replyTo, event.user.id, m);
      },
      log,
      services: this.services,
    };
    const cmd = commandPrefix(event.text);
    const started = performance.now();
    const timed = (outcome: Outcome) => {
      if (cmd) this.stats.onCommand?.(commandLabel(this.catalog, cmd.body), performance.now() - started, outcome);
      return outcome;
    };
    try {
      if (cmd) {
        log.info({ command: cmd.body.split(/\s+/u).slice(0, 2).join(' ').slice(0, 60) }, 'command');
        await runCommand(this.catalog, cmd.body, cmd.prefix, base);
        return timed('ok');
      }
      // `/`, `/?`, `/2fa reset` written to the bot: answered as not a command, never a case.
      const stray =
        event.direct || event.mentioned || event.slashCommand
          ? strayCommand(this.catalog, event.text, base.person.language)
          : undefined;
      if (stray) {
        this.stats.onCommand?.('unknown', performance.now() - started, 'refused');
        throw stray;
      }
      for (const handler of this.catalog.messageHandlers) {
        if (await handler.handle(base)) return 'ok';
      }
      return 'ok';
    } catch (err) {
      return timed(
        await this.answerError(err, log, person.language, (msg) =>
          event.slashCommand ? base.replyPrivately(msg) : base.reply(msg).then(() => undefined),
        ),
      );
    }
  }

  /** An edited or removed message: an edited command is refused; a reporter's own report is updated. */
  async onChanged(event: MessageChangedEvent, person: Person, log: Logger): Promise<Outcome> {
    const to: ConversationRef = {
      platform: event.platform,
      channel: event.channel,
      direct: event.direct,
      thread: event.direct ? event.thread : (event.thread ?? event.messageId),
    };
    const reply = (msg: string | OutMessage) => this.services.outbound.post(to, msg);
    try {
      if (event.change === 'edited' && event.text && commandPrefix(event.text)) {
        await reply(editedCommandText(person.language));
        return 'refused';
      }
      for (const handler of this.catalog.changeHandlers ?? []) {
        if (await handler.handle({ event, person, reply, log, services: this.services })) return 'ok';
      }
      return 'ok';
    } catch (err) {
      return this.answerError(err, log, person.language, (msg) => reply(msg).then(() => undefined));
    }
  }

  async onReaction(event: ReactionEvent, person: Person, log: Logger): Promise<Outcome> {
    const { outbound } = this.services;
    const ctx = {
      event,
      person,
      log,
      services: this.services,
      notice: (msg: string | OutMessage) =>
        outbound.notice(
          { platform: event.platform, channel: event.channel, thread: event.target.thread },
          event.user.id,
          msg,
        ),
    };
    try {
      for (const handler of this.catalog.reactionHandlers) {
        if (await handler.handle(ctx)) return 'ok';
      }
      return 'ok';
    } catch (err) {
      return this.answerError(err, log, person.language, (msg) => ctx.notice(msg));
    }
  }

  private async answerError(
    err: unknown,
    log: Logger,
    /** The language of the person answered (refusals from the catalog are said in it). */
    lang: Lang | undefined,
    send: (msg: OutMessage) => Promise<void>,
  ): Promise<'refused' | 'failed'> {
    if (err instanceof OpsdeskError && err.code !== 'INTERNAL') {
      log.info({ code: err.code, msg: err.message }, 'refused');
      await send(toOutMessage(userTextIn(err, lang))).catch((e: Error) =>
        log.warn({ err: e.message }, 'could not send refusal'),
      );
      return 'refused';
    }
    const ref = randomUUID().slice(0, 8);
    log.error({ err, ref }, 'handler failed');
    await send(toOutMessage(msg(lang, 'failure.internal', { ref }))).catch((e: Error) =>
      log.warn({ err: e.message }, 'could not send failure notice'),
    );
    return 'failed';
  }
}

/** A bounded metrics label for a command: its family's name, `help`, or `unknown`. */
function commandLabel(catalog: CommandCatalog, body: string): string {
  const word = /^[A-Za-z][\w-]*/u.exec(body)?.[0]?.toLowerCase() ?? '';
  if (word === 'help' || word === 'opsdesk') return 'help';
  return findFamily(catalog, word)?.name ?? 'unknown';
}
