import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { ChatEvent, MessageEvent, ReactionEvent } from '../chat/chat-event';
import type { ConversationRef } from '../chat/conversation-ref';
import { toOutMessage, type OutMessage } from '../chat/out-message';
import type { Person } from '../people/person';
import type { CommandContext } from '../../commands/command';
import type { CommandCatalog } from '../../commands/command';
import { findFamily } from './command-catalog';
import { OpsdeskError } from '../core/errors';
import { claimEvent, markEventDone } from './event-claim';
import { commandPrefix, runCommand } from './run-command';
import type { Services } from '../../commands/services';

export interface IntakeStats {
  onHandled?(platform: string, kind: string, ms: number, outcome: 'ok' | 'refused' | 'failed' | 'duplicate'): void;
  /** One command ran: its family (`unknown` if not in the catalog, `help`), time and outcome. */
  onCommand?(command: string, ms: number, outcome: 'ok' | 'refused' | 'failed'): void;
}

/**
 * Every inbound event passes here once: de-duplicated by (platform, eventId), the person resolved,
 * routed to a command, a message handler or a reaction handler, and every error answered.
 */
export class Intake {
  private readonly owner = `${process.pid}-${randomUUID().slice(0, 8)}`;
  private accepting = true;
  private inFlight = 0;
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly services: Services,
    private readonly catalog: CommandCatalog,
    private readonly stats: IntakeStats = {},
  ) {}

  /** The EventSink given to adapters. */
  readonly sink = async (event: ChatEvent): Promise<void> => {
    if (!this.accepting) throw new OpsdeskError('UNAVAILABLE', 'opsdesk is shutting down');
    this.inFlight++;
    try {
      await this.handle(event);
    } finally {
      this.inFlight--;
      if (this.inFlight === 0) for (const w of this.idleWaiters.splice(0)) w();
    }
  };

  /** Stop taking events and wait (bounded) for those in hand. */
  async stop(timeoutMs = 10_000): Promise<void> {
    this.accepting = false;
    if (this.inFlight === 0) return;
    await Promise.race([
      new Promise<void>((resolve) => this.idleWaiters.push(resolve)),
      new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref()),
    ]);
  }

  private async handle(event: ChatEvent): Promise<void> {
    const started = performance.now();
    const { clock } = this.services;
    const log = this.services.log.child({ platform: event.platform, eventId: event.eventId, channel: event.channel, user: event.user.id, kind: event.type });
    const claim = await claimEvent(event.platform, event.eventId, this.owner, clock.now());
    if (claim === 'duplicate') {
      log.debug('duplicate delivery dropped');
      this.stats.onHandled?.(event.platform, event.type, performance.now() - started, 'duplicate');
      return;
    }
    const person = this.services.people.resolve(event.platform, event.user.id, event.user.displayName);
    let outcome: 'ok' | 'refused' | 'failed' = 'ok';
    try {
      if (event.type === 'message') outcome = await this.onMessage(event, person, log);
      else if (event.type === 'reaction') outcome = await this.onReaction(event, person, log);
      else {
        log.warn({ reason: event.reason }, 'unreadable event');
        await this.services.outbound.post(
          { platform: event.platform, channel: event.channel, direct: event.direct },
          event.reason === 'encrypted-no-crypto'
            ? 'I cannot read encrypted messages here: end-to-end encryption is not available on this opsdesk. Please write to me in an unencrypted room or DM.'
            : 'I could not decrypt your last message. Please send it again, or verify this session.',
        );
      }
    } finally {
      // A handler that failed has already answered; the delivery is done either way.
      await markEventDone(event.platform, event.eventId, clock.now());
      this.stats.onHandled?.(event.platform, event.type, performance.now() - started, outcome);
    }
  }

  private conversationOf(event: MessageEvent): ConversationRef {
    return { platform: event.platform, channel: event.channel, thread: event.thread, direct: event.direct };
  }

  private async onMessage(event: MessageEvent, person: Person, log: Logger): Promise<'ok' | 'refused' | 'failed'> {
    const conversation = this.conversationOf(event);
    // Replies to a channel message go into its thread; DMs stay flat unless already threaded.
    const replyTo: ConversationRef = event.direct ? conversation : { ...conversation, thread: event.thread ?? event.messageId };
    const { outbound } = this.services;
    const base: Omit<CommandContext<unknown>, 'args'> = {
      event,
      person,
      conversation,
      reply: (msg: string | OutMessage) => outbound.post(replyTo, msg),
      replyPrivately: (msg: string | OutMessage) =>
        event.direct ? outbound.post(replyTo, msg).then(() => undefined) : outbound.notice(replyTo, event.user.id, msg),
      log,
      services: this.services,
    };
    const cmd = commandPrefix(event.text);
    const started = performance.now();
    const timed = (outcome: 'ok' | 'refused' | 'failed') => {
      if (cmd) this.stats.onCommand?.(commandLabel(this.catalog, cmd.body), performance.now() - started, outcome);
      return outcome;
    };
    try {
      if (cmd) {
        log.info({ command: cmd.body.split(/\s+/u).slice(0, 2).join(' ').slice(0, 60) }, 'command');
        await runCommand(this.catalog, cmd.body, cmd.prefix, base);
        return timed('ok');
      }
      for (const handler of this.catalog.messageHandlers) {
        if (await handler.handle(base)) return 'ok';
      }
      return 'ok';
    } catch (err) {
      return timed(await this.answerError(err, log, (msg) => (event.slashCommand ? base.replyPrivately(msg) : base.reply(msg).then(() => undefined))));
    }
  }

  private async onReaction(event: ReactionEvent, person: Person, log: Logger): Promise<'ok' | 'refused' | 'failed'> {
    const { outbound } = this.services;
    const ctx = {
      event,
      person,
      log,
      services: this.services,
      notice: (msg: string | OutMessage) =>
        outbound.notice({ platform: event.platform, channel: event.channel, thread: event.target.thread }, event.user.id, msg),
    };
    try {
      for (const handler of this.catalog.reactionHandlers) {
        if (await handler.handle(ctx)) return 'ok';
      }
      return 'ok';
    } catch (err) {
      return this.answerError(err, log, (msg) => ctx.notice(msg));
    }
  }

  private async answerError(err: unknown, log: Logger, send: (msg: OutMessage) => Promise<void>): Promise<'refused' | 'failed'> {
    if (err instanceof OpsdeskError && err.code !== 'INTERNAL') {
      log.info({ code: err.code, msg: err.message }, 'refused');
      await send(toOutMessage(err.toUserText())).catch((e: Error) => log.warn({ err: e.message }, 'could not send refusal'));
      return 'refused';
    }
    const ref = randomUUID().slice(0, 8);
    log.error({ err, ref }, 'handler failed');
    await send(
      toOutMessage(`Sorry, something went wrong on my side (reference ${ref}). The operators can find it in the log; please try again in a moment.`),
    ).catch((e: Error) => log.warn({ err: e.message }, 'could not send failure notice'));
    return 'failed';
  }
}

/** A bounded metrics label for a command: its family's name, `help`, or `unknown`. */
function commandLabel(catalog: CommandCatalog, body: string): string {
  const word = /^[A-Za-z][\w-]*/u.exec(body)?.[0]?.toLowerCase() ?? '';
  if (word === 'help' || word === 'opsdesk') return 'help';
  return findFamily(catalog, word)?.name ?? 'unknown';
}
