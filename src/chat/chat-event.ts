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
  /** Set by adapters for commands delivered natively (Slack slash commands): reply privately on usage errors. */
  slashCommand?: boolean;
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

export type ChatEvent = MessageEvent | ReactionEvent | UnreadableEvent;
