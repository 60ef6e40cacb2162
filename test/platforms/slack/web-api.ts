/**
 * The Web API methods opsdesk calls, answering with Slack's JSON shapes: `{ ok: true, … }` or
 * `{ ok: false, error: 'channel_not_found' }` (HTTP 200 either way, as Slack does). Tokens are
 * checked like Slack: a bot token (`xoxb-`) for everything but `apps.connections.open`, which
 * takes the app-level token (`xapp-`). With `scopes` given (the scopes the app was installed with),
 * a method whose scope is missing answers `missing_scope` with `needed` and `provided`, as Slack
 * does, and users.info leaves the e-mail out without `users:read.email`.
 */
import { jsonArg, stringArg } from './request-body';
import { SlackApiError, type StoredMessage, type Workspace } from './workspace';

export interface Identity {
  botToken: string;
  appToken: string;
  botUserId: string;
  botId: string;
  appId: string;
}

/** Side effects the rest of the emulator reacts to (echo events, socket URLs, upload URLs). */
export interface WebApiHooks {
  socketUrl(): string;
  uploadUrl(fileId: string): string;
  uploadedBytes(fileId: string): number | undefined;
  /** A message the bot posted or changed; Slack echoes these to the app as events. */
  botMessage(kind: 'posted' | 'changed', message: StoredMessage): void;
  botReaction(message: StoredMessage, name: string): void;
}

export interface ApiCall {
  method: string;
  args: Record<string, unknown>;
  at: number;
  response: Record<string, unknown>;
}

type Handler = (args: Record<string, unknown>) => Record<string, unknown>;

const MAX_TEXT = 40_000;
const MAX_BLOCKS = 50;
/**
 * Slack refuses blocks whose total passes about 12,000 characters with `msg_blocks_too_long`
 * (undocumented; bolt-js #2509: refused past ~13,300 characters of markdown-block text;
 * #2867: refused at 11,341 text characters in rich_text blocks; a Slack maintainer: "12,000 text
 * characters with a buffer for block containers"). How it counts is not known; counting the
 * blocks' JSON refuses everything those reports saw refused, and a little more.
 */
export const MAX_BLOCKS_TOTAL = 12_000;

/** The bot scope each method needs (api.slack.com/methods). */
export const METHOD_SCOPES: Readonly<Record<string, string>> = {
  'chat.postMessage': 'chat:write',
  'chat.update': 'chat:write',
  'chat.postEphemeral': 'chat:write',
  'conversations.open': 'im:write',
  'conversations.info': 'channels:read',
  'users.info': 'users:read',
  'reactions.add': 'reactions:write',
  'files.getUploadURLExternal': 'files:write',
  'files.completeUploadExternal': 'files:write',
};

export class WebApi {
  readonly calls: ApiCall[] = [];
  private readonly handlers: Record<string, Handler>;
  private readonly pendingUploads = new Map<string, { filename: string; length: number }>();

  /** The scopes the app was installed with; undefined: every scope. */
  scopes?: ReadonlySet<string>;
  /** Slack's total block size; a test may lower it (where exactly Slack draws the line is not known). */
  maxBlocksTotal = MAX_BLOCKS_TOTAL;

  constructor(
    private readonly ws: Workspace,
    private readonly id: Identity,
    private readonly hooks: WebApiHooks,
  ) {
    this.handlers = {
      'auth.test': () => this.authTest(),
      'chat.postMessage': (a) => this.postMessage(a),
      'chat.update': (a) => this.update(a),
      'chat.postEphemeral': (a) => this.postEphemeral(a),
      'conversations.open': (a) => this.conversationsOpen(a),
      'conversations.info': (a) => this.conversationsInfo(a),
      'users.info': (a) => this.usersInfo(a),
      'reactions.add': (a) => this.reactionsAdd(a),
      'files.getUploadURLExternal': (a) => this.getUploadUrl(a),
      'files.completeUploadExternal': (a) => this.completeUpload(a),
    };
  }

