/** Where a reply goes: a channel (or DM) on one platform, optionally inside a thread. */
export interface ConversationRef {
  /** Adapter name: 'console' | 'slack' | 'matrix' (or a test adapter). */
  platform: string;
  /** Platform channel id: Slack channel id, Matrix room id, console channel name ('#ops' or '@dm:anna'). */
  channel: string;
  /** Thread root message id, if the conversation is a thread. */
  thread?: string;
  /** True when the channel is a direct conversation between the bot and one person. */
  direct?: boolean;
  /**
   * The message being answered (the intake sets it on a reply's target). An answer that opens a
   * thread (OutMessage.opensThread) may be anchored on it where the platform threads (Matrix rooms
   * that use threads), even in a DM that otherwise stays flat.
   */
  answering?: string;
}

/** One message the bot (or a person) posted, so it can be edited, reacted on or threaded under. */
export interface MessageRef {
  platform: string;
  channel: string;
  /** Platform message id: Slack ts, Matrix event id, console short id. */
  messageId: string;
  /** Thread root the message lives in, if any. */
  thread?: string;
}

export function threadOf(ref: MessageRef): ConversationRef {
  return { platform: ref.platform, channel: ref.channel, thread: ref.thread ?? ref.messageId };
}
