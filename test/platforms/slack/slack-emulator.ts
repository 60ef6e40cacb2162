/**
 * A local Slack for tests: one HTTP server on 127.0.0.1 serving the Web API (`/api/<method>`),
 * file uploads, `response_url`s and Socket Mode WebSockets (`/link`), plus an Events API client
 * that POSTs signed requests to the app when it runs in HTTP mode.
 *
 * Tests act as people (`dm`, `say`, `slash`, `reactionAdded`, `clickButton`) and look at what the app did
 * (`messages`, `ephemerals`, `calls`). Like Slack, the emulator echoes the bot's own messages
 * back as events, redelivers unacknowledged envelopes, sends an HTTP event again when the app has
 * not answered within 3 seconds (while the first request is still open), refuses blocks over
 * Slack's total size (`msg_blocks_too_long`), keeps a message's blocks when chat.update has none,
 * answers 429 when told to or, with `organicRateLimits`, when calls outrun Slack's limits, and,
 * given the app's `scopes`, answers `missing_scope` and withholds events it has no scope for.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventsHttpClient, type HttpDelivery, type SignOptions } from './events-http';
import {
  type AppContext,
  appMentionEvent,
  type EventCallback,
  eventCallback,
  messageChangedEvent,
  messageEvent,
  reactionEvent,
  type SlackEvent,
  slashCommandPayload,
  blockActionsPayload,
  buttonsOf,
} from './payloads';
import { RateLimiter } from './rate-limiter';
import { jsonArg, parseApiArgs, readRaw, stringArg } from './request-body';
import { type DeliveryResult, SocketHub } from './socket-hub';
import { type ApiCall, WebApi } from './web-api';
import {
  type EmulatedChannel,
  type EmulatedUser,
  type StoredEphemeral,
  type StoredMessage,
  Workspace,
} from './workspace';
import { setTimeout as sleep } from 'node:timers/promises';

export interface SlackEmulatorOptions {
  botToken?: string;
  appToken?: string;
  signingSecret?: string;
  /** Socket Mode: re-send an unacknowledged envelope after this long (Slack: 3000). */
  ackTimeoutMs?: number;
  /** Redeliveries after the first attempt (Slack: 3). */
  maxRetries?: number;
  /** HTTP mode: pause before each redelivery (Slack: 0 s, 1 min, 5 min; tests use less). */
  httpRetryDelaysMs?: number[];
  /** Send the bot's own posts, edits and reactions back to it as events (Slack does). Default true. */
  echoBotEvents?: boolean;
  /** HTTP mode: how long Slack waits for an answer before it sends the event again (Slack: 3000). */
  httpTimeoutMs?: number;
  /**
   * Count calls against Slack's rate limits (rate-limiter.ts SLACK_LIMITS): 429s come when the app calls too fast.
   * Default false.
   */
  organicRateLimits?: boolean | { minRetryAfterSec?: number };
  /** The scopes the app was installed with (e.g. the manifest's); default: every scope. */
  scopes?: readonly string[];
}

export interface Delivered {
  eventId: string;
  /** Not sent: the app lacks this scope. */
  withheld?: string;
  /** Socket Mode deliveries (one per attempt that was acknowledged) or HTTP answers. */
  socket?: DeliveryResult;
  http?: HttpDelivery[];
}

/** How a button click was acknowledged (HTTP status in HTTP mode). */
export interface ButtonClick {
  ackMs: number;
  status?: number;
}

export interface SlashResult {
  /** Milliseconds until the app acknowledged the command. */
  ackMs: number;
  /** The immediate response: the ack payload (Socket Mode) or the parsed HTTP body. */
  response: Record<string, unknown>;
  status?: number;
  responseUrl: string;
  triggerId: string;
}

interface ResponseUrlState {
  channel: string;
  user: string;
  uses: number;
  expiresAt: number;
}