  /** Answers one call; `token` is the bearer token or the `token` argument. */
  handle(method: string, args: Record<string, unknown>, token: string | undefined): Record<string, unknown> {
    const response = this.dispatch(method, args, token);
    const { token: _omit, ...loggedArgs } = args;
    this.calls.push({ method, args: loggedArgs, at: Date.now(), response });
    return response;
  }

  private dispatch(method: string, args: Record<string, unknown>, token: string | undefined): Record<string, unknown> {
    if (!token) return { ok: false, error: 'not_authed' };
    if (method === 'apps.connections.open') {
      if (token === this.id.botToken) return { ok: false, error: 'not_allowed_token_type' };
      if (token !== this.id.appToken) return { ok: false, error: 'invalid_auth' };
      return { ok: true, url: this.hooks.socketUrl() };
    }
    if (token === this.id.appToken) return { ok: false, error: 'not_allowed_token_type' };
    if (token !== this.id.botToken) return { ok: false, error: 'invalid_auth' };
    const handler = this.handlers[method];
    if (!handler) return { ok: false, error: 'unknown_method' };
    const needed = METHOD_SCOPES[method];
    if (this.scopes && needed && !this.scopes.has(needed))
      return { ok: false, error: 'missing_scope', needed, provided: [...this.scopes].join(',') };
    try {
      return { ok: true, ...handler(args) };
    } catch (err) {
      if (err instanceof SlackApiError) return { ok: false, error: err.error };
      throw err;
    }
  }

  private authTest(): Record<string, unknown> {
    return {
      url: `https://${this.ws.teamDomain}.slack.com/`,
      team: 'Opsdesk School',
      user: 'opsdesk',
      team_id: this.ws.teamId,
      user_id: this.id.botUserId,
      bot_id: this.id.botId,
      is_enterprise_install: false,
    };
  }

  /** The channel a bot may write to: a channel it is a member of, an IM, or a user id (opens the IM). */
  private writableChannel(channelArg: unknown) {
    const id = stringArg(channelArg);
    if (!id) throw new SlackApiError('channel_not_found');
    if (id.startsWith('U') || id.startsWith('W')) {
      this.ws.user(id);
      return this.ws.imWith(id);
    }
    const channel = this.ws.channel(id);
    if (!channel.isIm && !channel.members.has(this.id.botUserId)) throw new SlackApiError('not_in_channel');
    return channel;
  }

  private content(args: Record<string, unknown>): { text: string; blocks?: unknown[] } {
    const text = stringArg(args.text) ?? '';
    const blocks = jsonArg<unknown[]>(args.blocks);
    if (!text && !(blocks && blocks.length)) throw new SlackApiError('no_text');
    if (text.length > MAX_TEXT) throw new SlackApiError('msg_too_long');
    if (blocks) validateBlocks(blocks, this.maxBlocksTotal);
    return { text, blocks: blocks?.length ? blocks : undefined };
  }

  private messageJson(m: StoredMessage): Record<string, unknown> {
    return {
      type: 'message',
      user: m.user,
      bot_id: m.botId,
      text: m.text,
      blocks: m.blocks,
      ts: m.ts,
      thread_ts: m.threadTs,
      team: this.ws.teamId,
      ...(m.history.length > 1 ? { edited: { user: m.user, ts: this.ws.nextTs() } } : {}),
    };
  }

  private postMessage(args: Record<string, unknown>): Record<string, unknown> {
    const channel = this.writableChannel(args.channel);
    const content = this.content(args);
    const threadTs = stringArg(args.thread_ts);
    if (threadTs) this.ws.message(channel.id, threadTs);
    const m = this.ws.addMessage({
      channel: channel.id,
      user: this.id.botUserId,
      botId: this.id.botId,
      text: content.text,
      blocks: content.blocks,
      threadTs,
      via: 'api',
    });
    this.hooks.botMessage('posted', m);
    return { channel: channel.id, ts: m.ts, message: this.messageJson(m) };
  }

