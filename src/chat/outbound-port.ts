import type { ConversationRef, MessageRef } from './conversation-ref';
import type { OutMessage } from './out-message';

/**
 * The one way anything in opsdesk speaks: commands (through their context), reaction handlers and
 * jobs. It dispatches on `platform` to the right adapter, so callers never know the platform.
 */
export interface OutboundPort {
  post(to: ConversationRef, msg: string | OutMessage): Promise<MessageRef>;
  edit(ref: MessageRef, msg: string | OutMessage): Promise<void>;
  react(ref: MessageRef, reaction: string): Promise<void>;
  /** Deletes a message the bot posted (Matrix: a redaction); where a platform cannot, its text becomes `instead`. */
  remove?(ref: MessageRef, instead: string): Promise<void>;
  /** Direct message to a person on one platform (their platform user id). */
  direct(platform: string, userId: string, msg: string | OutMessage): Promise<MessageRef>;
  /** Private notice (Slack ephemeral; elsewhere a DM). */
  notice(to: ConversationRef, userId: string, msg: string | OutMessage): Promise<void>;
  /** The configured named channel ('operators', 'ccb', …) on every platform where it is set. */
  channel(name: string): ConversationRef[];
}
