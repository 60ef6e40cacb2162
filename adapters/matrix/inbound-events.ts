/**
 * What the SDK hands over, as ChatEvents for the core: messages (commands with pills read as user
 * ids), edits, reactions, redactions (a removed reaction or a deleted message) and events the bot
 * cannot read. The bot's own events, `matrix.ignoreUsers` and other bots' notices are dropped, and
 * DM messages from users who may not approach the bot (access.ts). Each delivery is awaited: the
 * sync token moves past an event only once the core has it.
 */
import type { EventSink } from '../../src/chat/chat-adapter';
import type { ChatEvent, UnreadableEvent } from '../../src/chat/chat-event';
import type { Attention } from './attention';
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
import type { Membership } from './membership';
import { PLATFORM, type MatrixParts } from './parts';
import type { ReactionStore } from './reaction-store';

/** One hint per person and room in this window about messages the bot cannot read. */
const HINT_INTERVAL_MS = 10 * 60_000;

export class MatrixInbound {
  private readonly failedDecryption = new Set<string>();
  private readonly hinted = new Map<string, number>();
  private readonly noticeSenders: Set<string>;

  constructor(
    private readonly p: MatrixParts,
    private readonly sink: EventSink,
    private readonly membership: Membership,
    private readonly reactions: ReactionStore,
    private readonly attention: Attention,
  ) {
    this.noticeSenders = new Set(p.config.matrix.allowBots);
  }

  async onSdkEvent(name: string, args: unknown[]): Promise<void> {
    const roomId = args[0] as string;
    const event = args[1] as RawMatrixEvent;
    switch (name) {
      case 'room.invite':
        return this.membership.onInvite(roomId, event);
      case 'room.event':
        return this.onRoomEvent(roomId, event);
      case 'room.failed_decryption':
        this.p.log.warn(
          { roomId, eventId: event.event_id, err: (args[2] as Error | undefined)?.message },
          'matrix: could not decrypt an event',
        );
        this.failedDecryption.add(event.event_id);
        if (this.failedDecryption.size > 1000)
          this.failedDecryption.delete(this.failedDecryption.values().next().value!);
        return this.onUnreadable(roomId, event, 'decryption-failed');
      case 'room.leave':
        this.p.facts.forgetRoom(roomId);
        return;
    }
  }

  private async onRoomEvent(roomId: string, event: RawMatrixEvent): Promise<void> {
    if (event.type === 'm.room.member') {
      this.p.facts.forgetMembers(roomId, event.state_key);
      return this.membership.leaveIfAlone(roomId, event);
    }
    if (event.sender === this.p.botUserId) return;
    if (this.p.access.ignoredUsers.has(event.sender)) return;
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
        return this.onUnreadable(roomId, event, this.p.cryptoEnabled ? 'decryption-failed' : 'encrypted-no-crypto');
    }
  }

  private async onMessage(roomId: string, event: RawMatrixEvent): Promise<void> {
    const { facts, replyStyles } = this.p;
    if (!isReadableMessage(event, this.noticeSenders.has(event.sender))) {
      this.p.log.debug(
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
    if (rel.kind === 'thread') {
      thread = rel.root;
      await this.p.threads.seen(roomId);
    } else if (rel.kind === 'reply') thread = await facts.threadRootOf(roomId, rel.to);
    facts.noteThread(event.event_id, thread ?? event.event_id);
    // Answered as asked: in the thread, as a rich reply, or (top level) as a rich reply to it.
    replyStyles.note(
      thread ?? event.event_id,
      rel.kind === 'thread'
        ? { style: 'thread' }
        : { style: rel.kind === 'reply' ? 'reply' : 'top', eventId: event.event_id },
    );
    const stripped = stripMention(content, body, { userId: this.p.botUserId, displayName: this.p.botName });
    const { userIds, pills } = inboundMentions(content, this.p.botUserId);
    const command = /^\s*[!/]/u.test(stripped.text);
    // A command reads the people it names by id: a pill's display name in `body` becomes its user id.
    const text = command ? pillsAsUserIds(stripped.text, pills) : stripped.text;
    const base = await this.base(roomId, event);
    await this.attention.around(roomId, event.event_id, command, () =>
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

  /** An edit (`m.replace`) of an earlier message: its new text (`m.new_content`) as a change of that message. */
  private async onEdit(roomId: string, event: RawMatrixEvent, target: string): Promise<void> {
    const next = event.content?.['m.new_content'] as Record<string, unknown> | undefined;
    if (!next || typeof next.body !== 'string') return;
    const root = await this.p.facts.threadRootOf(roomId, target);
    const { text } = stripMention(next, next.body, { userId: this.p.botUserId, displayName: this.p.botName });
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
              displayName: await this.p.facts.displayName(roomId, event.sender),
            },
          }
        : {}),
    });
  }

  private async onUnreadable(roomId: string, event: RawMatrixEvent, reason: UnreadableEvent['reason']): Promise<void> {
    const key = `${roomId}\u0000${event.sender}`;
    const last = this.hinted.get(key);
    if (last !== undefined && Date.now() - last < HINT_INTERVAL_MS) {
      this.p.log.info(
        { roomId, eventId: event.event_id, reason },
        'matrix: unreadable event (hint already given recently)',
      );
      return;
    }
    this.hinted.set(key, Date.now());
    await this.deliver({ ...(await this.base(roomId, event)), type: 'unreadable', messageId: event.event_id, reason });
  }

  private async base(roomId: string, event: RawMatrixEvent) {
    const facts = this.p.facts;
    const displayName = await facts.displayName(roomId, event.sender);
    return {
      platform: PLATFORM,
      eventId: event.event_id,
      user: {
        id: event.sender,
        ...(displayName ? { displayName } : {}),
        origin: matrixOrigin(event.sender, this.p.botUserId),
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
    if (event.direct && !this.p.access.mayApproach(event.user.id)) {
      this.p.log.info(
        { roomId: event.channel, sender: event.user.id, eventId: event.eventId },
        'matrix: DM from a user whose server is not allowed (matrix.allowedServers); ignored',
      );
      return;
    }
    await this.sink(event);
  }
}
