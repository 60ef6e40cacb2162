import type { MessageRef } from './conversation-ref';

/** The platform user who caused an event. */
export interface PlatformUser {
  /** Platform user id: Slack `U…`, Matrix `@user:server`, console name. */
  id: string;
  displayName?: string;
  email?: string;
  /** Slack: the team (workspace, `T…`) the user belongs to, when the adapter could tell. */
  team?: string;
  /**
   * The user belongs to another organisation than the bot's: a Slack Connect user of another team
   * (or one whose team could not be told). Such a user is never taken for a configured person,
   * whatever their id: they are a reporter of their own cases only.
   */
  external?: boolean;
  /**
   * Where the account lives, where the platform says: the Matrix server name (`example.org`), the
   * Slack team id (`T…`) of the user (another team's for a Slack Connect guest). `home` is true for
   * the bot's own homeserver or workspace. Reports from other origins share a rate limit per origin.
   */
  origin?: { id: string; home: boolean };
}

/** A file, image, video or sound a person sent with a message. */
export interface Attachment {
  kind: 'image' | 'video' | 'audio' | 'file';
  /** The file name (or title) as sent, at most MAX_ATTACHMENT_NAME characters. */
  name: string;
  /**
   * Where it can be opened: the Slack permalink, the Matrix content URI (`mxc://server/id`). Left
   * out when the platform gave none, or one longer than MAX_ATTACHMENT_URL characters.
   */
  url?: string;
}

/** Most attachments kept from one message (Slack allows 10 files per message). */
export const MAX_ATTACHMENTS = 10;
export const MAX_ATTACHMENT_NAME = 200;
export const MAX_ATTACHMENT_URL = 1000;

/**
 * What an adapter read of a message's files, cut to the bounds above: names and links come from
 * anyone, and each kept one ends up in a case document.
 */
export function boundAttachments(found: readonly Attachment[]): Attachment[] {
  return found.slice(0, MAX_ATTACHMENTS).map((a) => {
    const chars = Array.from(a.name.trim() || 'attachment');
    const name =
      chars.length > MAX_ATTACHMENT_NAME ? `${chars.slice(0, MAX_ATTACHMENT_NAME - 1).join('')}…` : chars.join('');
    const url = a.url && a.url.length <= MAX_ATTACHMENT_URL ? a.url : undefined;
    return { kind: a.kind, name, ...(url ? { url } : {}) };
  });
}

interface EventBase {
  /** Adapter name: 'console' | 'slack' | 'matrix'. */
  platform: string;
  /**
   * Platform-unique id of the delivery, stable across redeliveries (Slack event_id / envelope
   * payload id, Matrix event id, console sequence). The intake drops repeats by (platform, eventId).
   */
  eventId: string;
  user: PlatformUser;
  /** Channel id (Slack channel, Matrix room, console channel). */
  channel: string;
  /** True for a direct conversation between the person and the bot. */
  direct: boolean;
  receivedAt: Date;
}

/** A person wrote something the bot should look at (DM, mention, thread reply, command). */
export interface MessageEvent extends EventBase {
  type: 'message';
  /** The message id on the platform (Slack ts, Matrix event id, console short id). */
  messageId: string;
  /** Thread root id when the message is a reply in a thread. */
  thread?: string;
  /**
   * The text with the bot mention stripped. A command is text starting with '/' or '!'
   * (`/ticket list`, `!deploy RFC-3 to pilot`); adapters turn Slack slash commands into that form.
   */
  text: string;
  /** The bot was mentioned (in a channel). DMs are always addressed to the bot. */
  mentioned: boolean;
  /**
   * Other platform users the message names on purpose, where the platform says so apart from the
   * text (Matrix `m.mentions.user_ids` and pills); commands taking people read them besides the text.
   */
  mentions?: string[];
  /** Set by adapters for commands delivered natively (Slack slash commands): reply privately on usage errors. */
  slashCommand?: boolean;
  /**
   * Files and images sent with the message (bounded by boundAttachments). `text` is then their
   * caption, which may be empty.
   */
  attachments?: Attachment[];
}

/** A person added or removed a reaction on a message. */
export interface ReactionEvent extends EventBase {
  type: 'reaction';
  action: 'added' | 'removed';
  /**
   * The reaction as the platform gave it: Slack short name (`+1::skin-tone-3`), Matrix key (`👍🏽`).
   * Use `normalizeReaction` from `src/chat/emoji` to compare.
   */
  reaction: string;
  /** The message that was reacted on. */
  target: MessageRef;
  /**
   * Set when someone other than the reactor removed the reaction (a Matrix moderator redacting a
   * member's reaction): `user` stays the person who reacted, this names who removed it.
   */
  removedBy?: { userId: string; displayName?: string };
}

/** The bot could not read something (e.g. an encrypted Matrix event without crypto support). */
export interface UnreadableEvent extends EventBase {
  type: 'unreadable';
  messageId: string;
  reason: 'encrypted-no-crypto' | 'decryption-failed';
}

/**
 * A person changed a message sent earlier: edited it (Matrix `m.replace`) or removed it (a
 * redaction). `user` is who did it; handlers decide whether that is the message's author.
 */
export interface MessageChangedEvent extends EventBase {
  type: 'changed';
  change: 'edited' | 'removed';
  /** The message that changed (its original id). */
  messageId: string;
  /** Its thread root, where the platform says. */
  thread?: string;
  /** The new text (an edit), the bot mention stripped. */
  text?: string;
}

export type ChatEvent = MessageEvent | ReactionEvent | UnreadableEvent | MessageChangedEvent;
