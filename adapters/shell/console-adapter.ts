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
import { renderConsoleMarkup } from './console-markup';
import { msg } from '../../src/i18n/catalog';
import type { Lang } from '../../src/i18n/languages';
import type { MessageKey } from '../../src/i18n/messages-en';
import { sayIn } from '../../src/i18n/refusal';

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
  /** Bold, italic and code as ANSI; default: when the output is a terminal (and NO_COLOR is not set). */
  ansi?: boolean;
  /** The language of a console identity (the person's, else the organisation's); default English. */
  languageOf?: (user: string) => Lang | undefined;
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
 *
 * The short ids restart in every process, but thread links are stored for good: so the id the
 * platform sees (MessageRef.messageId, thread keys) carries this run's prefix (`3f9a1c:b12`), and a
 * reply to a new [b2] never lands on the case an earlier run's [b2] belonged to. People type and
 * see the short id; a message of an earlier run is shown with its full id.
 */
export class ConsoleAdapter implements ChatAdapter {
  readonly platform = 'console';
  private sink?: EventSink;
  private rl?: readline.Interface;
  private seq = 0;
  /** This run's prefix of every message and event id. */
  private readonly boot = randomUUID().slice(0, 8);
  /** Short id ([b12], u3) → where it was said; `thread` is a platform id (with a run prefix). */
  private readonly messages = new Map<string, { channel: string; thread?: string }>();
  private user: string;
  private place: Place;
  private loop?: Promise<void>;
  private stopped = false;
  private readonly ansi: boolean;

  constructor(private readonly opts: ConsoleAdapterOptions) {
    this.user = opts.defaultUser;
    this.ansi = opts.ansi ?? (Boolean((opts.output as { isTTY?: boolean }).isTTY) && !process.env.NO_COLOR);
    this.place = { channel: `dm:${this.user}`, direct: true };
  }

  async start(sink: EventSink): Promise<void> {
    this.sink = sink;
    this.rl = readline.createInterface({ input: this.opts.input, terminal: false });
    this.tell('console.hello', { user: this.user });
    this.loop = this.readLoop();
  }

