/**
 * The Slack adapter: Bolt receives (Socket Mode by default, the HTTP Events API as an option),
 * `event-translator` turns payloads into ChatEvents, and outbound calls go through one web
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
import { renderMessage, type SlackMessageBody } from './block-kit-renderer';
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
import { SlackUserDirectory } from './user-directory';

/** Messages sent through a response_url have no ts; their refs carry this prefix and cannot be edited. */
const RESPONSE_REF = 'response_url:';
const STOP_GRACE_MS = 10_000;
const USER_LOOKUP_MS = 1500;
/** Once the event is stored and acknowledged, Slack's 3 s no longer bound the wait for users.info. */
const STORED_USER_LOOKUP_MS = 10_000;
/** A command not stored by then is acknowledged anyway (Slack shows its own error after 3 s) and runs once stored. */
const SLOW_RECEIPT_MS = 2500;
/** Slack's answers to blocks it will not show: over its (undocumented) total size, or otherwise invalid. */
const BLOCKS_REFUSED = new Set(['msg_blocks_too_long', 'invalid_blocks']);

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
  private readonly dms = new Map<string, string>();
  private readonly inflight = new Set<Promise<void>>();
  private app?: App;
  private socketReceiver?: AckAfterHandleSocketReceiver;
  private server?: Server;
  private sink?: EventSink;
  private bot: BotIdentity = {};
  /** Teams whose members are this organisation's people (`slack.homeTeams`, else the bot's own team). */
  private homeTeams: readonly string[] = [];
  private responseRefs = 0;

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
    this.edits = new EditCoalescer(settings.editIntervalMs, (ref, msg) => this.update(ref, msg), this.log);
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

  async post(to: ConversationRef, msg: OutMessage): Promise<MessageRef> {
    const body = renderMessage(msg);
    const thread = slackTs(to.thread);
    let ref: MessageRef;
    const send = (b: SlackMessageBody) =>
      this.queue.run(to.channel, 'chat.postMessage', () =>
        this.client.chat.postMessage({
          channel: to.channel,
          ...b,
          thread_ts: thread,
          unfurl_links: false,
          unfurl_media: false,
        }),
      );
    try {
      let res;
      try {
        res = await send(body);
      } catch (err) {
        if (!body.blocks || !BLOCKS_REFUSED.has(platformError(err) ?? '')) throw err;
        this.log.warn(
          { error: platformError(err), channel: to.channel, blocks: body.blocks.length },
          'Slack refused the blocks of a message; sent as text',
        );
        res = await send({ text: body.text });
      }
      ref = {
        platform: PLATFORM,
        channel: res.channel ?? to.channel,
        messageId: String(res.ts),
        ...(thread ? { thread } : {}),
      };
    } catch (err) {
      // Only the answer to a slash command (its thread is the command's trigger id) may go through
      // that command's response_url, privately to the person who typed it.
      const url = cannotWrite(err) ? this.responseUrls.forCommand(to.thread, to.channel) : undefined;
      if (!url) throw err;
      await this.queue.run(to.channel, 'response_url', () => this.responseUrls.send(url, body, 'ephemeral'));
      this.responseRefs += 1;
      return { platform: PLATFORM, channel: to.channel, messageId: `${RESPONSE_REF}${this.responseRefs}` };
    }
    if (msg.image)
      await this.upload(ref, { file: msg.image.png, filename: msg.image.filename, title: msg.image.altText }, 'image');
    if (msg.file)
      await this.upload(ref, { file: msg.file.data, filename: msg.file.filename, title: msg.file.title }, 'file');
    return ref;
  }

  async edit(ref: MessageRef, msg: OutMessage): Promise<void> {
    if (ref.messageId.startsWith(RESPONSE_REF)) {
      this.log.debug({ ref }, 'a response_url message cannot be edited; edit dropped');
      return;
    }
    this.edits.submit(ref, msg);
  }

  async react(ref: MessageRef, reaction: string): Promise<void> {
    if (ref.messageId.startsWith(RESPONSE_REF)) return;
    try {
      await this.queue.run(ref.channel, 'reactions.add', () =>
        this.client.reactions.add({ channel: ref.channel, timestamp: ref.messageId, name: reaction }),
      );
    } catch (err) {
      if (platformError(err) !== 'already_reacted') throw err;
    }
  }

  async openDirect(userId: string): Promise<ConversationRef> {
    let channel = this.dms.get(userId);
    if (!channel) {
      const res = await this.queue.run(`open:${userId}`, 'conversations.open', () =>
        this.client.conversations.open({ users: userId }),
      );
      channel = res.channel?.id;
      if (!channel) throw new Error(`Slack conversations.open gave no channel for ${userId}`);
      this.dms.set(userId, channel);
    }
    return { platform: PLATFORM, channel, direct: true };
  }

  async notice(to: ConversationRef, userId: string, msg: OutMessage): Promise<void> {
    const body = renderMessage(msg);
    try {
      await this.queue.run(to.channel, 'chat.postEphemeral', () =>
        this.client.chat.postEphemeral({ channel: to.channel, user: userId, ...body, thread_ts: slackTs(to.thread) }),
      );
      return;
    } catch (err) {
      if (!cannotWrite(err)) throw err;
      const url =
        this.responseUrls.forCommand(to.thread, to.channel, userId) ?? this.responseUrls.forUser(to.channel, userId);
      if (url) {
        await this.queue.run(to.channel, 'response_url', () => this.responseUrls.send(url, body, 'ephemeral'));
        return;
      }
    }
    await this.post(await this.openDirect(userId), msg);
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

  /**
   * Edits a message. Blocks Slack refuses (over its total size, or invalid) are sent again as
   * text; `blocks: []` then, because chat.update without blocks keeps the old ones (a card
   * saying DEPLOYING while its text says done). For the same reason an edit to plain text sends
   * `blocks: []` (a question whose buttons must go once it is answered).
   */
  private async update(ref: MessageRef, msg: OutMessage): Promise<void> {
    const rendered = renderMessage(msg);
    const body = { ...rendered, blocks: rendered.blocks ?? [] };
    const send = (b: SlackMessageBody) =>
      this.queue.run(ref.channel, 'chat.update', () =>
        this.client.chat.update({ channel: ref.channel, ts: ref.messageId, ...b }),
      );
    try {
      await send(body);
    } catch (err) {
      if (!body.blocks.length || !BLOCKS_REFUSED.has(platformError(err) ?? '')) throw err;
      this.log.warn(
        { error: platformError(err), channel: ref.channel, blocks: body.blocks.length },
        'Slack refused the blocks of an edit; sent as text',
      );
      await send({ text: body.text, blocks: [] });
    }
  }

  /** Images (the digest chart) and files (a CSV on request) follow their message in the same conversation. */
  private async upload(
    after: MessageRef,
    f: { file: Buffer; filename: string; title: string },
    what: 'image' | 'file',
  ): Promise<void> {
    const channel = after.channel;
    try {
      const file = { ...f, ...(what === 'image' ? { alt_text: f.title } : {}) };
      await this.queue.run(channel, 'files.uploadV2', () =>
        this.client.filesUploadV2(
          after.thread ? { ...file, channel_id: channel, thread_ts: after.thread } : { ...file, channel_id: channel },
        ),
      );
    } catch (err) {
      this.log.warn(
        { err: (err as Error).message, channel, what },
        `Slack ${what} upload failed; the message was sent without it`,
      );
    }
  }
}

/**
 * A thread root as Slack knows it (a message ts). Slash commands have no message, so the core's
 * "reply in the thread of the command" (its trigger id) means the channel itself.
 */
function slackTs(id: string | undefined): string | undefined {
  return id && /^\d+\.\d+$/u.test(id) ? id : undefined;
}

function platformError(err: unknown): string | undefined {
  const e = err as { code?: string; data?: { error?: string } };
  return e?.code === 'slack_webapi_platform_error' ? e.data?.error : undefined;
}

/** The bot cannot write there (not invited, or someone else's DM). */
function cannotWrite(err: unknown): boolean {
  const code = platformError(err);
  return code === 'not_in_channel' || code === 'channel_not_found' || code === 'user_not_in_channel';
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
