/**
 * The Slack adapter: Bolt receives (Socket Mode by default, the HTTP Events API as an option),
 * `event-translator` turns payloads into ChatEvents, and outbound calls go (`slack-sender`) through one web
 * client behind the per-channel queue (429s waited out) and the edit coalescer.
 *
 * Acknowledgement: Slack wants an answer within 3 seconds, retries an event that gets none (also
 * while the first request is still open), and never retries a slash command. So every event and
 * command is first stored (the bot's sink `deferred.receive`: the inbound receipt, with the event),
 * then acknowledged, then handled in the background: nothing slow (users.info, a 429's
 * Retry-After, the handler itself) holds the answer up, a retry finds the receipt, and what a
 * process dies holding is taken over by another (`deferred.onAbandoned`). An event that cannot be
 * stored is not acknowledged (Slack retries it); a command that cannot be stored is answered with
 * "try again", one not yet stored after 2.5 s with "it will run once stored". Socket Mode acknowledges the same way
 * (AckAfterHandleSocketReceiver acknowledges
 * when the listener returns, i.e. after the receipt); HTTP answers when the listener returns
 * (processBeforeResponse), after TimestampCheckedHttpReceiver has refused requests stamped more
 * than five minutes away. A sink without `deferred` (tests) has events acknowledged after it.
 */
import { App, type Receiver } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { AdapterData, ChatAdapter, DeferredIntake, EventSink } from '../../src/chat/chat-adapter';
import type { ChatEvent } from '../../src/chat/chat-event';
import type { ConversationRef, MessageRef } from '../../src/chat/conversation-ref';
import type { OutMessage } from '../../src/chat/out-message';
import type { Config } from '../../src/config/schema';
import { boltLogger } from './bolt-logger';
import { EditCoalescer } from './edit-coalescer';
import {
  ANSWER_ACTION_PREFIX,
  type BlockActionsBody,
  type BotIdentity,
  type EventCallbackBody,
  PLATFORM,
  type SlashCommandBody,
  translateBlockAction,
  translateEvent,
  translateSlashCommand,
} from './event-translator';
import { TimestampCheckedHttpReceiver } from './http-receiver';
import { OutboundQueue } from './outbound-queue';
import { ResponseUrls } from './response-urls';
import { type Env, type SlackSettings, slackSettings } from './slack-settings';
import { msg } from '../../src/i18n/catalog';
import { AckAfterHandleSocketReceiver } from './socket-receiver';
import { SlackSender } from './slack-sender';
import { SlackUserDirectory } from './user-directory';

const STOP_GRACE_MS = 10_000;
const USER_LOOKUP_MS = 1500;
/** Once the event is stored and acknowledged, Slack's 3 s no longer bound the wait for users.info. */
const STORED_USER_LOOKUP_MS = 10_000;
/** A command not stored by then is acknowledged anyway (Slack shows its own error after 3 s) and runs once stored. */
const SLOW_RECEIPT_MS = 2500;

export function createSlackAdapter(config: Config, env: Env, log: Logger): SlackAdapter {
  return new SlackAdapter({ ...slackSettings(config.slack, env), language: config.organisation.language }, log);
}

export class SlackAdapter implements ChatAdapter {
  readonly platform = PLATFORM;
  readonly client: WebClient;
  readonly queue: OutboundQueue;
  readonly edits: EditCoalescer;
  private readonly log: Logger;
  private readonly users: SlackUserDirectory;
  private readonly responseUrls = new ResponseUrls();
  private readonly sender: SlackSender;
  private readonly inflight = new Set<Promise<void>>();
  private app?: App;
  private socketReceiver?: AckAfterHandleSocketReceiver;
  private server?: Server;
  private sink?: EventSink;
  private bot: BotIdentity = {};
  /** Teams whose members are this organisation's people (`slack.homeTeams`, else the bot's own team). */
  private homeTeams: readonly string[] = [];

  constructor(
    private readonly settings: SlackSettings,
    log: Logger,
  ) {
    this.log = log.child({ adapter: PLATFORM });
    this.client = new WebClient(settings.botToken, {
      slackApiUrl: settings.apiUrl,
      logger: boltLogger(this.log),
      rejectRateLimitedCalls: true,
      retryConfig: { retries: 3, factor: 2, minTimeout: 250, maxTimeout: 4000 },
    });
    this.queue = new OutboundQueue({ log: this.log });
    this.sender = new SlackSender(
      this.client,
      this.queue,
      this.responseUrls,
      this.log,
      settings.editIntervalMs,
      settings.language,
    );
    this.edits = this.sender.edits;
    this.users = new SlackUserDirectory(this.client, settings.userCacheTtlMs, this.log);
  }

