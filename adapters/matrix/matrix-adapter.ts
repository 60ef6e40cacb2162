/**
 * The Matrix adapter: matrix-bot-sdk underneath, opsdesk's ChatAdapter on top.
 *
 * In: a /sync batch is handled event by event and the sync token stored only afterwards
 * (sync-client.ts); messages, reactions, reaction redactions and unreadable (encrypted) events
 * become ChatEvents; the bot's own events, `matrix.ignoreUsers` and other bots' notices are
 * dropped; invites to configured rooms are joined, and to DMs when the inviter's server is allowed
 * (`matrix.allowedServers`, default the bot's own) or the inviter is a configured person; DM
 * messages from anyone else are dropped. Out: every request goes through a per-room queue that
 * honours M_LIMIT_EXCEEDED (send-queue.ts); cards are HTML with a plain body, and every event
 * carries `m.mentions` naming exactly whom it notifies (render.ts); edits use m.replace.
 */
import { createHash, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import mongoose, { type Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { ChatAdapter, EventSink } from '../../src/chat/chat-adapter';
import type { ChatEvent, UnreadableEvent } from '../../src/chat/chat-event';
import type { ConversationRef, MessageRef } from '../../src/chat/conversation-ref';
import { deliverySendKey } from '../../src/chat/delivery-context';
import { normalizeReaction, reactionToUnicode } from '../../src/chat/emoji';
import type { OutMessage } from '../../src/chat/out-message';
import type { Config } from '../../src/config/schema';
import { OpsdeskError } from '../../src/core/errors';
import { Attention } from './attention';
import { checkCredentials, openSession } from './credentials';
import { inboundMentions, pillsAsUserIds } from './inbound-mentions';
import {
  isReadableMessage,
  matrixOrigin,
  mediaOf,
  redactedEventId,
  relationOf,
  stripMention,
  stripReplyFallback,
  type RawMatrixEvent,
} from './inbound';
import { loadMatrixSdk } from './load-sdk';
import { MongoStorageProvider } from './mongo-storage';
import { ReactionStore } from './reaction-store';
import {
  editOf,
  inThread,
  type Mentions,
  type MessageKind,
  mentionsOf,
  reactionOf,
  renderContent,
  withMentions,
} from './render';
import { ReplyStyles } from './reply-style';
import { RoomFacts } from './room-facts';
import { bridgeSdkLogs } from './sdk-log';
import { SendQueue } from './send-queue';
import { createSyncingClient, type SyncingClient } from './sync-client';

const PLATFORM = 'matrix';
/** One hint per person and room in this window about messages the bot cannot read. */
const HINT_INTERVAL_MS = 10 * 60_000;
const SYNC_FILTER = {
  presence: { not_types: ['*'] },
  room: { ephemeral: { not_types: ['*'] }, timeline: { limit: 50 } },
};

export function createMatrixAdapter(
  config: Config,
  env: NodeJS.ProcessEnv,
  log: Logger,
  db?: Connection,
): MatrixAdapter {
  checkCredentials(config.matrix, env);
  return new MatrixAdapter(config, env, log.child({ platform: PLATFORM }), db ?? mongoose.connection);
}

export class MatrixAdapter implements ChatAdapter {
  readonly platform = PLATFORM;
  private client?: SyncingClient;
  private sink?: EventSink;
  private facts?: RoomFacts;
  private storage?: MongoStorageProvider;
  private queue?: SendQueue;
  private readonly reactions: ReactionStore;
  private readonly replyStyles = new ReplyStyles();
  private attention?: Attention;
  private readonly msgtype: MessageKind;
  private botUserId = '';
  private botName?: string;
  private cryptoEnabled = false;
  private running = false;
  private txnPrefix = '';
  private txnSeq = 0;
  private readonly failedDecryption = new Set<string>();
  private readonly hinted = new Map<string, number>();
  /** Servers whose users may invite the bot and DM it (lower case). */
  private allowedServers = new Set<string>();
  /** Configured people's Matrix ids: they may invite and DM from any server. */
  private readonly configuredUsers: Set<string>;
  private readonly ignoredUsers: Set<string>;
  private readonly noticeSenders: Set<string>;

  constructor(
    private readonly config: Config,
    private readonly env: NodeJS.ProcessEnv,
    private readonly log: Logger,
    private readonly conn: Connection,
  ) {
    this.reactions = new ReactionStore(conn);
    this.configuredUsers = new Set(
      config.people.flatMap((p) => (p.identities[PLATFORM] ? [p.identities[PLATFORM]] : [])),
    );
    this.ignoredUsers = new Set(config.matrix.ignoreUsers);
    this.noticeSenders = new Set(config.matrix.allowBots);
    this.msgtype = config.matrix.messageType === 'text' ? 'm.text' : 'm.notice';
  }

  /** The bot's Matrix user id (after start). */
  get userId(): string {
    return this.botUserId;
  }

  /** Rate-limit answers seen by the outbound queue (for metrics and tests). */
  get rateLimitedCount(): number {
    return this.queue?.rateLimitedCount ?? 0;
  }

  async start(sink: EventSink): Promise<void> {
    const settings = this.config.matrix;
    const { sdk, crypto, cryptoProblem } = loadMatrixSdk(
      settings.encryption.enabled ? this.env.MATRIX_CRYPTO_BINDING : undefined,
    );
    bridgeSdkLogs(sdk, this.log);
    const session = await openSession(settings, this.env, new MongoStorageProvider('opsdesk-login', this.conn));
    const who = await new sdk.MatrixClient(session.homeserverUrl, session.accessToken).getWhoAmI();
    this.botUserId = who.user_id;
    this.allowedServers = new Set((settings.allowedServers ?? [serverOf(who.user_id)]).map((s) => s.toLowerCase()));
    this.storage = new MongoStorageProvider(who.user_id, this.conn);

    let cryptoStore: unknown;
    if (settings.encryption.enabled && crypto) {
      const dir = join(
        settings.encryption.storePath,
        `${who.user_id.replace(/[^\w.-]/gu, '_')}-${who.device_id ?? 'device'}`,
      );
      cryptoStore = new sdk.RustSdkCryptoStorageProvider(dir, crypto.StoreType.Sqlite as never);
      this.cryptoEnabled = true;
    } else if (settings.encryption.enabled) {
      this.log.warn(
        { reason: cryptoProblem },
        'Matrix end-to-end encryption is unavailable (the native @matrix-org/matrix-sdk-crypto-nodejs binding is ' +
          'not installed and MATRIX_CRYPTO_BINDING names no built binding); ' +
          'unencrypted rooms work, and people writing in encrypted rooms are told to use an unencrypted room or DM.',
      );
    }

    const client = createSyncingClient(sdk, session.homeserverUrl, session.accessToken, this.storage, cryptoStore);
    client.syncingTimeout = settings.syncTimeoutMs;
    client.hooks = {
      log: this.log,
      onEvent: (name, args) => this.onSdkEvent(name, args),
      invitedAt: (roomId) => this.invitedAt(roomId),
      // The intake's claim is held by another process (UNAVAILABLE while the adapter runs).
      heldElsewhere: (err) => this.running && err instanceof OpsdeskError && err.code === 'UNAVAILABLE',
    };
    this.client = client;
    this.facts = new RoomFacts(client);
    this.attention = new Attention(client, this.log);
    this.queue = new SendQueue({ log: this.log, maxRetryMs: settings.sendRetryMs });
    this.txnPrefix = `opsdesk.${Date.now().toString(36)}.${randomUUID().slice(0, 8)}`;
    this.sink = sink;

    if (settings.displayName) await client.setDisplayName(settings.displayName);
    this.botName =
      settings.displayName ??
      ((await client.getUserProfile(this.botUserId).catch(() => ({}))) as { displayname?: string }).displayname;
    await this.joinConfiguredRooms(client);
    this.running = true;
    await client.start(SYNC_FILTER);
    if (!(await client.firstSync(30_000))) this.log.warn('matrix: no answer to /sync yet; still trying');
    this.log.info({ userId: this.botUserId, encryption: this.cryptoEnabled }, 'matrix: syncing');
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.client?.haltSync();
    const flushed = await this.queue?.close(10_000);
    if (flushed === false) this.log.warn('matrix: stopped with messages still queued');
  }

  isReady(): boolean {
    return this.running && !!this.client?.syncing;
  }

  // ---------------------------------------------------------------------------------------------
  // outbound

  async post(to: ConversationRef, msg: OutMessage): Promise<MessageRef> {
    const facts = this.requireFacts();
    const room = await facts.resolve(to.channel);
    const content = renderContent(msg, this.msgtype);
    const eventId = await this.send(
      room,
      'm.room.message',
      to.thread ? { ...content, 'm.relates_to': this.replyStyles.relationFor(to.thread) } : { ...content },
      'post',
    );
    facts.noteThread(eventId, to.thread ?? eventId);
    if (msg.image) await this.postImage(room, to.thread, msg.image, mentionsOf(msg));
    if (msg.file) await this.postFile(room, to.thread, msg.file);
    const ref = { platform: PLATFORM, channel: room, messageId: eventId, ...(to.thread ? { thread: to.thread } : {}) };
    // One-tap answers: the bot places each reaction, so the person answers with a tap on one.
    for (const a of msg.actions ?? []) await this.react(ref, a.reaction);
    return ref;
  }

  async edit(ref: MessageRef, msg: OutMessage): Promise<void> {
    const room = await this.requireFacts().resolve(ref.channel);
    await this.send(room, 'm.room.message', editOf(ref.messageId, renderContent(msg, this.msgtype)), 'edit');
  }

  async react(ref: MessageRef, reaction: string): Promise<void> {
    const room = await this.requireFacts().resolve(ref.channel);
    await this.send(
      room,
      'm.reaction',
      reactionOf(ref.messageId, reactionToUnicode(normalizeReaction(reaction))),
      'react',
    );
  }

  /** A DM with a configured person or a user of an allowed server; the bot opens none with anyone else. */
  async openDirect(userId: string): Promise<ConversationRef> {
    if (!this.mayApproach(userId)) {
      throw new OpsdeskError(
        'FORBIDDEN',
        `I do not open direct messages with users of ${serverOf(userId) || 'that server'}.`,
        {
          detail: { userId, allowedServers: [...this.allowedServers] },
        },
      );
    }
    const client = this.requireClient();
    const roomId = await this.queue!.enqueue(`dm:${userId}`, 'open DM', () =>
      // With crypto the SDK's own room creation makes the DM encrypted when the person has devices.
      this.cryptoEnabled
        ? client.dms.getOrCreateDm(userId)
        : client.dms.getOrCreateDm(userId, (uid) =>
            client.createRoom({ invite: [uid], is_direct: true, preset: 'trusted_private_chat' }),
          ),
    );
    return { platform: PLATFORM, channel: roomId, direct: true };
  }

  /** Matrix has no ephemeral messages: a notice is a DM (in the same room when that is the DM). */
  async notice(to: ConversationRef, userId: string, msg: OutMessage): Promise<void> {
    const room = await this.requireFacts().resolve(to.channel);
    const dm = await this.openDirect(userId);
    await this.post(dm.channel === room ? to : dm, msg);
  }

  private send(room: string, type: string, eventContent: Record<string, unknown>, what: string): Promise<string> {
    const client = this.requireClient();
    const content = withMentions(eventContent);
    // One transaction id per message, kept across retries: the homeserver sends it once. While an
    // inbound event is handled, the id comes from that event and the send's purpose and order, so a
    // process that takes over a dead one's event and sends the same answer again is deduplicated too.
    const txnId = this.txnId(`${what}:${room}`);
    return this.queue!.enqueue(room, what, async () => {
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

  /** Redacts a message the bot posted (a receipt whose report its reporter deleted). */
  async remove(ref: MessageRef): Promise<void> {
    const room = await this.requireFacts().resolve(ref.channel);
    const client = this.requireClient();
    const txnId = this.txnId(`redact:${room}`);
    const at = `${encodeURIComponent(room)}/redact/${encodeURIComponent(ref.messageId)}/${encodeURIComponent(txnId)}`;
    await this.queue!.enqueue(room, 'redact', () =>
      client.doRequest('PUT', `/_matrix/client/v3/rooms/${at}`, null, {
        reason: 'removed with the message it answered',
      }),
    );
  }

  private async postImage(
    room: string,
    thread: string | undefined,
    image: NonNullable<OutMessage['image']>,
    mentions: Mentions,
  ): Promise<void> {
    const client = this.requireClient();
    const url = await this.queue!.enqueue(room, 'upload', () =>
      client.uploadContent(image.png, 'image/png', image.filename),
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
    const client = this.requireClient();
    const url = await this.queue!.enqueue(room, 'upload', () =>
      client.uploadContent(file.data, file.mimetype, file.filename),
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

  // ---------------------------------------------------------------------------------------------
  // inbound

  private async onSdkEvent(name: string, args: unknown[]): Promise<void> {
    const roomId = args[0] as string;
    const event = args[1] as RawMatrixEvent;
    switch (name) {
      case 'room.invite':
        return this.onInvite(roomId, event);
      case 'room.event':
        return this.onRoomEvent(roomId, event);
      case 'room.failed_decryption':
        this.log.warn(
          { roomId, eventId: event.event_id, err: (args[2] as Error | undefined)?.message },
          'matrix: could not decrypt an event',
        );
        this.failedDecryption.add(event.event_id);
        if (this.failedDecryption.size > 1000)
          this.failedDecryption.delete(this.failedDecryption.values().next().value!);
        return this.onUnreadable(roomId, event, 'decryption-failed');
      case 'room.leave':
        this.requireFacts().forgetRoom(roomId);
        return;
    }
  }

  private async onInvite(roomId: string, event: RawMatrixEvent): Promise<void> {
    const facts = this.requireFacts();
    const direct = event.content?.is_direct === true;
    const configured = facts.configuredRooms.has(roomId);
    const policy = this.config.matrix.otherInvites;
    if (!configured && !this.mayApproach(event.sender)) {
      // Anyone on any federating server can invite; only the allowed ones get a DM with the bot.
      this.log.info(
        { roomId, inviter: event.sender, direct },
        'matrix: declining an invite from a user whose server is not allowed (matrix.allowedServers)',
      );
      await this.requireClient()
        .leaveRoom(roomId)
        .catch((err: Error) => this.log.warn({ roomId, err: err.message }, 'matrix: could not decline an invite'));
      return;
    }
    await this.storage!.storeValue(`invitedAt.${roomId}`, String(Date.now()));
    if (direct || configured || policy === 'join') {
      try {
        await this.queue!.enqueue(roomId, 'join', () => this.requireClient().joinRoom(roomId));
        this.log.info({ roomId, inviter: event.sender, direct }, 'matrix: joined on invite');
      } catch (err) {
        this.log.warn({ roomId, err: (err as Error).message }, 'matrix: could not join a room it was invited to');
      }
    } else if (policy === 'leave') {
      this.log.info({ roomId, inviter: event.sender }, 'matrix: declining an invite to a room that is not configured');
      await this.requireClient()
        .leaveRoom(roomId)
        .catch((err: Error) => this.log.warn({ roomId, err: err.message }, 'matrix: could not decline an invite'));
    } else {
      this.log.info({ roomId, inviter: event.sender }, 'matrix: ignoring an invite to a room that is not configured');
    }
  }

  private async invitedAt(roomId: string): Promise<number | undefined> {
    const value = await this.storage!.readValue(`invitedAt.${roomId}`);
    return value ? Number(value) : undefined;
  }

  private async onRoomEvent(roomId: string, event: RawMatrixEvent): Promise<void> {
    if (event.type === 'm.room.member') {
      this.requireFacts().forgetMembers(roomId, event.state_key);
      return this.leaveIfAlone(roomId, event);
    }
    if (event.sender === this.botUserId) return;
    if (this.ignoredUsers.has(event.sender)) return;
    switch (event.type) {
      case 'm.room.message':
        return this.onMessage(roomId, event);
      case 'm.reaction':
        return this.onReaction(roomId, event);
      case 'm.room.redaction':
        return this.onRedaction(roomId, event);
      case 'm.room.encrypted':
        // With crypto, failures were announced by room.failed_decryption already.
        if (this.failedDecryption.has(event.event_id)) return;
        return this.onUnreadable(roomId, event, this.cryptoEnabled ? 'decryption-failed' : 'encrypted-no-crypto');
    }
  }

  private async onMessage(roomId: string, event: RawMatrixEvent): Promise<void> {
    const facts = this.requireFacts();
    if (!isReadableMessage(event, this.noticeSenders.has(event.sender))) {
      this.log.debug(
        { roomId, eventId: event.event_id, msgtype: event.content?.msgtype },
        'matrix: message type not read',
      );
      return;
    }
    const rel = relationOf(event);
    if (rel.kind === 'replace') return this.onEdit(roomId, event, rel.target);
    const content = event.content!;
    // A picture or file: its caption is the text (empty without one), the file a link.
    const media = mediaOf(content);
    let body = media ? media.caption : (content.body as string);
    if ((content['m.relates_to'] as Record<string, unknown> | undefined)?.['m.in_reply_to'])
      body = stripReplyFallback(body);
    let thread: string | undefined;
    if (rel.kind === 'thread') thread = rel.root;
    else if (rel.kind === 'reply') thread = await facts.threadRootOf(roomId, rel.to);
    facts.noteThread(event.event_id, thread ?? event.event_id);
    // Answered as asked: in the thread, as a rich reply, or (top level) as a rich reply to it.
    this.replyStyles.note(
      thread ?? event.event_id,
      rel.kind === 'thread'
        ? { style: 'thread' }
        : { style: rel.kind === 'reply' ? 'reply' : 'top', eventId: event.event_id },
    );
    const stripped = stripMention(content, body, { userId: this.botUserId, displayName: this.botName });
    const { userIds, pills } = inboundMentions(content, this.botUserId);
    const command = /^\s*[!/]/u.test(stripped.text);
    // A command reads the people it names by id: a pill's display name in `body` becomes its user id.
    const text = command ? pillsAsUserIds(stripped.text, pills) : stripped.text;
    const base = await this.base(roomId, event);
    await this.attention!.around(roomId, event.event_id, command, () =>
      this.deliver({
        ...base,
        type: 'message',
        messageId: event.event_id,
        ...(thread ? { thread } : {}),
        text,
        mentioned: stripped.mentioned,
        ...(userIds.length ? { mentions: userIds } : {}),
        ...(media ? { attachments: [media.attachment] } : {}),
      }),
    );
  }

  /**
   * A member left or was removed: a room that is not configured where only the bot is left (a DM
   * whose person left) is left too, without a word.
   */
  private async leaveIfAlone(roomId: string, event: RawMatrixEvent): Promise<void> {
    const membership = event.content?.membership;
    if (event.state_key === this.botUserId || (membership !== 'leave' && membership !== 'ban')) return;
    const facts = this.requireFacts();
    if (facts.configuredRooms.has(roomId)) return;
    const client = this.requireClient();
    const members = await client.getJoinedRoomMembers(roomId).catch(() => undefined);
    if (!members || members.length !== 1 || members[0] !== this.botUserId) return;
    this.log.info({ roomId, left: event.state_key }, 'matrix: leaving a room where nobody else is left');
    await this.queue!.enqueue(roomId, 'leave', () => client.leaveRoom(roomId)).catch((err: Error) =>
      this.log.warn({ roomId, err: err.message }, 'matrix: could not leave an empty room'),
    );
    facts.forgetRoom(roomId);
  }

  /** An edit (`m.replace`) of an earlier message: its new text (`m.new_content`) as a change of that message. */
  private async onEdit(roomId: string, event: RawMatrixEvent, target: string): Promise<void> {
    const next = event.content?.['m.new_content'] as Record<string, unknown> | undefined;
    if (!next || typeof next.body !== 'string') return;
    const root = await this.requireFacts().threadRootOf(roomId, target);
    const { text } = stripMention(next, next.body, { userId: this.botUserId, displayName: this.botName });
    await this.deliver({
      ...(await this.base(roomId, event)),
      type: 'changed',
      change: 'edited',
      messageId: target,
      ...(root !== target ? { thread: root } : {}),
      text,
    });
  }

  private async onReaction(roomId: string, event: RawMatrixEvent): Promise<void> {
    const rel = relationOf(event);
    if (rel.kind !== 'annotation') return;
    await this.reactions.remember({
      _id: event.event_id,
      room: roomId,
      target: rel.target,
      key: rel.key,
      sender: event.sender,
    });
    await this.deliver({
      ...(await this.base(roomId, event)),
      type: 'reaction',
      action: 'added',
      reaction: rel.key,
      target: { platform: PLATFORM, channel: roomId, messageId: rel.target },
    });
  }

  /**
   * A redacted reaction is a removed reaction; another redaction is a deleted message. A redaction
   * by someone other than the reactor (a moderator) says so in `removedBy`, so it is not taken as
   * the reactor's own retraction.
   */
  private async onRedaction(roomId: string, event: RawMatrixEvent): Promise<void> {
    const redacted = redactedEventId(event);
    if (!redacted) return;
    const reaction = await this.reactions.find(redacted);
    if (!reaction) {
      // A deleted message: a change of it (a report whose text must go).
      await this.deliver({
        ...(await this.base(roomId, event)),
        type: 'changed',
        change: 'removed',
        messageId: redacted,
      });
      return;
    }
    const byOther = event.sender !== reaction.sender;
    await this.deliver({
      ...(await this.base(roomId, { ...event, sender: reaction.sender })),
      type: 'reaction',
      action: 'removed',
      reaction: reaction.key,
      target: { platform: PLATFORM, channel: reaction.room, messageId: reaction.target },
      ...(byOther
        ? {
            removedBy: {
              userId: event.sender,
              displayName: await this.requireFacts().displayName(roomId, event.sender),
            },
          }
        : {}),
    });
  }

  private async onUnreadable(roomId: string, event: RawMatrixEvent, reason: UnreadableEvent['reason']): Promise<void> {
    const key = `${roomId}\u0000${event.sender}`;
    const last = this.hinted.get(key);
    if (last !== undefined && Date.now() - last < HINT_INTERVAL_MS) {
      this.log.info(
        { roomId, eventId: event.event_id, reason },
        'matrix: unreadable event (hint already given recently)',
      );
      return;
    }
    this.hinted.set(key, Date.now());
    await this.deliver({ ...(await this.base(roomId, event)), type: 'unreadable', messageId: event.event_id, reason });
  }

  private async base(roomId: string, event: RawMatrixEvent) {
    const facts = this.requireFacts();
    const displayName = await facts.displayName(roomId, event.sender);
    return {
      platform: PLATFORM,
      eventId: event.event_id,
      user: {
        id: event.sender,
        ...(displayName ? { displayName } : {}),
        origin: matrixOrigin(event.sender, this.botUserId),
      },
      channel: roomId,
      direct: await facts.isDirect(roomId),
      receivedAt: new Date(),
    };
  }

  /**
   * Awaited: the sync token moves past this event only once the core has it. A DM from a user who
   * may not approach the bot (their server is not allowed) goes no further.
   */
  private async deliver(event: ChatEvent): Promise<void> {
    if (event.direct && !this.mayApproach(event.user.id)) {
      this.log.info(
        { roomId: event.channel, sender: event.user.id, eventId: event.eventId },
        'matrix: DM from a user whose server is not allowed (matrix.allowedServers); ignored',
      );
      return;
    }
    await this.sink!(event);
  }

  /** May this user invite the bot and write to it in a DM: a configured person, or a user of an allowed server. */
  private mayApproach(userId: string): boolean {
    if (this.ignoredUsers.has(userId)) return false;
    return this.configuredUsers.has(userId) || this.allowedServers.has(serverOf(userId));
  }

  private async joinConfiguredRooms(client: SyncingClient): Promise<void> {
    const facts = this.requireFacts();
    const wanted = new Set([
      ...this.config.matrix.rooms,
      ...Object.values(this.config.channels).flatMap((c) => (c[PLATFORM] ? [c[PLATFORM]] : [])),
    ]);
    for (const idOrAlias of wanted) {
      try {
        const roomId = await facts.resolve(idOrAlias);
        facts.configuredRooms.add(roomId);
        await client.joinRoom(roomId);
      } catch (err) {
        this.log.warn(
          { room: idOrAlias, err: (err as Error).message },
          'matrix: cannot join a configured room (invite the bot to it first)',
        );
      }
    }
  }

  private requireClient(): SyncingClient {
    if (!this.client) throw new Error('the Matrix adapter is not started');
    return this.client;
  }

  private requireFacts(): RoomFacts {
    if (!this.facts) throw new Error('the Matrix adapter is not started');
    return this.facts;
  }
}

/** The server part of a user id (`@anna:school.example` → `school.example`), lower case. */
function serverOf(userId: string): string {
  const colon = userId.indexOf(':');
  return colon < 0 ? '' : userId.slice(colon + 1).toLowerCase();
}
