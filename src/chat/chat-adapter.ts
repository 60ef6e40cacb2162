import type { ChatEvent } from './chat-event';
import type { ConversationRef, MessageRef } from './conversation-ref';
import type { OutMessage } from './out-message';

/**
 * Receives every inbound event. Adapters await it before acknowledging the delivery (Slack ack,
 * Matrix sync position) so nothing in hand is lost; it never throws for bad user input.
 */
export type EventSink = (event: ChatEvent) => Promise<void>;

/** One chat platform. Adapters translate; they never decide. */
export interface ChatAdapter {
  /** 'console' | 'slack' | 'matrix' … also the `platform` of its events and refs. */
  readonly platform: string;
  start(sink: EventSink): Promise<void>;
  /** Stop intake and flush queued outbound messages (bounded). */
  stop(): Promise<void>;
  /** Post to a channel or thread; resolves once the platform accepted it. */
  post(to: ConversationRef, msg: OutMessage): Promise<MessageRef>;
  /** Replace the content of a message the bot posted earlier. */
  edit(ref: MessageRef, msg: OutMessage): Promise<void>;
  /** Add a reaction (canonical short name, e.g. 'white_check_mark') to a message. */
  react(ref: MessageRef, reaction: string): Promise<void>;
  /** The DM conversation with a platform user (opened if needed). */
  openDirect(userId: string): Promise<ConversationRef>;
  /** A message only `userId` sees in `to` (Slack ephemeral); adapters without one send a DM. */
  notice(to: ConversationRef, userId: string, msg: OutMessage): Promise<void>;
  /** Connected and able to send (for /readyz). */
  isReady(): boolean;
}
