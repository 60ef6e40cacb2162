import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { AdapterData, DeferredIntake, EventSink, Receipt } from '../chat/chat-adapter';
import type { ChatEvent, MessageChangedEvent, MessageEvent, ReactionEvent } from '../chat/chat-event';
import type { ConversationRef } from '../chat/conversation-ref';
import { inDelivery } from '../chat/delivery-context';
import { toOutMessage, type OutMessage } from '../chat/out-message';
import type { Person } from '../people/person';
import { msg } from '../i18n/catalog';
import type { Lang } from '../i18n/languages';
import { userTextIn } from '../i18n/refusal';
import type { CommandContext } from '../../commands/command';
import type { CommandCatalog } from '../../commands/command';
import { findFamily } from './command-catalog';
import { editedCommandText } from '../tickets/render-report-changes';
import { OpsdeskError } from '../core/errors';
import { AbandonedDeliveries } from './abandoned-deliveries';
import { claimEvent, markEventDone, receiveEvent } from './event-claim';
import { commandPrefix, runCommand, strayCommand } from './run-command';
import type { Services } from '../../commands/services';

/** Said to the adapter, which has the platform deliver the event again (never to a person). */
const SHUTTING_DOWN = 'opsdesk is shutting down';

type Outcome = 'ok' | 'refused' | 'failed';

export interface IntakeStats {
  /** `over-budget`: not finished within `intake.budgetMs`; answered, recorded as handled, left running. */
  onHandled?(platform: string, kind: string, ms: number, outcome: Outcome | 'duplicate' | 'over-budget'): void;
  /** One command ran: its family (`unknown` if not in the catalog, `help`), time and outcome. */
  onCommand?(command: string, ms: number, outcome: 'ok' | 'refused' | 'failed'): void;
  /**
   * A limit held something back (`reports-per-person`, `reports-per-origin`, `dms-per-person`,
   * `mentions-per-comment`, `case-entries`), or (`folded`) a message went into the sender's case of
   * a moment ago. Who it was is in the log.
   */
  onFlood?(what: string, platform: string): void;
}

/**
 * Every inbound event passes here once: de-duplicated by (platform, eventId), the person resolved,
 * routed to a command, a message handler or a reaction handler, and every error answered. Each
 * event is handled within a time budget (`intake.budgetMs`, see handle()).
 */
export class Intake {
  private readonly owner = `${process.pid}-${randomUUID().slice(0, 8)}`;
  private accepting = true;
  private inFlight = 0;
  private idleWaiters: Array<() => void> = [];
  /** Deliveries stored (receive) or taken over and not yet handled, each counted in inFlight. */
  private readonly received = new Set<string>();
  private readonly abandoned: AbandonedDeliveries;

  constructor(
    private readonly services: Services,
    private readonly catalog: CommandCatalog,
    private readonly stats: IntakeStats = {},
  ) {
    this.abandoned = new AbandonedDeliveries(
      this.owner,
      services.clock,
      services.log.child({ component: 'intake' }),
      (event) => this.hold(event),
    );
  }

  /** Receive now, handle after the platform's acknowledgement (DeferredIntake in src/chat/chat-adapter.ts). */
  private readonly deferred: DeferredIntake = {
    receive: (event, data) => this.receive(event, data),
    handle: (event) => this.handleReceived(event),
    onAbandoned: (platform, resume) => this.abandoned.register(platform, resume),
  };

  /** The EventSink given to adapters. */
  readonly sink: EventSink = Object.assign(
    async (event: ChatEvent): Promise<void> => {
      if (!this.accepting) throw new OpsdeskError('UNAVAILABLE', SHUTTING_DOWN);
      this.inFlight++;
      try {
        await this.handle(event);
      } finally {
        this.done();
      }
    },
    { deferred: this.deferred },
  );

  /**
   * Looks for stored deliveries left by stopped processes now (it also happens by itself); how many were taken over.
   */
  recoverAbandoned(): Promise<number> {
    return this.abandoned.sweep();
  }

