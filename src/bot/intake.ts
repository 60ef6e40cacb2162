import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { AdapterData, DeferredIntake, EventSink, Receipt } from '../chat/chat-adapter';
import type { ChatEvent } from '../chat/chat-event';
import { inDelivery } from '../chat/delivery-context';
import { toOutMessage } from '../chat/out-message';
import { msg } from '../i18n/catalog';
import type { CommandCatalog } from '../../commands/command';
import { OpsdeskError } from '../core/errors';
import { AbandonedDeliveries } from './abandoned-deliveries';
import { claimEvent, markEventDone, receiveEvent } from './event-claim';
import { EventRoutes } from './event-routes';
import type { IntakeStats, Outcome } from './intake-stats';
import type { Services } from '../../commands/services';

export type { IntakeStats } from './intake-stats';

/** Said to the adapter, which has the platform deliver the event again (never to a person). */
const SHUTTING_DOWN = 'opsdesk is shutting down';

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
  private readonly routes: EventRoutes;

  constructor(
    private readonly services: Services,
    private readonly catalog: CommandCatalog,
    private readonly stats: IntakeStats = {},
  ) {
    this.routes = new EventRoutes(services, catalog, stats);
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
    const work = inDelivery(event.platform, event.eventId, () => this.routes.route(event, log));
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
    const { language } = this.services.people.resolve(event.platform, event.user);
    const key = event.type === 'reaction' ? 'intake.overBudget.reaction' : 'intake.overBudget.message';
    const text = toOutMessage(msg(language, key, { seconds }));
    const { outbound } = this.services;
    const sent =
      event.type === 'message'
        ? event.slashCommand && !event.direct
          ? outbound.notice(this.routes.replyTarget(event), event.user.id, text)
          : outbound.post(this.routes.replyTarget(event), text)
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
}
