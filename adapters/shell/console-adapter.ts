import { randomUUID } from 'node:crypto';
import readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { ChatAdapter, EventSink } from '../../src/chat/chat-adapter';
import { boundAttachments, type Attachment } from '../../src/chat/chat-event';
import type { ConversationRef, MessageRef } from '../../src/chat/conversation-ref';
import { reactionToUnicode } from '../../src/chat/emoji';
import type { OutMessage } from '../../src/chat/out-message';
import { renderPlainText } from '../../src/chat/render-text';
import { CONSOLE_HELP, parseConsoleLine } from './console-syntax';

export interface ConsoleAdapterOptions {
  input: Readable;
  output: Writable;
  /** The person speaking at start (their console identity). */
  defaultUser: string;
  /** Known console identities (for `NAME>` and `:as`). */
  users: readonly string[];
  /** Bot name used for mentions in channels (`@opsdesk`). */
  botName?: string;
  /** Called when the input ends (Ctrl-D, end of a pipe) or on `:quit`, after pending lines are handled. */
  onEnd?: () => void;
  /** Show a prompt (interactive terminals). */
  prompt?: boolean;
}

interface Place {
  channel: string;
  direct: boolean;
  thread?: string;
}

/**
 * The local console: a multi-user chat in a terminal or a pipe. Every bot message gets a short id
 * ([b12]) to thread under or react on; edits, thread replies, DMs to anyone and private notices are
 * all shown, so one terminal can play every person.
 */
export class ConsoleAdapter implements ChatAdapter {
  readonly platform = 'console';
  private sink?: EventSink;
  private rl?: readline.Interface;
  private seq = 0;
  private readonly boot = randomUUID().slice(0, 8);
  private readonly messages = new Map<string, { channel: string; thread?: string }>();
  private user: string;
  private place: Place;
  private loop?: Promise<void>;
  private stopped = false;

  constructor(private readonly opts: ConsoleAdapterOptions) {
    this.user = opts.defaultUser;
    this.place = { channel: `dm:${this.user}`, direct: true };
  }

  async start(sink: EventSink): Promise<void> {
    this.sink = sink;
    this.rl = readline.createInterface({ input: this.opts.input, terminal: false });
    this.print(
      `opsdesk console — you are ${this.user}, in a DM with the bot. Type :help for the console syntax, /help for ` +
        `commands.`,
    );
    this.loop = this.readLoop();
  }

  private async readLoop(): Promise<void> {
    if (!this.rl) return;
    this.showPrompt();
    for await (const line of this.rl) {
      if (this.stopped) break;
      const keepGoing = await this.handleLine(line).catch((err: Error) => {
        this.print(`(console error: ${err.message})`);
        return true;
      });
      if (!keepGoing) break;
      this.showPrompt();
    }
    if (!this.stopped) this.opts.onEnd?.();
  }

  private showPrompt(): void {
    if (!this.opts.prompt) return;
    const where = this.place.direct ? '' : ` ${this.place.channel}`;
    const thread = this.place.thread ? ` ↳${this.place.thread}` : '';
    this.opts.output.write(`${this.user}${where}${thread}> `);
  }

  /** Handles one line; false ends the session. */
  async handleLine(line: string): Promise<boolean> {
    const parsed = parseConsoleLine(line);
    switch (parsed.kind) {
      case 'empty':
        return true;
      case 'quit':
        return false;
      case 'help':
        this.print(CONSOLE_HELP);
        return true;
      case 'error':
        this.print(parsed.message);
        return true;
      case 'who': {
        const where = this.place.direct ? 'a DM with the bot' : this.place.channel;
        this.print(`You are ${this.user}, in ${where}${this.place.thread ? `, thread ${this.place.thread}` : ''}.`);
        return true;
      }
      case 'as':
        if (!this.opts.users.includes(parsed.user))
          this.print(`(${parsed.user} is not in the config: they will be an unknown reporter)`);
        this.user = parsed.user;
        if (this.place.direct) this.place = { channel: `dm:${this.user}`, direct: true };
        this.print(`You are now ${this.user}.`);
        return true;
      case 'in':
        this.place = { channel: parsed.channel, direct: false };
        this.print(`You are now in ${parsed.channel}.`);
        return true;
      case 'dm':
        this.place = { channel: `dm:${this.user}`, direct: true };
        return true;
      case 'thread': {
        if (!parsed.id) {
          this.place = { ...this.place, thread: undefined };
          return true;
        }
        const m = this.messages.get(parsed.id);
        if (!m) {
          this.print(`No message ${parsed.id} here.`);
          return true;
        }
        this.place = { channel: m.channel, direct: m.channel.startsWith('dm:'), thread: m.thread ?? parsed.id };
        return true;
      }
      case 'sleep':
        await new Promise((resolve) => setTimeout(resolve, parsed.ms));
        return true;
      case 'react': {
        const m = this.messages.get(parsed.id);
        if (!m) {
          this.print(`No message ${parsed.id} here.`);
          return true;
        }
        await this.sink?.({
          type: 'reaction',
          platform: this.platform,
          eventId: `${this.boot}-${++this.seq}`,
          user: { id: this.user },
          channel: m.channel,
          direct: m.channel.startsWith('dm:'),
          receivedAt: new Date(),
          action: parsed.action,
          reaction: parsed.emoji,
          target: { platform: this.platform, channel: m.channel, messageId: parsed.id, thread: m.thread },
        });
        return true;
      }
      case 'say':
        await this.say(parsed.text, parsed.as, parsed.thread, parsed.attachments);
        return true;
    }
  }