  async start(sink: EventSink): Promise<void> {
    this.sink = sink;
    const auth = await this.client.auth.test();
    this.bot = { userId: auth.user_id, botId: auth.bot_id, teamId: auth.team_id };
    this.homeTeams = this.settings.homeTeams ?? (auth.team_id ? [auth.team_id] : []);
    const app = new App({
      token: this.settings.botToken,
      botId: auth.bot_id,
      botUserId: auth.user_id,
      receiver: this.buildReceiver(),
      socketMode: this.settings.mode === 'socket',
      clientOptions: { slackApiUrl: this.settings.apiUrl },
      logger: boltLogger(this.log),
      convoStore: false,
      ignoreSelf: true,
    });
    app.event(/^(message|app_mention|reaction_added|reaction_removed)$/u, async ({ body }) => {
      const event = translateEvent(body as EventCallbackBody, this.bot, new Date(), {
        allowBots: this.settings.allowBots,
      });
      if (!event) return;
      const deferred = this.sink?.deferred;
      // Without receipts the only safe moment to acknowledge is after the handling.
      if (!deferred) return this.deliver(event);
      // A failure here reaches app.error: not acknowledged, Slack delivers the event again.
      if ((await deferred.receive(event)) === 'stored') this.background(this.handleStored(event, deferred));
    });
    // A tap on an answer button (OutMessage.actions) is the reaction it stands for; Slack wants the ack within 3 s.
    app.action(
      { type: 'block_actions', action_id: new RegExp(`^${ANSWER_ACTION_PREFIX}`, 'u') },
      async ({ ack, body }) => {
        const event = translateBlockAction(body as BlockActionsBody, new Date());
        const deferred = this.sink?.deferred;
        if (!event) return void (await ack());
        if (!deferred) {
          await ack();
          this.background(this.deliver(event));
          return;
        }
        const stored = await deferred.receive(event);
        await ack();
        if (stored === 'stored') this.background(this.handleStored(event, deferred));
      },
    );
    app.command(/^\/.+/u, async ({ command, ack }) => {
      const cmd = command as SlashCommandBody;
      this.responseUrls.remember(cmd.trigger_id, cmd.channel_id, cmd.user_id, cmd.response_url);
      const event = translateSlashCommand(cmd, this.settings.helpCommand, new Date());
      const deferred = this.sink?.deferred;
      if (!deferred) {
        await ack();
        this.background(this.deliver(event));
        return;
      }
      const receiving = deferred.receive(
        event,
        cmd.response_url ? { responseUrl: cmd.response_url, triggerId: cmd.trigger_id } : undefined,
      );
      const receipt = await Promise.race([
        receiving.then(
          (r) => ({ r }),
          (err: unknown) => ({ err }),
        ),
        sleep(SLOW_RECEIPT_MS).then(() => undefined),
      ]);
      if (!receipt) {
        // A slow database: answer within Slack's 3 s; the command runs once it is stored.
        this.log.warn(
          { eventId: event.eventId },
          'Slack slash command not stored within 2.5 s; acknowledged, it runs once stored',
        );
        this.background(receiving.then((r) => (r === 'stored' ? this.handleStored(event, deferred) : undefined)));
        await ack({ response_type: 'ephemeral', text: msg(this.settings.language, 'slack.commandSlow') });
        return;
      }
      if ('err' in receipt) {
        this.log.warn(
          { err: (receipt.err as Error).message, eventId: event.eventId },
          'Slack slash command could not be stored; the person was told to send it again',
        );
        // Slack does not send a command again: say so.
        await ack({ response_type: 'ephemeral', text: msg(this.settings.language, 'slack.commandNotTaken') });
        return;
      }
      // Handled whatever becomes of the ack (a socket may drop): a redelivery would only find the receipt.
      if (receipt.r === 'stored') this.background(this.handleStored(event, deferred));
      await ack();
    });
    app.error(async (err) => {
      this.log.error(
        { err },
        'Slack event not acknowledged (it could not be stored, or handled); Slack will deliver it again',
      );
      throw err;
    });
    this.app = app;
    if (this.settings.mode === 'socket') {
      await app.start();
    } else {
      const { host, port } = this.settings.http;
      this.server = (await app.start({ host, port })) as Server;
    }
    sink.deferred?.onAbandoned(PLATFORM, (event, data) => this.resume(event, data, sink.deferred!));
    this.log.info(
      { mode: this.settings.mode, botUserId: this.bot.userId, endpoint: this.endpointUrl() },
      'Slack adapter started',
    );
  }

  /** Resolves once every acknowledged event handled in the background is done (tests; stop waits the same way). */
  async idle(): Promise<void> {
    while (this.inflight.size) await Promise.allSettled([...this.inflight]);
  }

