/**
 * What the bot sends to Matrix: messages (cards as HTML with a plain body, every event with the
 * `m.mentions` it means, render.ts), edits (`m.replace`), reactions, redactions and DMs. Every
 * request goes through the per-room queue that honours M_LIMIT_EXCEEDED (send-queue.ts); its
 * transaction id comes from the inbound event being handled and the purpose, so a process that
 * takes over a dead one's event and sends the same answer again is deduplicated by the homeserver.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { ConversationRef, MessageRef } from '../../src/chat/conversation-ref';
import { deliverySendKey } from '../../src/chat/delivery-context';
import { normalizeReaction, reactionToUnicode } from '../../src/chat/emoji';
import type { OutMessage } from '../../src/chat/out-message';
import { OpsdeskError } from '../../src/core/errors';
import { msg } from '../../src/i18n/catalog';
import { said, sayIn } from '../../src/i18n/refusal';
import { serverOf } from './access';
import { PLATFORM, type MatrixParts } from './parts';
import {
  editOf,
  inThread,
  type Mentions,
  type MessageKind,
  mentionsOf,
  namingNobody,
  reactionOf,
  renderContent,
  withMentions,
} from './render';

export class MatrixOutbound {
  private readonly txnPrefix = `opsdesk.${Date.now().toString(36)}.${randomUUID().slice(0, 8)}`;
  private txnSeq = 0;

  constructor(
    private readonly p: MatrixParts,
    private readonly msgtype: MessageKind,
  ) {}

  async post(to: ConversationRef, msg: OutMessage): Promise<MessageRef> {
    const { facts, replyStyles } = this.p;
    const room = await facts.resolve(to.channel);
    const message = await this.forRoom(room, msg, to.direct);
    const content = renderContent(message, this.msgtype);
    // A receipt in a room that uses threads opens a thread on the report, even on a flat DM's.
    const threadIt = !!msg.opensThread && (await this.p.threads.uses(room));
    const thread = to.thread ?? (threadIt ? to.answering : undefined);
    const eventId = await this.send(
      room,
      'm.room.message',
      thread ? { ...content, 'm.relates_to': replyStyles.relationFor(thread, threadIt) } : { ...content },
      'post',
    );
    facts.noteThread(eventId, thread ?? eventId);
    if (msg.image) await this.postImage(room, thread, msg.image, mentionsOf(message));
    if (msg.file) await this.postFile(room, thread, msg.file);
    const ref = { platform: PLATFORM, channel: room, messageId: eventId, ...(thread ? { thread } : {}) };
    // One-tap answers: the bot places each reaction, so the person answers with a tap on one.
    for (const a of msg.actions ?? []) await this.react(ref, a.reaction);
    return ref;
  }

  async edit(ref: MessageRef, msg: OutMessage): Promise<void> {
    const room = await this.p.facts.resolve(ref.channel);
    const content = renderContent(await this.forRoom(room, msg), this.msgtype);
    await this.send(room, 'm.room.message', editOf(ref.messageId, content), 'edit');
  }

  /** In a DM the message names nobody: its one reader sees it without a mention. */
  private async forRoom(room: string, msg: OutMessage, direct?: boolean): Promise<OutMessage> {
    if (!msg.notify?.length) return msg;
    return (direct ?? (await this.p.facts.isDirect(room))) ? namingNobody(msg) : msg;
  }

  async react(ref: MessageRef, reaction: string): Promise<void> {
    const room = await this.p.facts.resolve(ref.channel);
    await this.send(
      room,
      'm.reaction',
      reactionOf(ref.messageId, reactionToUnicode(normalizeReaction(reaction))),
      'react',
    );
  }

  /** A DM with a configured person or a user of an allowed server; the bot opens none with anyone else. */
  async openDirect(userId: string): Promise<ConversationRef> {
    const { access, client, cryptoEnabled } = this.p;
    if (!access.mayApproach(userId)) {
      const message = said('matrix.noDm', { server: serverOf(userId) || said('matrix.thatServer') });
      throw new OpsdeskError('FORBIDDEN', sayIn('en', message), {
        detail: { userId, allowedServers: [...access.allowedServers] },
        localized: { message },
      });
    }
    const roomId = await this.p.queue.enqueue(`dm:${userId}`, 'open-dm', () =>
      // With crypto the SDK's own room creation makes the DM encrypted when the person has devices.
      cryptoEnabled
        ? client.dms.getOrCreateDm(userId)
        : client.dms.getOrCreateDm(userId, (uid) =>
            client.createRoom({ invite: [uid], is_direct: true, preset: 'trusted_private_chat' }),
          ),
    );
    return { platform: PLATFORM, channel: roomId, direct: true };
  }

  /** Matrix has no ephemeral messages: a notice is a DM (in the same room when that is the DM). */
  async notice(to: ConversationRef, userId: string, msg: OutMessage): Promise<void> {
    const room = await this.p.facts.resolve(to.channel);
    const dm = await this.openDirect(userId);
    await this.post(dm.channel === room ? to : dm, msg);
  }

  /** Redacts a message the bot posted (a receipt whose report its reporter deleted). */
  async remove(ref: MessageRef): Promise<void> {
    const room = await this.p.facts.resolve(ref.channel);
    const client = this.p.client;
    const txnId = this.txnId(`redact:${room}`);
    const at = `${encodeURIComponent(room)}/redact/${encodeURIComponent(ref.messageId)}/${encodeURIComponent(txnId)}`;
    await this.p.queue.enqueue(room, 'redact', () =>
      client.doRequest('PUT', `/_matrix/client/v3/rooms/${at}`, null, {
        reason: msg(this.p.config.organisation.language, 'matrix.removedReason'),
      }),
    );
  }

  private send(room: string, type: string, eventContent: Record<string, unknown>, what: string): Promise<string> {
    const client = this.p.client;
    const content = withMentions(eventContent);
    // One transaction id per message, kept across retries: the homeserver sends it once. While an
    // inbound event is handled, the id comes from that event and the send's purpose and order, so a
    // process that takes over a dead one's event and sends the same answer again is deduplicated too.
    const txnId = this.txnId(`${what}:${room}`);
    return this.p.queue.enqueue(room, what, async () => {
      let eventType = type;
      let body: unknown = content;
      if (client.crypto && (await client.crypto.isRoomEncrypted(room))) {
        body = await client.crypto.encryptRoomEvent(room, type, content);
        eventType = 'm.room.encrypted';
      }
      const at = `${encodeURIComponent(room)}/send/${encodeURIComponent(eventType)}/${encodeURIComponent(txnId)}`;
      const path = `/_matrix/client/v3/rooms/${at}`;
      const res = (await client.doRequest('PUT', path, null, body)) as { event_id: string };
      return res.event_id;
    });
  }

  /** A transaction id: from the delivery being handled and the purpose when there is one, else unique. */
  private txnId(purpose: string): string {
    const key = deliverySendKey(purpose);
    return key
      ? `opsdesk.d.${createHash('sha256').update(key).digest('hex').slice(0, 40)}`
      : `${this.txnPrefix}.${++this.txnSeq}`;
  }

  private async postImage(
    room: string,
    thread: string | undefined,
    image: NonNullable<OutMessage['image']>,
    mentions: Mentions,
  ): Promise<void> {
    const url = await this.p.queue.enqueue(room, 'upload', () =>
      this.p.client.uploadContent(image.png, 'image/png', image.filename),
    );
    const content = {
      msgtype: 'm.image',
      body: image.altText,
      filename: image.filename,
      url,
      info: { mimetype: 'image/png', size: image.png.length },
      'm.mentions': mentions,
    };
    await this.send(room, 'm.room.message', thread ? inThread(content as never, thread) : content, 'image');
  }

  /** A file on request (a CSV), as an `m.file` after its message, in the same thread; it notifies no one. */
  private async postFile(room: string, thread: string | undefined, file: NonNullable<OutMessage['file']>) {
    const url = await this.p.queue.enqueue(room, 'upload', () =>
      this.p.client.uploadContent(file.data, file.mimetype, file.filename),
    );
    const content = {
      msgtype: 'm.file',
      body: file.filename,
      filename: file.filename,
      url,
      info: { mimetype: file.mimetype, size: file.data.length },
      'm.mentions': {},
    };
    await this.send(room, 'm.room.message', thread ? inThread(content as never, thread) : content, 'file');
  }
}