export class SlackEmulator {
  readonly ws = new Workspace();
  readonly botToken: string;
  readonly appToken: string;
  readonly signingSecret: string;
  readonly botUserId = 'U0OPSDESK';
  readonly botId = 'B0OPSDESK';
  readonly appId = 'A0OPSDESK';
  readonly rateLimits = new RateLimiter();
  readonly webApi: WebApi;
  readonly hub: SocketHub;
  private server?: Server;
  private base = '';
  private httpTarget?: EventsHttpClient;
  private readonly uploads = new Map<string, number>();
  private readonly responseUrls = new Map<string, ResponseUrlState>();
  private readonly echoes = new Set<Promise<unknown>>();
  private readonly delays = new Map<string, number>();
  private readonly opts: Required<Omit<SlackEmulatorOptions, 'scopes'>>;
  private readonly scopes?: ReadonlySet<string>;

  constructor(opts: SlackEmulatorOptions = {}) {
    this.opts = {
      botToken: opts.botToken ?? 'xoxb-emulator-bot-token',
      appToken: opts.appToken ?? 'xapp-1-emulator-app-token',
      signingSecret: opts.signingSecret ?? 'emulator-signing-secret-0123456789',
      ackTimeoutMs: opts.ackTimeoutMs ?? 3000,
      maxRetries: opts.maxRetries ?? 3,
      httpRetryDelaysMs: opts.httpRetryDelaysMs ?? [0, 100, 200],
      echoBotEvents: opts.echoBotEvents ?? true,
      httpTimeoutMs: opts.httpTimeoutMs ?? 3000,
      organicRateLimits: opts.organicRateLimits ?? false,
    };
    if (opts.scopes) this.scopes = new Set(opts.scopes);
    if (this.opts.organicRateLimits) {
      const o = this.opts.organicRateLimits;
      this.rateLimits.organic(undefined, typeof o === 'object' ? o.minRetryAfterSec : undefined);
    }
    this.botToken = this.opts.botToken;
    this.appToken = this.opts.appToken;
    this.signingSecret = this.opts.signingSecret;
    this.ws.addUser({ id: this.botUserId, name: 'opsdesk', realName: 'opsdesk', isBot: true, botId: this.botId });
    this.hub = new SocketHub({
      appId: this.appId,
      ackTimeoutMs: this.opts.ackTimeoutMs,
      maxRetries: this.opts.maxRetries,
      connectWaitMs: 15_000,
    });
    this.webApi = new WebApi(
      this.ws,
      {
        botToken: this.botToken,
        appToken: this.appToken,
        botUserId: this.botUserId,
        botId: this.botId,
        appId: this.appId,
      },
      {
        socketUrl: () => this.hub.newUrl(this.base),
        uploadUrl: (fileId) => `${this.base}/upload/${fileId}`,
        uploadedBytes: (fileId) => this.uploads.get(fileId),
        botMessage: (kind, m) => this.echoBotMessage(kind, m),
        botReaction: (m, name) => this.echo(reactionEvent('added', this.botUserId, name, m, this.ws.nextTs())),
      },
    );
    this.webApi.scopes = this.scopes;
  }

  /** Base URL of the Web API, for `slackApiUrl` / the adapter's `apiUrl`. */
  get apiUrl(): string {
    return `${this.base}/api/`;
  }