  private async say(rawText: string, as?: string, threadId?: string, attachments?: Attachment[]): Promise<void> {
    const user = as ?? this.user;
    let place = as && this.place.direct ? { channel: `dm:${user}`, direct: true } : { ...this.place };
    if (threadId) {
      const m = this.messages.get(threadId);
      if (!m) return this.print(`No message ${threadId} here.`);
      place = { channel: m.channel, direct: m.channel.startsWith('dm:'), thread: m.thread ?? threadId };
    }
    const mention = new RegExp(`^@${this.opts.botName ?? 'opsdesk'}\\b[:,]?\\s*`, 'iu');
    const mentioned = !place.direct && mention.test(rawText);
    const text = rawText.replace(mention, '');
    const messageId = `u${++this.seq}`;
    this.messages.set(messageId, { channel: place.channel, thread: place.thread });
    await this.sink?.({
      type: 'message',
      platform: this.platform,
      eventId: `${this.boot}-${messageId}`,
      user: { id: user },
      channel: place.channel,
      direct: place.direct,
      receivedAt: new Date(),
      messageId,
      thread: place.thread,
      text,
      mentioned,
      ...(attachments?.length ? { attachments: boundAttachments(attachments) } : {}),
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.rl?.close();
    this.sink = undefined;
  }

  isReady(): boolean {
    return this.sink !== undefined;
  }

  private where(channel: string, thread?: string): string {
    const place = channel.startsWith('dm:') ? `DM ${channel.slice(3)}` : channel;
    return thread ? `${place} ↳${thread}` : place;
  }

  private print(text: string): void {
    this.opts.output.write(`${text}\n`);
  }

  private printMessage(head: string, msg: OutMessage): void {
    const body = renderPlainText(msg).split('\n');
    this.print(`${head} ${body[0]}`);
    for (const line of body.slice(1)) this.print(`    ${line}`);
  }

  async post(to: ConversationRef, msg: OutMessage): Promise<MessageRef> {
    const messageId = `b${++this.seq}`;
    this.messages.set(messageId, { channel: to.channel, thread: to.thread });
    this.printMessage(`[${messageId}] ${this.where(to.channel, to.thread)}:`, msg);
    // One-tap answers: what to type to tap one (a reaction on this message).
    const taps = (msg.actions ?? []).map((a) => `[ ${reactionToUnicode(a.reaction)} ${a.label} ]`);
    if (taps.length)
      this.print(`    ${taps.join(' ')}  (tap: :react ${messageId} ${reactionToUnicode(msg.actions![0].reaction)})`);
    return { platform: this.platform, channel: to.channel, messageId, thread: to.thread };
  }

  async edit(ref: MessageRef, msg: OutMessage): Promise<void> {
    this.printMessage(`[${ref.messageId} edited] ${this.where(ref.channel, ref.thread)}:`, msg);
  }

  async react(ref: MessageRef, reaction: string): Promise<void> {
    this.print(`[${ref.messageId}] opsdesk reacted ${reactionToUnicode(reaction)}`);
  }

  async openDirect(userId: string): Promise<ConversationRef> {
    return { platform: this.platform, channel: `dm:${userId}`, direct: true };
  }

  async notice(to: ConversationRef, userId: string, msg: OutMessage): Promise<void> {
    this.printMessage(`[private to ${userId} in ${this.where(to.channel, to.thread)}]`, msg);
  }

  /** Resolves when the input has been read to its end. */
  finished(): Promise<void> {
    return this.loop ?? Promise.resolve();
  }
}