  /** Stop taking events and wait (bounded) for those in hand, stored ones included. */
  async stop(timeoutMs = 10_000): Promise<void> {
    this.accepting = false;
    this.abandoned.stop();
    if (this.inFlight === 0) return;
    await Promise.race([
      new Promise<void>((resolve) => this.idleWaiters.push(resolve)),
      new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref()),
    ]);
  }

  /**
   * Handles one event within `intake.budgetMs`. One that takes longer is logged, answered ("I could
   * not process that message…") and its inbound receipt marked done, so the adapter moves on (the
   * Matrix sync token advances, Slack gets its answer) and a redelivery after a restart is a
   * duplicate: the same event cannot stall the bot twice. Its handler is not cancelled (nothing
   * here can be); it finishes in the background, and stop() still waits for it.
   *
   * The budget covers slow asynchronous work: a slow database, homeserver or SSH host. A
   * synchronous CPU loop (e.g. a regular expression backtracking on crafted text) cannot be
   * interrupted by a timer, whose callback only runs once the loop is over; what prevents those is
   * reading input in linear time (htmlparser2's tokenizer for Matrix HTML, the glob matcher of
   * src/inventory/glob.ts, and the `regexp/no-super-linear-*` lint rules in eslint.config.mjs).
   */
  private async handle(event: ChatEvent): Promise<void> {
    const started = performance.now();
    const log = this.eventLog(event);
    const claim = await claimEvent(event.platform, event.eventId, this.owner, this.services.clock.now());
    if (claim === 'duplicate') {
      log.debug('duplicate delivery dropped');
      this.stats.onHandled?.(event.platform, event.type, performance.now() - started, 'duplicate');
      return;
    }
    await this.handleClaimed(event, started, log);
  }

  /**
   * Stores a delivery to be handled after the platform is answered (DeferredIntake.receive): the
   * receipt with the event. A redelivery of one stored before is a 'duplicate' (also while another
   * live process holds it: it is stored, and taken over should that process die).
   */
  private async receive(event: ChatEvent, data: AdapterData | undefined): Promise<Receipt> {
    if (!this.accepting) throw new OpsdeskError('UNAVAILABLE', SHUTTING_DOWN);
    const started = performance.now();
    const stored = { event: event as unknown as Record<string, unknown>, ...(data ? { data: { ...data } } : {}) };
    const claim = await receiveEvent(event.platform, event.eventId, this.owner, this.services.clock.now(), stored);
    if (claim === 'duplicate') {
      this.eventLog(event).debug('duplicate delivery dropped');
      this.stats.onHandled?.(event.platform, event.type, performance.now() - started, 'duplicate');
      return 'duplicate';
    }
    this.hold(event);
    return 'stored';
  }

  /** Counts a stored or taken-over delivery as in hand until handleReceived has run. */
  private hold(event: ChatEvent): void {
    const key = `${event.platform}|${event.eventId}`;
    if (this.received.has(key)) return;
    this.received.add(key);
    this.inFlight++;
  }

  /**
   * Handles a delivery received (or taken over) by this process; runs while stopping too, since it was acknowledged.
   */
  private async handleReceived(event: ChatEvent): Promise<void> {
    const key = `${event.platform}|${event.eventId}`;
    const held = this.received.delete(key);
    try {
      await this.handleClaimed(event, performance.now(), this.eventLog(event));
    } finally {
      if (held) this.done();
    }
  }

  private done(): void {
    this.inFlight--;
    if (this.inFlight === 0) for (const w of this.idleWaiters.splice(0)) w();
  }

  private eventLog(event: ChatEvent): Logger {
    return this.services.log.child({
      platform: event.platform,
      eventId: event.eventId,
      channel: event.channel,
      user: event.user.id,
      kind: event.type,
    });
  }

  /** Routes a claimed delivery within the budget and records it done. */
  private async handleClaimed(event: ChatEvent, started: number, log: Logger): Promise<void> {
    const { clock } = this.services;
    const budgetMs = this.services.config.intake.budgetMs;
    const work = inDelivery(event.platform, event.eventId, () => this.route(event, log));
    let timer: NodeJS.Timeout | undefined;
    const overBudget = new Promise<'over-budget'>((resolve) => {
      timer = setTimeout(resolve, budgetMs, 'over-budget');
    });
    let outcome: Outcome | 'over-budget' = 'failed';
    try {
      outcome = await Promise.race([work, overBudget]);
      if (outcome === 'over-budget') await this.onOverBudget(event, work, budgetMs, started, log);
    } finally {
      clearTimeout(timer);
      // A handler that failed has already answered; the delivery is done either way.
      await markEventDone(event.platform, event.eventId, clock.now());
      this.stats.onHandled?.(event.platform, event.type, performance.now() - started, outcome);
    }
  }

  /** Routes the event to its handlers; resolves with how it went. */
  private async route(event: ChatEvent, log: Logger): Promise<Outcome> {
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
      msg(person.language, event.reason === 'encrypted-no-crypto' ? 'intake.noCrypto' : 'intake.undecryptable'),
    );
    return 'ok';
  }

  /** Logs and answers an event over its budget, and keeps its still-running handler counted for stop(). */
  private async onOverBudget(
    event: ChatEvent,
    work: Promise<Outcome>,
    budgetMs: number,
    started: number,
    log: Logger,
  ): Promise<void> {
    log.warn(
      { budgetMs },
      'event not handled within the time budget: answered, recorded as handled, handler left running',
    );
    this.inFlight++;
    work
      .then(
        (late) =>
          log.info({ outcome: late, ms: Math.round(performance.now() - started) }, 'event over budget finished late'),
        (err: unknown) =>
          log.error({ err, ms: Math.round(performance.now() - started) }, 'event over budget failed late'),
      )
      .finally(() => this.done());
    const seconds = Math.round(budgetMs / 100) / 10;
    // The person is not at hand here (the handler still has them): the organisation's language.
    const lang = this.services.config.organisation.language;
    const what = msg(lang, event.type === 'reaction' ? 'intake.reaction' : 'intake.message');
    const text = toOutMessage(msg(lang, 'intake.overBudget', { what, seconds }));
    const { outbound } = this.services;
    const sent =
      event.type === 'message'
        ? event.slashCommand && !event.direct
          ? outbound.notice(this.replyTarget(event), event.user.id, text)
          : outbound.post(this.replyTarget(event), text)
        : event.type === 'reaction'
          ? outbound.notice(
              { platform: event.platform, channel: event.channel, thread: event.target.thread },
              event.user.id,
              text,
            )
          : Promise.resolve();
    await Promise.resolve(sent).catch((err: Error) =>
      log.warn({ err: err.message }, 'could not send the over-budget notice'),
    );
  }

  /** Where answers to a message go: its thread in a channel (one is started), the DM as it is. */
  private replyTarget(event: MessageEvent): ConversationRef {
    const conversation = { ...this.conversationOf(event), answering: event.messageId };
    return event.direct ? conversation : { ...conversation, thread: event.thread ?? event.messageId };
  }

  private conversationOf(event: MessageEvent): ConversationRef {
    return { platform: event.platform, channel: event.channel, thread: event.thread, direct: event.direct };
  }

  private async onMessage(event: MessageEvent, person: Person, log: Logger): Promise<Outcome> {
    const conversation = this.conversationOf(event);
    // Replies to a channel message go into its thread; DMs stay flat unless already threaded.
    const replyTo = this.replyTarget(event);
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
  private async onChanged(event: MessageChangedEvent, person: Person, log: Logger): Promise<Outcome> {
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

  private async onReaction(event: ReactionEvent, person: Person, log: Logger): Promise<Outcome> {
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