  async stop(): Promise<void> {
    const app = this.app;
    this.app = undefined;
    const work = (async () => {
      if (app) await app.stop().catch((err: unknown) => this.log.warn({ err }, 'Slack receiver stop failed'));
      await Promise.allSettled([...this.inflight]);
      await this.edits.flush();
      await this.queue.drain();
    })();
    const timedOut = await Promise.race([work.then(() => false), sleep(STOP_GRACE_MS).then(() => true)]);
    if (timedOut) this.log.warn('Slack adapter stopped before every queued message was sent');
    this.server = undefined;
    this.socketReceiver = undefined;
  }

  isReady(): boolean {
    if (!this.app) return false;
    if (this.socketReceiver) return this.socketReceiver.isConnected();
    return this.server?.listening ?? false;
  }

  /** The Events API request URL (http mode), e.g. for tests and the start-up log line. */
  endpointUrl(): string | undefined {
    const addr = this.server?.address() as AddressInfo | null | undefined;
    return addr ? `http://${this.settings.http.host}:${addr.port}${this.settings.http.path}` : undefined;
  }

  post(to: ConversationRef, msg: OutMessage): Promise<MessageRef> {
    return this.sender.post(to, msg);
  }

  edit(ref: MessageRef, msg: OutMessage): Promise<void> {
    return this.sender.edit(ref, msg);
  }

  react(ref: MessageRef, reaction: string): Promise<void> {
    return this.sender.react(ref, reaction);
  }

  openDirect(userId: string): Promise<ConversationRef> {
    return this.sender.openDirect(userId);
  }

  notice(to: ConversationRef, userId: string, msg: OutMessage): Promise<void> {
    return this.sender.notice(to, userId, msg);
  }

  private buildReceiver(): Receiver {
    const logger = boltLogger(this.log);
    if (this.settings.mode === 'socket') {
      this.socketReceiver = new AckAfterHandleSocketReceiver(
        {
          appToken: this.settings.appToken ?? '',
          logger,
          clientPingTimeout: this.settings.socketPingTimeoutMs,
          installerOptions: { clientOptions: { slackApiUrl: this.settings.apiUrl } },
        },
        (err, type) => this.log.warn({ err, type }, 'Slack envelope not acknowledged; Slack will redeliver it'),
      );
      return this.socketReceiver;
    }
    return new TimestampCheckedHttpReceiver(
      {
        signingSecret: this.settings.signingSecret ?? '',
        endpoints: [this.settings.http.path],
        // The answer goes when the listener returns: after the receipt is stored, before the handling.
        processBeforeResponse: true,
        logger,
        port: this.settings.http.port,
      },
      (skewSec) =>
        this.log.warn(
          { skewSec },
          'Slack request refused: its timestamp is more than 5 minutes from now (or not a number)',
        ),
    );
  }

  /**
   * Adds the display name, e-mail and team (cached users.info), says whether the user is external
   * (not of a home team: a Slack Connect guest, or a team that could not be told), then hands the
   * event to the sink.
   */
  private async deliver(event: ChatEvent): Promise<void> {
    const sink = this.sink;
    if (!sink) return;
    await this.addUserInfo(event);
    await sink(event);
  }

  /** A stored (and acknowledged) event: the display name and e-mail, then the handling. */
  private async handleStored(event: ChatEvent, deferred: DeferredIntake): Promise<void> {
    await this.addUserInfo(event, STORED_USER_LOOKUP_MS);
    await deferred.handle(event);
  }

  /** An event a stopped process had stored and not handled, taken over by this one. */
  private async resume(event: ChatEvent, data: AdapterData | undefined, deferred: DeferredIntake): Promise<void> {
    if (data?.responseUrl && data.triggerId)
      this.responseUrls.remember(data.triggerId, event.channel, event.user.id, data.responseUrl);
    await this.handleStored(event, deferred);
  }

  /** users.info, bounded: a slow or rate-limited lookup leaves the name out rather than hold the event up. */
  private async addUserInfo(event: ChatEvent, boundMs = USER_LOOKUP_MS): Promise<void> {
    const info = await Promise.race([this.users.lookup(event.user.id), sleep(boundMs).then(() => undefined)]);
    if (info?.displayName && !event.user.displayName) event.user.displayName = info.displayName;
    if (info?.email) event.user.email = info.email;
    const team = info?.team ?? event.user.team;
    if (team) event.user.team = team;
    event.user.external = !team || !this.homeTeams.includes(team);
    if (!team)
      this.log.info(
        { userId: event.user.id, eventId: event.eventId },
        'the team of a Slack user could not be told; taken as external',
      );
  }

  private background(p: Promise<void>): void {
    const tracked = p.catch((err: unknown) =>
      this.log.error({ err }, 'Slack event handling failed after it was acknowledged'),
    );
    this.inflight.add(tracked);
    void tracked.finally(() => this.inflight.delete(tracked));
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