  get url(): string {
    return this.base;
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => {
      this.route(req, res).catch((err: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(err));
      });
    });
    server.on('upgrade', (req, socket, head) => this.hub.handleUpgrade(req, socket, head));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await this.hub.close();
    await Promise.allSettled([...this.echoes]);
    const server = this.server;
    this.server = undefined;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  /** From now on, events go to the app's HTTP endpoint (signed) instead of Socket Mode. */
  useHttp(requestUrl: string): EventsHttpClient {
    this.httpTarget = new EventsHttpClient(requestUrl, this.signingSecret);
    return this.httpTarget;
  }

  get http(): EventsHttpClient {
    if (!this.httpTarget) throw new Error('call useHttp(url) first');
    return this.httpTarget;
  }

  // ---- workspace setup ----

  addUser(u: Partial<EmulatedUser> & { id: string }): EmulatedUser {
    return this.ws.addUser(u);
  }

  /** A public channel; the bot is a member unless `botMember: false`. */
  addChannel(c: { id?: string; name: string; members?: string[]; botMember?: boolean }): EmulatedChannel {
    const members = [...(c.members ?? [])];
    if (c.botMember !== false) members.push(this.botUserId);
    return this.ws.addChannel({ id: c.id, name: c.name, members });
  }

  /** The IM channel id between the bot and a user. */
  dmChannel(userId: string): string {
    return this.ws.imWith(userId).id;
  }

  // ---- people acting ----

  /**
   * A person writes to the bot in their DM; resolves once the app acknowledged the event. `files`
   * shares files with it (a `file_share`, `text` its caption); `userTeam` makes the writer a Slack
   * Connect guest from that team.
   */
  async dm(
    userId: string,
    text: string,
    opts: {
      threadTs?: string;
      times?: number;
      files?: Array<{ name: string; mimetype: string }>;
      userTeam?: string;
    } = {},
  ): Promise<StoredMessage & Delivered> {
    const im = this.ws.imWith(userId);
    const files = opts.files?.map((f) => {
      const id = this.ws.newId('F');
      return {
        id,
        name: f.name,
        bytes: 1024,
        mimetype: f.mimetype,
        permalink: `https://${this.ws.teamDomain}.slack.com/files/${userId}/${id}/${f.name.toLowerCase()}`,
      };
    });
    const m = this.ws.addMessage({
      channel: im.id,
      user: userId,
      text,
      threadTs: opts.threadTs,
      via: 'user',
      ...(files ? { files } : {}),
      ...(opts.userTeam ? { userTeam: opts.userTeam } : {}),
    });
    const parent = opts.threadTs ? this.ws.message(im.id, opts.threadTs).user : undefined;
    const delivered = await this.deliverEvent(messageEvent(m, this.ws.teamId, 'im', parent, this.ws.teamOf(userId)), {
      times: opts.times,
    });
    return Object.assign(m, delivered);
  }

  /**
   * A person writes in a channel. Like Slack, a message mentioning the bot arrives twice: as
   * `message` (message.channels) and as `app_mention`, with different event ids.
   */
  async say(
    userId: string,
    channel: string,
    text: string,
    opts: { threadTs?: string; botId?: string } = {},
  ): Promise<StoredMessage & { deliveries: Delivered[] }> {
    const ch = this.ws.channel(channel);
    if (!ch.members.has(userId)) ch.members.add(userId);
    const m = this.ws.addMessage({
      channel: ch.id,
      user: userId,
      text,
      threadTs: opts.threadTs,
      botId: opts.botId,
      via: opts.botId ? 'api' : 'user',
    });
    const parent = opts.threadTs ? this.ws.message(ch.id, opts.threadTs).user : undefined;
    const team = this.ws.teamOf(userId);
    const deliveries: Delivered[] = [];
    if (ch.members.has(this.botUserId))
      deliveries.push(await this.deliverEvent(messageEvent(m, this.ws.teamId, 'channel', parent, team)));
    if (text.includes(`<@${this.botUserId}>`))
      deliveries.push(await this.deliverEvent(appMentionEvent(m, this.ws.teamId, team)));
    return Object.assign(m, { deliveries });
  }

  /**
   * Another app's bot posts in a channel (chat.postMessage with that app's token): like Slack, the
   * message carries the app's `bot_id` and its bot user, and no subtype.
   */
  appSays(
    app: { userId: string; botId: string },
    channel: string,
    text: string,
    opts: { threadTs?: string } = {},
  ): Promise<StoredMessage & { deliveries: Delivered[] }> {
    if (!this.ws.users.has(app.userId))
      this.ws.addUser({ id: app.userId, name: app.userId.toLowerCase(), isBot: true, botId: app.botId });
    return this.say(app.userId, channel, text, { ...opts, botId: app.botId });
  }

  /** A person types a slash command in a channel (or their DM with the bot). */
  async slash(
    userId: string,
    channel: string,
    command: string,
    text: string,
    sign: SignOptions = {},
  ): Promise<SlashResult> {
    const ch = this.ws.channel(channel);
    const user = this.ws.user(userId);
    const responseId = randomUUID();
    this.responseUrls.set(responseId, { channel: ch.id, user: userId, uses: 0, expiresAt: Date.now() + 30 * 60_000 });
    const triggerId = `${Date.now()}.${this.ws.teamId}.${randomUUID().replace(/-/gu, '')}`;
    const payload = slashCommandPayload(this.appContext(), {
      userId,
      userName: user.name,
      channelId: ch.id,
      channelName: ch.isIm ? 'directmessage' : ch.name,
      command,
      text,
      responseUrl: `${this.base}/response/${responseId}`,
      triggerId,
    });
    if (this.httpTarget) {
      const res = await this.httpTarget.postForm({ ...payload }, sign);
      let response: Record<string, unknown> = {};
      if (res.body) response = jsonArg<Record<string, unknown>>(res.body) ?? { text: res.body };
      return { ackMs: res.ms, response, status: res.status, responseUrl: payload.response_url, triggerId };
    }
    const d = await this.hub.deliver('slash_commands', { ...payload });
    return { ackMs: d.ackMs, response: d.ackPayload, responseUrl: payload.response_url, triggerId };
  }

  /**
   * A person clicks the button labelled `label` (or with that action_id) on a message: Slack sends
   * the app a `block_actions` payload (HTTP: a signed form with `payload`; Socket Mode: an
   * `interactive` envelope) and wants it acknowledged within 3 seconds. A message without such a
   * button cannot be clicked (throws, as there would be nothing to click).
   */
  async clickButton(userId: string, channel: string, ts: string, label: string): Promise<ButtonClick> {
    const m = this.ws.message(channel, ts);
    const button = buttonsOf(m).find((b) => b.text === label || b.actionId === label);
    if (!button) throw new Error(`message ${ts} in ${channel} has no button "${label}"`);
    const ch = this.ws.channel(channel);
    const user = this.ws.user(userId);
    const responseId = randomUUID();
    this.responseUrls.set(responseId, { channel: ch.id, user: userId, uses: 0, expiresAt: Date.now() + 30 * 60_000 });
    const payload = blockActionsPayload(this.appContext(), {
      user: { id: userId, name: user.name, teamId: this.ws.teamOf(userId) },
      channel: { id: ch.id, name: ch.isIm ? 'directmessage' : ch.name },
      message: m,
      button,
      responseUrl: `${this.base}/response/${responseId}`,
      triggerId: `${Date.now()}.${this.ws.teamId}.${randomUUID().replace(/-/gu, '')}`,
      actionTs: this.ws.nextTs(),
    });
    if (this.httpTarget) {
      const res = await this.httpTarget.postForm({ payload: JSON.stringify(payload) });
      return { status: res.status, ackMs: res.ms };
    }
    const d = await this.hub.deliver('interactive', payload);
    return { ackMs: d.ackMs };
  }

  async reactionAdded(userId: string, channel: string, ts: string, name: string): Promise<Delivered> {
    const m = this.ws.message(channel, ts);
    const who = m.reactions.get(name) ?? new Set<string>();
    who.add(userId);
    m.reactions.set(name, who);
    return this.deliverEvent(reactionEvent('added', userId, name, m, this.ws.nextTs()));
  }

  async reactionRemoved(userId: string, channel: string, ts: string, name: string): Promise<Delivered> {
    const m = this.ws.message(channel, ts);
    m.reactions.get(name)?.delete(userId);
    return this.deliverEvent(reactionEvent('removed', userId, name, m, this.ws.nextTs()));
  }

  /**
   * Delivers one event (wrapped in an `event_callback` with a fresh or given event id) `times`
   * times, as Slack's retries do: Socket Mode envelopes with `retry_attempt`, or HTTP requests
   * with `X-Slack-Retry-Num`. Over HTTP a failed or slow (> 3 s) answer is also retried.
   */
  async deliverEvent(event: SlackEvent, opts: { eventId?: string; times?: number } = {}): Promise<Delivered> {
    const body = eventCallback(this.appContext(), event, opts.eventId ?? this.ws.newId('Ev'));
    const times = opts.times ?? 1;
    const needed = this.eventScope(event);
    if (this.scopes && needed && !this.scopes.has(needed)) return { eventId: body.event_id, withheld: needed };
    if (this.httpTarget) {
      const http: HttpDelivery[] = [];
      for (let i = 0; i < times; i += 1) http.push(...(await this.postWithRetries(body, i)));
      return { eventId: body.event_id, http };
    }
    let socket: DeliveryResult | undefined;
    for (let i = 0; i < times; i += 1) {
      socket = await this.hub.deliver('events_api', { ...body }, { retryOffset: i });
    }
    return { eventId: body.event_id, socket };
  }

  /**
   * One event over HTTP as Slack sends it: an answer that is not 2xx, or none within
   * `httpTimeoutMs` (3 s), brings the next attempt (X-Slack-Retry-Num, reason `http_error` or
   * `http_timeout`) after the retry delay, while a timed-out request stays open; the answers
   * are returned in attempt order once every request has ended (a late one with its full `ms`).
   */
  private async postWithRetries(body: EventCallback, firstRetry: number): Promise<HttpDelivery[]> {
    const target = this.http;
    const requests: Promise<HttpDelivery>[] = [];
    let reason: string | undefined;
    for (let attempt = firstRetry; attempt <= this.opts.maxRetries; attempt += 1) {
      const request = target
        .postJson(body, attempt > 0 ? { retryNum: attempt, retryReason: reason ?? 'http_timeout' } : {})
        .catch((err: Error): HttpDelivery => ({ status: 0, body: err.message, ms: this.opts.httpTimeoutMs }));
      requests.push(request);
      const answer = await Promise.race([request, sleep(this.opts.httpTimeoutMs).then(() => undefined)]);
      if (answer && answer.status >= 200 && answer.status < 300) break;
      if (answer && (answer.status === 401 || answer.status === 404)) break;
      reason = answer ? 'http_error' : 'http_timeout';
      await sleep(this.opts.httpRetryDelaysMs[Math.min(attempt, this.opts.httpRetryDelaysMs.length - 1)] ?? 0);
    }
    return Promise.all(requests);
  }

  /** The scope Slack needs the app to have before it sends this event. */
  private eventScope(event: SlackEvent): string | undefined {
    if (event.type === 'app_mention') return 'app_mentions:read';
    if (event.type === 'reaction_added' || event.type === 'reaction_removed') return 'reactions:read';
    if (event.type === 'message') return event.channel_type === 'im' ? 'im:history' : 'channels:history';
    return undefined;
  }

  // ---- observations ----

  messages(channel: string): StoredMessage[] {
    return this.ws.messagesIn(channel);
  }

  /** The bot's posts in a channel (top level and threads), oldest first. */
  botMessages(channel: string): StoredMessage[] {
    return this.ws.messagesIn(channel).filter((m) => m.user === this.botUserId);
  }

  ephemerals(channel?: string): StoredEphemeral[] {
    return channel ? this.ws.ephemerals.filter((e) => e.channel === channel) : [...this.ws.ephemerals];
  }

  calls(method?: string): ApiCall[] {
    return method ? this.webApi.calls.filter((c) => c.method === method) : [...this.webApi.calls];
  }

  /** The next `count` calls of `method` ('*' for any) get HTTP 429 with Retry-After. */
  rateLimit(method: string, count: number, retryAfterSec = 1): void {
    this.rateLimits.add(method, count, retryAfterSec);
  }

  /** Calls of `method` are answered `ms` later (a slow Slack); 0 ends it. */
  delay(method: string, ms: number): void {
    if (ms > 0) this.delays.set(method, ms);
    else this.delays.delete(method);
  }

  async waitFor<T>(probe: () => T | undefined | false | null, timeoutMs = 10_000, what = 'condition'): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = probe();
      if (v) return v;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await sleep(20);
    }
  }

  // ---- internals ----

  appContext(): AppContext {
    return {
      teamId: this.ws.teamId,
      teamDomain: this.ws.teamDomain,
      appId: this.appId,
      botUserId: this.botUserId,
      verificationToken: 'emulator-verification-token',
    };
  }

  private echoBotMessage(kind: 'posted' | 'changed', m: StoredMessage): void {
    const ch = this.ws.channel(m.channel);
    const type = ch.isIm ? 'im' : 'channel';
    this.echo(
      kind === 'posted'
        ? messageEvent(m, this.ws.teamId, type)
        : messageChangedEvent(m, this.ws.teamId, type, this.ws.nextTs()),
    );
  }

  private echo(event: SlackEvent): void {
    if (!this.opts.echoBotEvents || !this.server) return;
    const p = this.deliverEvent(event).catch(() => undefined);
    this.echoes.add(p);
    void p.finally(() => this.echoes.delete(p));
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.base);
    const raw = await readRaw(req);
    if (req.method === 'POST' && url.pathname.startsWith('/api/')) {
      const method = url.pathname.slice('/api/'.length);
      const args = parseApiArgs(req.headers['content-type'], raw);
      const delay = this.delays.get(method);
      if (delay) await sleep(delay);
      const retryAfter = this.rateLimits.check(method, stringArg(args.channel));
      if (retryAfter !== undefined) {
        return json(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(retryAfter) });
      }
      const bearer = /^Bearer (.+)$/u.exec(req.headers.authorization ?? '')?.[1];
      return json(res, 200, this.webApi.handle(method, args, bearer ?? stringArg(args.token)));
    }
    if (req.method === 'POST' && url.pathname.startsWith('/upload/')) {
      this.uploads.set(url.pathname.slice('/upload/'.length), raw.length);
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`OK - ${raw.length}`);
      return;
    }
    if (req.method === 'POST' && url.pathname.startsWith('/response/')) {
      return this.responseUrl(
        url.pathname.slice('/response/'.length),
        parseApiArgs(req.headers['content-type'], raw),
        res,
      );
    }
    json(res, 404, { ok: false, error: 'not_found' });
  }

  /** A `response_url` accepts 5 responses within 30 minutes (Slack's limits). */
  private responseUrl(id: string, body: Record<string, unknown>, res: ServerResponse): void {
    const state = this.responseUrls.get(id);
    if (!state) return json(res, 404, { ok: false, error: 'invalid_url' });
    if (state.expiresAt < Date.now()) return json(res, 404, { ok: false, error: 'expired_url' });
    if (state.uses >= 5) return json(res, 404, { ok: false, error: 'used_url' });
    state.uses += 1;
    const text = stringArg(body.text) ?? '';
    const blocks = jsonArg<unknown[]>(body.blocks);
    if (body.response_type === 'in_channel') {
      this.ws.addMessage({
        channel: state.channel,
        user: this.botUserId,
        botId: this.botId,
        text,
        blocks,
        threadTs: stringArg(body.thread_ts),
        via: 'response_url',
      });
    } else {
      this.ws.ephemerals.push({
        channel: state.channel,
        user: state.user,
        text,
        blocks,
        messageTs: this.ws.nextTs(),
        via: 'response_url',
      });
    }
    json(res, 200, { ok: true });
  }
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}