  private async readLoop(): Promise<void> {
    if (!this.rl) return;
    this.showPrompt();
    for await (const line of this.rl) {
      if (this.stopped) break;
      const keepGoing = await this.handleLine(line).catch((err: Error) => {
        this.tell('console.error', { error: err.message });
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
    const thread = this.place.thread ? ` ↳${this.shortId(this.place.thread)}` : '';
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
        this.print(sayIn(this.lang, parsed.said));
        return true;
      case 'who': {
        const where = this.place.direct ? msg(this.lang, 'console.dmWithBot') : this.place.channel;
        const id = this.place.thread && this.shortId(this.place.thread);
        this.tell('console.who', {
          user: this.user,
          where: id ? msg(this.lang, 'console.inThread', { where, id }) : where,
        });
        return true;
      }
      case 'as':
        if (!this.opts.users.includes(parsed.user)) this.tell('console.unknownUser', { user: parsed.user });
        this.user = parsed.user;
        if (this.place.direct) this.place = { channel: `dm:${this.user}`, direct: true };
        this.tell('console.nowUser', { user: this.user });
        return true;
      case 'in':
        this.place = { channel: parsed.channel, direct: false };
        this.tell('console.nowIn', { channel: parsed.channel });
        return true;
      case 'dm':
        this.place = { channel: `dm:${this.user}`, direct: true };
        return true;
      case 'thread': {
        if (!parsed.id) {
          this.place = { ...this.place, thread: undefined };
          return true;
        }
        const m = this.reachable(parsed.id, this.user);
        if (!m) return true;
        const thread = m.thread ?? this.platformId(parsed.id);
        this.place = { channel: m.channel, direct: m.channel.startsWith('dm:'), thread };
        return true;
      }
      case 'sleep':
        await new Promise((resolve) => setTimeout(resolve, parsed.ms));
        return true;
      case 'react': {
        const m = this.reachable(parsed.id, this.user);
        if (!m) return true;
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
          target: {
            platform: this.platform,
            channel: m.channel,
            messageId: this.platformId(parsed.id),
            thread: m.thread,
          },
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
      const m = this.reachable(threadId, user);
      if (!m) return;
      place = {
        channel: m.channel,
        direct: m.channel.startsWith('dm:'),
        thread: m.thread ?? this.platformId(threadId),
      };
    }
    const mention = new RegExp(`^@${this.opts.botName ?? 'opsdesk'}\\b[:,]?\\s*`, 'iu');
    const mentioned = !place.direct && mention.test(rawText);
    const text = rawText.replace(mention, '');
    const shortId = `u${++this.seq}`;
    const messageId = this.platformId(shortId);
    this.messages.set(shortId, { channel: place.channel, thread: place.thread });
    await this.sink?.({
      type: 'message',
      platform: this.platform,
      eventId: messageId,
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
    return thread ? `${place} ↳${this.shortId(thread)}` : place;
  }

  /** The id the platform stores for a short id of this run. */
  private platformId(shortId: string): string {
    return `${this.boot}:${shortId}`;
  }

  /** The short id people type, for a message of this run; an earlier run's message keeps its full id. */
  private shortId(platformId: string): string {
    return platformId.startsWith(`${this.boot}:`) ? platformId.slice(this.boot.length + 1) : platformId;
  }

  /**
   * A message `user` can answer or react to: not one in someone else's DM (in Slack and Matrix nobody can write into
   * another person's conversation with the bot, so the console does not let them either).
   */
  private reachable(id: string, user: string): { channel: string; thread?: string } | undefined {
    const m = this.messages.get(id);
    if (!m) this.tell('console.noMessage', { id });
    else if (m.channel.startsWith('dm:') && m.channel !== `dm:${user}`)
      this.tell('console.otherDm', { id, user: m.channel.slice(3) });
    else return m;
    return undefined;
  }

  /** The speaking person's language: the console's own lines are said in it. */
  private get lang(): Lang | undefined {
    return this.opts.languageOf?.(this.user);
  }

  private tell(key: MessageKey, params: Record<string, string | number>): void {
    this.print(msg(this.lang, key, params));
  }

  private print(text: string): void {
    this.opts.output.write(`${text}\n`);
  }

  private printMessage(head: string, out: OutMessage): void {
    const body = renderConsoleMarkup(renderPlainText(out), this.ansi).split('\n');
    this.print(`${head} ${body[0]}`);
    for (const line of body.slice(1)) this.print(`    ${line}`);
  }

  async post(to: ConversationRef, out: OutMessage): Promise<MessageRef> {
    const shortId = `b${++this.seq}`;
    this.messages.set(shortId, { channel: to.channel, thread: to.thread });
    this.printMessage(`[${shortId}] ${this.where(to.channel, to.thread)}:`, out);
    // A file on request: printed whole after its message (a terminal can copy it).
    if (out.file) {
      this.print(`    --- ${out.file.filename} (${out.file.data.length} bytes) ---`);
      for (const line of out.file.data.toString('utf8').trimEnd().split('\n')) this.print(`    ${line}`);
    }
    // One-tap answers: what to type to tap one (a reaction on this message).
    const taps = (out.actions ?? []).map((a) => `[ ${reactionToUnicode(a.reaction)} ${a.label} ]`);
    if (taps.length) {
      const tap = msg(this.lang, 'console.tap', { id: shortId, emoji: reactionToUnicode(out.actions![0].reaction) });
      this.print(`    ${taps.join(' ')}  ${tap}`);
    }
    return { platform: this.platform, channel: to.channel, messageId: this.platformId(shortId), thread: to.thread };
  }

  async edit(ref: MessageRef, out: OutMessage): Promise<void> {
    this.printMessage(`[${this.shortId(ref.messageId)} edited] ${this.where(ref.channel, ref.thread)}:`, out);
  }

  async react(ref: MessageRef, reaction: string): Promise<void> {
    const reacted = msg(this.lang, 'console.reacted', { emoji: reactionToUnicode(reaction) });
    this.print(`[${this.shortId(ref.messageId)}] ${reacted}`);
  }

  async openDirect(userId: string): Promise<ConversationRef> {
    return { platform: this.platform, channel: `dm:${userId}`, direct: true };
  }

  async notice(to: ConversationRef, userId: string, out: OutMessage): Promise<void> {
    this.printMessage(
      msg(this.lang, 'console.privateTo', { user: userId, where: this.where(to.channel, to.thread) }),
      out,
    );
  }

  /** Resolves when the input has been read to its end. */
  finished(): Promise<void> {
    return this.loop ?? Promise.resolve();
  }
}
