/**
 * The Slack adapter: Bolt receives (Socket Mode by default, the HTTP Events API as an option),
 * `event-translator` turns payloads into ChatEvents, and outbound calls go through one web
 * client behind the per-channel queue (429s waited out) and the edit coalescer.
 *
 * Acknowledgement: events are acknowledged after the sink has handled them (Socket Mode via
 * AckAfterHandleSocketReceiver, HTTP via processBeforeResponse), so Slack redelivers what a dying
 * process held; slash commands are acknowledged at once and handled in the background, because
 * Slack wants their ack within 3 seconds.
 */
import { App, HTTPReceiver, type Receiver } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { ChatAdapter, EventSink } from '../../src/chat/chat-adapter';
import type { ChatEvent } from '../../src/chat/chat-event';
import type { ConversationRef, MessageRef } from '../../src/chat/conversation-ref';
import type { OutMessage } from '../../src/chat/out-message';
import type { Config } from '../../src/config/schema';
import { renderMessage } from './block-kit-renderer';
import { boltLogger } from './bolt-logger';
import { EditCoalescer } from './edit-coalescer';
import { type BotIdentity, type EventCallbackBody, PLATFORM, type SlashCommandBody, translateEvent, translateSlashCommand } from './event-translator';
import { OutboundQueue } from './outbound-queue';
import { ResponseUrls } from './response-urls';
import { type Env, type SlackSettings, slackSettings } from './slack-settings';
import { AckAfterHandleSocketReceiver } from './socket-receiver';
import { SlackUserDirectory } from './user-directory';

/** Messages sent through a response_url have no ts; their refs carry this prefix and cannot be edited. */
const RESPONSE_REF = 'response_url:';
const STOP_GRACE_MS = 10_000;
const USER_LOOKUP_MS = 1500;

export function createSlackAdapter(config: Config, env: Env, log: Logger): SlackAdapter {
  return new SlackAdapter(slackSettings(config.slack, env), log);
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
      const event = translateEvent(body as EventCallbackBody, this.bot, new Date());
      if (event) await this.deliver(event);
    });
    app.command(/^\/.+/u, async ({ command, ack }) => {
      await ack();
      const cmd = command as SlashCommandBody;
      this.responseUrls.remember(cmd.channel_id, cmd.user_id, cmd.response_url);
      this.background(this.deliver(translateSlashCommand(cmd, this.settings.helpCommand, new Date())));
    });
    app.error(async (err) => {
      this.log.error({ err }, 'Slack event handling failed; Slack will redeliver it');
      throw err;
    });
    this.app = app;
    if (this.settings.mode === 'socket') {
      await app.start();
    } else {
      const { host, port } = this.settings.http;
      this.server = (await app.start({ host, port })) as Server;
    }
    this.log.info({ mode: this.settings.mode, botUserId: this.bot.userId, endpoint: this.endpointUrl() }, 'Slack adapter started');
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
    try {
      const res = await this.queue.run(to.channel, 'chat.postMessage', () =>
        this.client.chat.postMessage({ channel: to.channel, ...body, thread_ts: thread, unfurl_links: false, unfurl_media: false }),
      );
      ref = { platform: PLATFORM, channel: res.channel ?? to.channel, messageId: String(res.ts), ...(thread ? { thread } : {}) };
    } catch (err) {
      const url = cannotWrite(err) ? this.responseUrls.take(to.channel) : undefined;
      if (!url) throw err;
      await this.queue.run(to.channel, 'response_url', () => this.responseUrls.send(url, body, 'ephemeral'));
      this.responseRefs += 1;
      return { platform: PLATFORM, channel: to.channel, messageId: `${RESPONSE_REF}${this.responseRefs}` };
    }
    if (msg.image) await this.upload(ref, msg.image);
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
      await this.queue.run(ref.channel, 'reactions.add', () => this.client.reactions.add({ channel: ref.channel, timestamp: ref.messageId, name: reaction }));
    } catch (err) {
      if (platformError(err) !== 'already_reacted') throw err;
    }
  }

  async openDirect(userId: string): Promise<ConversationRef> {
    let channel = this.dms.get(userId);
    if (!channel) {
      const res = await this.queue.run(`open:${userId}`, 'conversations.open', () => this.client.conversations.open({ users: userId }));
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
      const url = this.responseUrls.take(to.channel, userId);
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
    return new HTTPReceiver({
      signingSecret: this.settings.signingSecret ?? '',
      endpoints: [this.settings.http.path],
      processBeforeResponse: true,
      logger,
      port: this.settings.http.port,
    });
  }

  /** Adds the display name and e-mail (cached users.info), then hands the event to the sink. */
  private async deliver(event: ChatEvent): Promise<void> {
    const sink = this.sink;
    if (!sink) return;
    const info = await Promise.race([this.users.lookup(event.user.id), sleep(USER_LOOKUP_MS).then(() => undefined)]);
    if (info?.displayName && !event.user.displayName) event.user.displayName = info.displayName;
    if (info?.email) event.user.email = info.email;
    await sink(event);
  }

  private background(p: Promise<void>): void {
    const tracked = p.catch((err: unknown) => this.log.error({ err }, 'Slack slash command handling failed'));
    this.inflight.add(tracked);
    void tracked.finally(() => this.inflight.delete(tracked));
  }

  private async update(ref: MessageRef, msg: OutMessage): Promise<void> {
    const body = renderMessage(msg);
    await this.queue.run(ref.channel, 'chat.update', () => this.client.chat.update({ channel: ref.channel, ts: ref.messageId, ...body }));
  }

  /** Images (the digest chart) follow their message in the same conversation; text already says it all. */
  private async upload(after: MessageRef, image: NonNullable<OutMessage['image']>): Promise<void> {
    const channel = after.channel;
    try {
      const file = { file: image.png, filename: image.filename, alt_text: image.altText, title: image.altText };
      await this.queue.run(channel, 'files.uploadV2', () =>
        this.client.filesUploadV2(after.thread ? { ...file, channel_id: channel, thread_ts: after.thread } : { ...file, channel_id: channel }),
      );
    } catch (err) {
      this.log.warn({ err: (err as Error).message, channel }, 'Slack image upload failed; the message was sent without it');
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
