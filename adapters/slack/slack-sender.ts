/**
 * What the Slack adapter sends: posts, edits (through the coalescer), reactions, DMs and ephemeral
 * notices, every call through the per-channel queue (429s waited out). Blocks Slack refuses are sent
 * again as text; a channel the bot cannot write to gets the answer through the command's
 * response_url, privately to the person who typed it.
 */
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { ConversationRef, MessageRef } from '../../src/chat/conversation-ref';
import type { OutMessage } from '../../src/chat/out-message';
import type { Lang } from '../../src/i18n/languages';
import { renderMessage, type SlackMessageBody } from './block-kit-renderer';
import { EditCoalescer } from './edit-coalescer';
import { PLATFORM } from './event-translator';
import type { OutboundQueue } from './outbound-queue';
import type { ResponseUrls } from './response-urls';

/** Messages sent through a response_url have no ts; their refs carry this prefix and cannot be edited. */
const RESPONSE_REF = 'response_url:';
/** Slack's answers to blocks it will not show: over its (undocumented) total size, or otherwise invalid. */
const BLOCKS_REFUSED = new Set(['msg_blocks_too_long', 'invalid_blocks']);

export class SlackSender {
  readonly edits: EditCoalescer;
  private readonly dms = new Map<string, string>();
  private responseRefs = 0;

  constructor(
    private readonly client: WebClient,
    private readonly queue: OutboundQueue,
    private readonly responseUrls: ResponseUrls,
    private readonly log: Logger,
    editIntervalMs: number,
    /** The organisation's: the words the renderer adds to a message that does not say its language. */
    private readonly language?: Lang,
  ) {
    this.edits = new EditCoalescer(editIntervalMs, (ref, msg) => this.update(ref, msg), log);
  }

  async post(to: ConversationRef, msg: OutMessage): Promise<MessageRef> {
    const body = renderMessage(msg, this.language);
    const thread = slackTs(to.thread);
    let ref: MessageRef;
    const send = (b: SlackMessageBody) =>
      this.queue.run(to.channel, 'chat.postMessage', () =>
        this.client.chat.postMessage({
          channel: to.channel,
          ...b,
          thread_ts: thread,
          unfurl_links: false,
          unfurl_media: false,
        }),
      );
    try {
      let res;
      try {
        res = await send(body);
      } catch (err) {
        if (!body.blocks || !BLOCKS_REFUSED.has(platformError(err) ?? '')) throw err;
        this.log.warn(
          { error: platformError(err), channel: to.channel, blocks: body.blocks.length },
          'Slack refused the blocks of a message; sent as text',
        );
        res = await send({ text: body.text });
      }
      ref = {
        platform: PLATFORM,
        channel: res.channel ?? to.channel,
        messageId: String(res.ts),
        ...(thread ? { thread } : {}),
      };
    } catch (err) {
      // Only the answer to a slash command (its thread is the command's trigger id) may go through
      // that command's response_url, privately to the person who typed it.
      const url = cannotWrite(err) ? this.responseUrls.forCommand(to.thread, to.channel) : undefined;
      if (!url) throw err;
      await this.queue.run(to.channel, 'response_url', () => this.responseUrls.send(url, body, 'ephemeral'));
      this.responseRefs += 1;
      return { platform: PLATFORM, channel: to.channel, messageId: `${RESPONSE_REF}${this.responseRefs}` };
    }
    if (msg.image)
      await this.upload(ref, { file: msg.image.png, filename: msg.image.filename, title: msg.image.altText }, 'image');
    if (msg.file)
      await this.upload(ref, { file: msg.file.data, filename: msg.file.filename, title: msg.file.title }, 'file');
    return ref;
  }

  async edit(ref: MessageRef, msg: OutMessage): Promise<void> {
    if (ref.messageId.startsWith(RESPONSE_REF)) {
      this.log.debug({ ref }, 'a response_url message cannot be edited; edit dropped');
      return;
    }
    this.edits.submit(ref, msg);
  }

