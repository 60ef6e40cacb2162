import type { ChatAdapter, EventSink } from '../../src/chat/chat-adapter';
import type { ChatEvent } from '../../src/chat/chat-event';
import type { ConversationRef, MessageRef } from '../../src/chat/conversation-ref';
import type { OutMessage } from '../../src/chat/out-message';

export interface SentAction {
  action: 'post' | 'edit' | 'react' | 'notice';
  /** Where it went (post, notice). */
  to?: ConversationRef;
  /** The message posted, edited or reacted on. */
  ref: MessageRef;
  msg: OutMessage;
  /** The user a notice was for. */
  userId?: string;
  reaction?: string;
}

/** A ChatAdapter that records what the bot sends (platform 'test' by default). DMs are channels `dm:<user>`. */
export class RecordingAdapter implements ChatAdapter {
  readonly sent: SentAction[] = [];
  private sink?: EventSink;
  private seq = 0;

  constructor(readonly platform = 'test') {}

  async start(sink: EventSink): Promise<void> {
    this.sink = sink;
  }

  async stop(): Promise<void> {
    this.sink = undefined;
  }

  isReady(): boolean {
    return this.sink !== undefined;
  }

  nextId(prefix = 'm'): string {
    return `${prefix}${++this.seq}`;
  }

  async deliver(event: ChatEvent): Promise<void> {
    if (!this.sink) throw new Error('adapter not started');
    await this.sink(event);
  }

  async post(to: ConversationRef, msg: OutMessage): Promise<MessageRef> {
    const ref: MessageRef = {
      platform: this.platform,
      channel: to.channel,
      messageId: this.nextId('b'),
      thread: to.thread,
    };
    this.sent.push({ action: 'post', to, ref, msg });
    return ref;
  }

  async edit(ref: MessageRef, msg: OutMessage): Promise<void> {
    this.sent.push({ action: 'edit', ref, msg });
  }

  async react(ref: MessageRef, reaction: string): Promise<void> {
    this.sent.push({ action: 'react', ref, msg: { text: '' }, reaction });
  }

  async openDirect(userId: string): Promise<ConversationRef> {
    return { platform: this.platform, channel: `dm:${userId}`, direct: true };
  }

  async notice(to: ConversationRef, userId: string, msg: OutMessage): Promise<void> {
    this.sent.push({
      action: 'notice',
      to,
      ref: { platform: this.platform, channel: to.channel, messageId: this.nextId('n') },
      msg,
      userId,
    });
  }
}