  private update(args: Record<string, unknown>): Record<string, unknown> {
    const channelId = stringArg(args.channel) ?? '';
    this.ws.channel(channelId);
    const m = this.ws.message(channelId, stringArg(args.ts) ?? '');
    if (m.user !== this.id.botUserId) throw new SlackApiError('cant_update_message');
    const content = this.content(args);
    m.text = content.text;
    // Without `blocks` Slack keeps the message's blocks; `blocks: []` removes them.
    if (args.blocks !== undefined) m.blocks = content.blocks;
    m.history.push({ text: m.text, blocks: m.blocks });
    this.hooks.botMessage('changed', m);
    return { channel: channelId, ts: m.ts, text: m.text, message: this.messageJson(m) };
  }

  private postEphemeral(args: Record<string, unknown>): Record<string, unknown> {
    const channel = this.writableChannel(args.channel);
    const userId = stringArg(args.user) ?? '';
    this.ws.user(userId);
    if (!channel.isIm && !channel.members.has(userId)) throw new SlackApiError('user_not_in_channel');
    if (channel.isIm && channel.imUser !== userId) throw new SlackApiError('user_not_in_channel');
    const content = this.content(args);
    const messageTs = this.ws.nextTs();
    this.ws.ephemerals.push({
      channel: channel.id,
      user: userId,
      text: content.text,
      blocks: content.blocks,
      threadTs: stringArg(args.thread_ts),
      messageTs,
      via: 'api',
    });
    return { message_ts: messageTs };
  }

  private conversationsOpen(args: Record<string, unknown>): Record<string, unknown> {
    const users = (stringArg(args.users) ?? '')
      .split(',')
      .map((u) => u.trim())
      .filter(Boolean);
    if (users.length === 0) throw new SlackApiError('users_list_not_supplied');
    if (users.length > 1) throw new SlackApiError('not_enough_users'); // opsdesk only opens 1:1 IMs
    const user = this.ws.user(users[0]);
    if (user.deleted) throw new SlackApiError('user_disabled');
    const im = this.ws.imWith(user.id);
    return { channel: { id: im.id } };
  }

  private conversationsInfo(args: Record<string, unknown>): Record<string, unknown> {
    const c = this.ws.channel(stringArg(args.channel) ?? '');
    return {
      channel: c.isIm
        ? { id: c.id, is_im: true, user: c.imUser }
        : { id: c.id, name: c.name, is_channel: true, is_member: c.members.has(this.id.botUserId) },
    };
  }

  private usersInfo(args: Record<string, unknown>): Record<string, unknown> {
    const u = this.ws.user(stringArg(args.user) ?? '');
    return {
      user: {
        id: u.id,
        team_id: u.teamId,
        name: u.name,
        deleted: u.deleted ?? false,
        real_name: u.realName,
        is_bot: u.isBot,
        profile: {
          display_name: u.displayName,
          real_name: u.realName,
          team: u.teamId,
          ...(u.email && (!this.scopes || this.scopes.has('users:read.email')) ? { email: u.email } : {}),
          ...(u.botId ? { bot_id: u.botId } : {}),
        },
      },
    };
  }

  private reactionsAdd(args: Record<string, unknown>): Record<string, unknown> {
    const channelId = stringArg(args.channel) ?? '';
    this.ws.channel(channelId);
    const m = this.ws.message(channelId, stringArg(args.timestamp) ?? '');
    const name = stringArg(args.name) ?? '';
    if (!/^[a-z0-9_+-]+(::skin-tone-[2-6])?$/u.test(name)) throw new SlackApiError('invalid_name');
    const who = m.reactions.get(name) ?? new Set<string>();
    if (who.has(this.id.botUserId)) throw new SlackApiError('already_reacted');
    who.add(this.id.botUserId);
    m.reactions.set(name, who);
    this.hooks.botReaction(m, name);
    return {};
  }

  private getUploadUrl(args: Record<string, unknown>): Record<string, unknown> {
    const filename = stringArg(args.filename);
    const length = Number(args.length);
    if (!filename) throw new SlackApiError('invalid_arguments');
    if (!Number.isInteger(length) || length <= 0) throw new SlackApiError('invalid_arguments');
    const fileId = this.ws.newId('F');
    this.pendingUploads.set(fileId, { filename, length });
    return { upload_url: this.hooks.uploadUrl(fileId), file_id: fileId };
  }