  async react(ref: MessageRef, reaction: string): Promise<void> {
    if (ref.messageId.startsWith(RESPONSE_REF)) return;
    try {
      await this.queue.run(ref.channel, 'reactions.add', () =>
        this.client.reactions.add({ channel: ref.channel, timestamp: ref.messageId, name: reaction }),
      );
    } catch (err) {
      if (platformError(err) !== 'already_reacted') throw err;
    }
  }

  async openDirect(userId: string): Promise<ConversationRef> {
    let channel = this.dms.get(userId);
    if (!channel) {
      const res = await this.queue.run(`open:${userId}`, 'conversations.open', () =>
        this.client.conversations.open({ users: userId }),
      );
      channel = res.channel?.id;
      if (!channel) throw new Error(`Slack conversations.open gave no channel for ${userId}`);
      this.dms.set(userId, channel);
    }
    return { platform: PLATFORM, channel, direct: true };
  }

  async notice(to: ConversationRef, userId: string, msg: OutMessage): Promise<void> {
    const body = renderMessage(msg, this.language);
    try {
      await this.queue.run(to.channel, 'chat.postEphemeral', () =>
        this.client.chat.postEphemeral({ channel: to.channel, user: userId, ...body, thread_ts: slackTs(to.thread) }),
      );
      return;
    } catch (err) {
      if (!cannotWrite(err)) throw err;
      const url =
        this.responseUrls.forCommand(to.thread, to.channel, userId) ?? this.responseUrls.forUser(to.channel, userId);
      if (url) {
        await this.queue.run(to.channel, 'response_url', () => this.responseUrls.send(url, body, 'ephemeral'));
        return;
      }
    }
    await this.post(await this.openDirect(userId), msg);
  }

  /**
   * Edits a message. Blocks Slack refuses (over its total size, or invalid) are sent again as
   * text; `blocks: []` then, because chat.update without blocks keeps the old ones (a card
   * saying DEPLOYING while its text says done). For the same reason an edit to plain text sends
   * `blocks: []` (a question whose buttons must go once it is answered).
   */
  async update(ref: MessageRef, msg: OutMessage): Promise<void> {
    const rendered = renderMessage(msg, this.language);
    const body = { ...rendered, blocks: rendered.blocks ?? [] };
    const send = (b: SlackMessageBody) =>
      this.queue.run(ref.channel, 'chat.update', () =>
        this.client.chat.update({ channel: ref.channel, ts: ref.messageId, ...b }),
      );
    try {
      await send(body);
    } catch (err) {
      if (!body.blocks.length || !BLOCKS_REFUSED.has(platformError(err) ?? '')) throw err;
      this.log.warn(
        { error: platformError(err), channel: ref.channel, blocks: body.blocks.length },
        'Slack refused the blocks of an edit; sent as text',
      );
      await send({ text: body.text, blocks: [] });
    }
  }

  /** Images (the digest chart) and files (a CSV on request) follow their message in the same conversation. */
  private async upload(
    after: MessageRef,
    f: { file: Buffer; filename: string; title: string },
    what: 'image' | 'file',
  ): Promise<void> {
    const channel = after.channel;
    try {
      const file = { ...f, ...(what === 'image' ? { alt_text: f.title } : {}) };
      await this.queue.run(channel, 'files.uploadV2', () =>
        this.client.filesUploadV2(
          after.thread ? { ...file, channel_id: channel, thread_ts: after.thread } : { ...file, channel_id: channel },
        ),
      );
    } catch (err) {
      this.log.warn(
        { err: (err as Error).message, channel, what },
        `Slack ${what} upload failed; the message was sent without it`,
      );
    }
  }
}

/**
 * A thread root as Slack knows it (a message ts). Slash commands have no message, so the core's
 * "reply in the thread of the command" (its trigger id) means the channel itself.
 */
function slackTs(id: string | undefined): string | undefined {
  return id && /^\d+\.\d+$/u.test(id) ? id : undefined;
}

function platformError(err: unknown): string | undefined {
  const e = err as { code?: string; data?: { error?: string } };
  return e?.code === 'slack_webapi_platform_error' ? e.data?.error : undefined;
}

/** The bot cannot write there (not invited, or someone else's DM). */
function cannotWrite(err: unknown): boolean {
  const code = platformError(err);
  return code === 'not_in_channel' || code === 'channel_not_found' || code === 'user_not_in_channel';
}
