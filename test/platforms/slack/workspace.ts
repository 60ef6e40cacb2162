/**
 * The state of one emulated Slack workspace: users, conversations, messages (with their edit
 * history and reactions) and ephemeral messages. Ids and timestamps look like Slack's
 * (`U…`, `C…`, `D…`, ts `"1700000000.000100"`), so code under test cannot tell the difference.
 */

export interface EmulatedUser {
  id: string;
  name: string;
  realName: string;
  displayName: string;
  email?: string;
  isBot: boolean;
  botId?: string;
  deleted?: boolean;
  /** The user's own team: the workspace's, or another organisation's for a Slack Connect user. */
  teamId: string;
}

export interface EmulatedChannel {
  id: string;
  name: string;
  isIm: boolean;
  /** For an IM: the human on the other side. */
  imUser?: string;
  members: Set<string>;
}

export interface StoredMessage {
  ts: string;
  channel: string;
  user: string;
  text: string;
  blocks?: unknown[];
  threadTs?: string;
  botId?: string;
  /** Every version of the message, oldest first (the post, then each chat.update). */
  history: { text: string; blocks?: unknown[] }[];
  reactions: Map<string, Set<string>>;
  files?: { id: string; name: string; bytes: number; title?: string; mimetype?: string; permalink?: string }[];
  /** The writer's team when it is not the workspace's (a Slack Connect guest). */
  userTeam?: string;
  /** How the message was created: 'api' (chat.postMessage), 'user' (a person typed it), 'response_url', 'file'. */
  via: 'api' | 'user' | 'response_url' | 'file';
}

export interface StoredEphemeral {
  channel: string;
  user: string;
  text: string;
  blocks?: unknown[];
  threadTs?: string;
  messageTs: string;
  via: 'api' | 'response_url';
}

export class SlackApiError extends Error {
  constructor(readonly error: string) {
    super(error);
  }
}

export class Workspace {
  readonly teamId: string;
  readonly teamDomain = 'opsdesk-school';
  readonly users = new Map<string, EmulatedUser>();
  readonly channels = new Map<string, EmulatedChannel>();
  readonly messages: StoredMessage[] = [];
  readonly ephemerals: StoredEphemeral[] = [];
  private lastTs = 1_700_000_000_000_000; // microseconds
  private idCounter = 0;

  constructor(teamId = 'T0SCHOOL1') {
    this.teamId = teamId;
  }

  /** A fresh Slack-style id with the given prefix: `C`, `D`, `U`, `F`, `Ev`. */
  newId(prefix: string): string {
    this.idCounter += 1;
    const n = this.idCounter;
    return `${prefix}${(0x10000 + n).toString(36).toUpperCase()}${n.toString(16).toUpperCase()}`;
  }

  /** Strictly increasing message timestamps, formatted like Slack's ("seconds.micro6"). */
  nextTs(): string {
    const nowMicros = Date.now() * 1000;
    this.lastTs = Math.max(this.lastTs + 100, nowMicros);
    const s = Math.floor(this.lastTs / 1_000_000);
    const us = this.lastTs % 1_000_000;
    return `${s}.${String(us).padStart(6, '0')}`;
  }

  addUser(u: Partial<EmulatedUser> & { id: string }): EmulatedUser {
    const name = u.name ?? u.id.toLowerCase();
    const user: EmulatedUser = {
      id: u.id,
      name,
      realName: u.realName ?? name,
      displayName: u.displayName ?? name,
      email: u.email,
      isBot: u.isBot ?? false,
      botId: u.botId,
      deleted: u.deleted,
      teamId: u.teamId ?? this.teamId,
    };
    this.users.set(user.id, user);
    return user;
  }

  addChannel(c: { id?: string; name: string; members?: string[] }): EmulatedChannel {
    const channel: EmulatedChannel = {
      id: c.id ?? this.newId('C'),
      name: c.name,
      isIm: false,
      members: new Set(c.members ?? []),
    };
    this.channels.set(channel.id, channel);
    return channel;
  }

  /** The IM between the bot and `userId`, created on first use (like conversations.open). */
  imWith(userId: string): EmulatedChannel {
    for (const ch of this.channels.values()) if (ch.isIm && ch.imUser === userId) return ch;
    const channel: EmulatedChannel = {
      id: this.newId('D'),
      name: userId,
      isIm: true,
      imUser: userId,
      members: new Set([userId]),
    };
    this.channels.set(channel.id, channel);
    return channel;
  }

  user(id: string): EmulatedUser {
    const u = this.users.get(id);
    if (!u) throw new SlackApiError('user_not_found');
    return u;
  }

  channel(id: string): EmulatedChannel {
    const c = this.channels.get(id);
    if (!c) throw new SlackApiError('channel_not_found');
    return c;
  }

  message(channel: string, ts: string): StoredMessage {
    const m = this.messages.find((x) => x.channel === channel && x.ts === ts);
    if (!m) throw new SlackApiError('message_not_found');
    return m;
  }

  addMessage(m: Omit<StoredMessage, 'ts' | 'history' | 'reactions'> & { ts?: string }): StoredMessage {
    const stored: StoredMessage = {
      ...m,
      ts: m.ts ?? this.nextTs(),
      history: [{ text: m.text, blocks: m.blocks }],
      reactions: new Map(),
    };
    this.messages.push(stored);
    return stored;
  }

  /** The team of a user (the workspace's for people the emulator does not know, as for the bot). */
  teamOf(userId: string): string {
    return this.users.get(userId)?.teamId ?? this.teamId;
  }

  messagesIn(channel: string): StoredMessage[] {
    return this.messages.filter((m) => m.channel === channel);
  }
}