  private completeUpload(args: Record<string, unknown>): Record<string, unknown> {
    const files = jsonArg<{ id: string; title?: string }[]>(args.files) ?? [];
    if (files.length === 0) throw new SlackApiError('invalid_arguments');
    const stored: NonNullable<StoredMessage['files']> = [];
    for (const f of files) {
      const pending = this.pendingUploads.get(f.id);
      const bytes = this.hooks.uploadedBytes(f.id);
      if (!pending || bytes === undefined) throw new SlackApiError('file_not_found');
      this.pendingUploads.delete(f.id);
      stored.push({ id: f.id, name: pending.filename, bytes, title: f.title });
    }
    const channelId = stringArg(args.channel_id);
    if (channelId) {
      const channel = this.writableChannel(channelId);
      this.ws.addMessage({
        channel: channel.id,
        user: this.id.botUserId,
        botId: this.id.botId,
        text: stringArg(args.initial_comment) ?? '',
        threadTs: stringArg(args.thread_ts),
        files: stored,
        via: 'file',
      });
    }
    return { files: stored.map((f) => ({ id: f.id, title: f.title ?? f.name })) };
  }
}

/**
 * The Block Kit limits Slack enforces on every message (a violation is `invalid_blocks`; too much in all,
 * `msg_blocks_too_long`).
 */
export function validateBlocks(blocks: unknown[], maxTotal = MAX_BLOCKS_TOTAL): void {
  if (!Array.isArray(blocks) || blocks.length > MAX_BLOCKS) throw new SlackApiError('invalid_blocks');
  if (JSON.stringify(blocks).length > maxTotal) throw new SlackApiError('msg_blocks_too_long');
  for (const raw of blocks) {
    const b = raw as {
      type?: string;
      text?: { type?: string; text?: string };
      fields?: { text?: string }[];
      elements?: { text?: string }[];
    };
    switch (b.type) {
      case 'header':
        if (b.text?.type !== 'plain_text' || !b.text.text || b.text.text.length > 150)
          throw new SlackApiError('invalid_blocks');
        break;
      case 'section':
        if (!b.text && !b.fields) throw new SlackApiError('invalid_blocks');
        if (b.text && (!b.text.text || b.text.text.length > 3000)) throw new SlackApiError('invalid_blocks');
        if (b.fields && (b.fields.length > 10 || b.fields.some((f) => !f.text || f.text.length > 2000))) {
          throw new SlackApiError('invalid_blocks');
        }
        break;
      case 'context':
        if (!b.elements || b.elements.length === 0 || b.elements.length > 10) throw new SlackApiError('invalid_blocks');
        if (b.elements.some((e) => !e.text || e.text.length > 3000)) throw new SlackApiError('invalid_blocks');
        break;
      case 'actions':
        validateActions(raw as { elements?: unknown[] });
        break;
      case 'divider':
      case 'image':
      case 'rich_text':
        break;
      default:
        throw new SlackApiError('invalid_blocks');
    }
  }
}

/** An actions block: 1 to 25 elements; a button has plain_text of at most 75, a unique action_id, a known style. */
function validateActions(b: { elements?: unknown[] }): void {
  if (!Array.isArray(b.elements) || b.elements.length === 0 || b.elements.length > 25)
    throw new SlackApiError('invalid_blocks');
  const ids = new Set<string>();
  for (const raw of b.elements) {
    const e = raw as {
      type?: string;
      action_id?: string;
      text?: { type?: string; text?: string };
      value?: string;
      style?: string;
    };
    if (e.type !== 'button') continue;
    if (e.text?.type !== 'plain_text' || !e.text.text || e.text.text.length > 75)
      throw new SlackApiError('invalid_blocks');
    if (e.action_id !== undefined && (e.action_id.length > 255 || ids.has(e.action_id)))
      throw new SlackApiError('invalid_blocks');
    if (e.action_id) ids.add(e.action_id);
    if (e.value !== undefined && e.value.length > 2000) throw new SlackApiError('invalid_blocks');
    if (e.style !== undefined && e.style !== 'primary' && e.style !== 'danger')
      throw new SlackApiError('invalid_blocks');
  }
}
