import type { ChatEvent } from './chat-event';
import type { ConversationRef, MessageRef } from './conversation-ref';
import type { OutMessage } from './out-message';

/**
 * Receives every inbound event. Adapters await it before acknowledging the delivery (Slack ack,
 * Matrix sync position) so nothing in hand is lost; it never throws for bad user input.
 *
 * The bot's sink also offers `deferred`, for platforms that want their answer before the event
 * can be handled (Slack: 3 seconds, and no retry of a slash command): the adapter stores the
 * delivery, acknowledges it, then has it handled.
 */
export interface EventSink {
  (event: ChatEvent): Promise<void>;
  readonly deferred?: DeferredIntake;
}

/**
 * A receipt's answer: 'stored' (new: acknowledge it, then call handle) or 'duplicate' (acknowledge it, nothing to do).
 */
export type Receipt = 'stored' | 'duplicate';

/** Data the core never reads, kept with a stored delivery for the adapter (Slack: a slash command's response_url). */
export type AdapterData = Readonly<Record<string, string>>;

/**
 * Receive now, handle after the acknowledgement. `receive` stores the delivery (its inbound
 * receipt, with the event) and resolves once a crash can no longer lose it: from then on, if this
 * process dies before the event is handled, another process (or this one restarted) takes it over
 * and gives it to the `resume` its adapter registered with `onAbandoned`. It rejects when nothing
 * could be stored (e.g. the database is unreachable, or the bot is stopping): do not acknowledge
 * then, or tell the person to try again where the platform will not deliver again.
 */
export interface DeferredIntake {
  receive(event: ChatEvent, data?: AdapterData): Promise<Receipt>;
  /** Handles an event `receive` answered 'stored' for (also while the bot stops); never rejects for bad input. */
  handle(event: ChatEvent): Promise<void>;
  /** Where this platform's deliveries left by a dead process go; `resume` ends by calling `handle`. */
  onAbandoned(platform: string, resume: (event: ChatEvent, data: AdapterData | undefined) => Promise<void>): void;
}

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
  /** Delete a message the bot posted, where the platform can (Matrix: redact); else it is edited. */
  remove?(ref: MessageRef): Promise<void>;
  /** The DM conversation with a platform user (opened if needed). */
  openDirect(userId: string): Promise<ConversationRef>;
  /** A message only `userId` sees in `to` (Slack ephemeral); adapters without one send a DM. */
  notice(to: ConversationRef, userId: string, msg: OutMessage): Promise<void>;
  /** Connected and able to send (for /readyz). */
  isReady(): boolean;
}
