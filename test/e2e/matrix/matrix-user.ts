/**
 * A person on the test Synapse, speaking the client-server API directly (not through the SDK under
 * test): create rooms, write, reply in threads, react, redact, and read what the bot wrote.
 */
import { randomUUID } from 'node:crypto';
import type { SynapseServer, SynapseUser } from '../../platforms/synapse';

// Event content is whatever clients put there; tests read it freely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export interface RoomEvent {
  event_id: string;
  type: string;
  sender: string;
  origin_server_ts: number;
  state_key?: string;
  content: Record<string, Json>;
  unsigned?: Record<string, Json>;
}

export class MatrixUser {
  constructor(
    private readonly hs: SynapseServer,
    readonly user: SynapseUser,
  ) {}

  get id(): string {
    return this.user.userId;
  }

  private call(method: string, path: string, body?: unknown): Promise<Json> {
    return this.hs.request(method, path, body, this.user.accessToken);
  }

  async createRoom(
    opts: { invite?: string[]; direct?: boolean; public?: boolean; encrypted?: boolean; name?: string } = {},
  ): Promise<string> {
    const res = await this.call('POST', '/_matrix/client/v3/createRoom', {
      invite: opts.invite ?? [],
      is_direct: opts.direct ?? false,
      preset: opts.public ? 'public_chat' : opts.direct ? 'trusted_private_chat' : 'private_chat',
      ...(opts.name ? { name: opts.name } : {}),
      initial_state: opts.encrypted
        ? [{ type: 'm.room.encryption', state_key: '', content: { algorithm: 'm.megolm.v1.aes-sha2' } }]
        : [],
    });
    return res.room_id as string;
  }

  async invite(roomId: string, userId: string): Promise<void> {
    await this.call('POST', `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/invite`, { user_id: userId });
  }

  async join(roomId: string): Promise<void> {
    await this.call('POST', `/_matrix/client/v3/join/${encodeURIComponent(roomId)}`, {});
  }

  async send(roomId: string, type: string, content: Record<string, unknown>): Promise<string> {
    const room = encodeURIComponent(roomId);
    const path = `/_matrix/client/v3/rooms/${room}/send/${encodeURIComponent(type)}/${randomUUID()}`;
    return ((await this.call('PUT', path, content)) as { event_id: string }).event_id;
  }

  say(roomId: string, text: string, extra: Record<string, unknown> = {}): Promise<string> {
    return this.send(roomId, 'm.room.message', { msgtype: 'm.text', body: text, ...extra });
  }

  /** A reply in the thread rooted at `root` (as Element sends it). */
  sayInThread(roomId: string, root: string, text: string): Promise<string> {
    return this.say(roomId, text, {
      'm.relates_to': {
        rel_type: 'm.thread',
        event_id: root,
        is_falling_back: true,
        'm.in_reply_to': { event_id: root },
      },
    });
  }

  /** A rich reply with the quoted fallback older clients put in the body. */
  replyTo(roomId: string, to: RoomEvent, text: string): Promise<string> {
    const quoted = String(to.content.body ?? '')
      .split('\n')
      .map((l, i) => (i === 0 ? `> <${to.sender}> ${l}` : `> ${l}`))
      .join('\n');
    return this.say(roomId, `${quoted}\n\n${text}`, { 'm.relates_to': { 'm.in_reply_to': { event_id: to.event_id } } });
  }

  react(roomId: string, target: string, key: string): Promise<string> {
    return this.send(roomId, 'm.reaction', { 'm.relates_to': { rel_type: 'm.annotation', event_id: target, key } });
  }

  async redact(roomId: string, eventId: string): Promise<string> {
    const room = encodeURIComponent(roomId);
    const path = `/_matrix/client/v3/rooms/${room}/redact/${encodeURIComponent(eventId)}/${randomUUID()}`;
    return ((await this.call('PUT', path, {})) as { event_id: string }).event_id;
  }

  /** The room's latest events, oldest first. */
  async messages(roomId: string, limit = 100): Promise<RoomEvent[]> {
    const res = await this.call(
      'GET',
      `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/messages?dir=b&limit=${limit}`,
    );
    return (res.chunk as RoomEvent[]).reverse();
  }

  async membership(roomId: string, userId: string): Promise<string | undefined> {
    try {
      const res = await this.call(
        'GET',
        `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/state/m.room.member/${encodeURIComponent(userId)}`,
      );
      return res.membership as string;
    } catch {
      return undefined;
    }
  }

  /** Waits for an invite from `inviter` (e.g. the bot opening a DM), joins it and returns the room id. */
  async acceptInviteFrom(inviter: string, timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    // Incremental syncs: Synapse caches an identical initial sync's response for a while.
    let since: string | undefined;
    while (Date.now() < deadline) {
      const res = await this.call(
        'GET',
        `/_matrix/client/v3/sync?timeout=1000${since ? `&since=${encodeURIComponent(since)}` : ''}`,
      );
      since = res.next_batch as string;
      const invites = ((res.rooms as Json | undefined)?.invite ?? {}) as Record<
        string,
        { invite_state?: { events?: RoomEvent[] } }
      >;
      for (const [roomId, room] of Object.entries(invites)) {
        if (room.invite_state?.events?.some((e) => e.type === 'm.room.member' && e.sender === inviter)) {
          await this.join(roomId);
          return roomId;
        }
      }
    }
    throw new Error(`no invite from ${inviter} within ${timeoutMs} ms`);
  }

  /** Sets a member's power level in a room (as a room admin: the creator). */
  async setPowerLevel(roomId: string, userId: string, level: number): Promise<void> {
    const path = `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/state/m.room.power_levels`;
    const current = (await this.call('GET', path)) as { users?: Record<string, number> };
    await this.call('PUT', path, { ...current, users: { ...(current.users ?? {}), [userId]: level } });
  }

  /** What the homeserver's push rules made of events for this user: the notifications API. */
  async notifications(): Promise<{ event: RoomEvent; actions: Json[]; room_id: string }[]> {
    return (
      (await this.call('GET', '/_matrix/client/v3/notifications?limit=100')) as {
        notifications: { event: RoomEvent; actions: Json[]; room_id: string }[];
      }
    ).notifications;
  }

  /** A sync position, to ask later what arrived since it (`invitesSince`). */
  async syncPosition(): Promise<string> {
    const filter = encodeURIComponent(
      JSON.stringify({ room: { timeline: { limit: 1 } }, presence: { not_types: ['*'] } }),
    );
    return ((await this.call('GET', `/_matrix/client/v3/sync?timeout=0&filter=${filter}`)) as { next_batch: string })
      .next_batch;
  }

  /** Rooms this user was invited to since `since`, with who invited them. */
  async invitesSince(since: string): Promise<{ roomId: string; inviter: string }[]> {
    const res = await this.call('GET', `/_matrix/client/v3/sync?timeout=0&since=${encodeURIComponent(since)}`);
    const invites = ((res.rooms as Json | undefined)?.invite ?? {}) as Record<
      string,
      { invite_state?: { events?: RoomEvent[] } }
    >;
    return Object.entries(invites).map(([roomId, room]) => ({
      roomId,
      inviter:
        room.invite_state?.events?.find((e) => e.type === 'm.room.member' && e.state_key === this.id)?.sender ?? '',
    }));
  }

  /** Polls the room until `pick` finds what it wants among its events. */
  async waitFor<T>(
    roomId: string,
    pick: (events: RoomEvent[]) => T | undefined | false,
    timeoutMs = 20_000,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let last: RoomEvent[] = [];
    while (Date.now() < deadline) {
      last = await this.messages(roomId);
      const found = pick(last);
      if (found) return found;
      await new Promise((done) => setTimeout(done, 150));
    }
    throw new Error(
      `timed out waiting in ${roomId}; last events: ` +
        `${JSON.stringify(last.slice(-5).map((e) => [e.type, e.sender, e.content.body]))}`,
    );
  }
}

/** Messages (not edits) the user `sender` wrote. */
export function messagesFrom(events: RoomEvent[], sender: string): RoomEvent[] {
  return events.filter(
    (e) => e.type === 'm.room.message' && e.sender === sender && e.content['m.relates_to']?.rel_type !== 'm.replace',
  );
}

/** The text a client shows for `event` after its latest edit among `events`. */
export function shownBody(events: RoomEvent[], event: RoomEvent): string {
  const edits = events.filter(
    (e) => e.content['m.relates_to']?.rel_type === 'm.replace' && e.content['m.relates_to'].event_id === event.event_id,
  );
  return String((edits.at(-1)?.content['m.new_content'] ?? event.content).body ?? '');
}

/** Waits until `botUserId` has joined `roomId` (as seen by `who`, a member). */
export async function waitForJoin(
  who: MatrixUser,
  roomId: string,
  botUserId: string,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await who.membership(roomId, botUserId)) !== 'join') {
    if (Date.now() > deadline) throw new Error(`${botUserId} did not join ${roomId} within ${timeoutMs} ms`);
    await new Promise((done) => setTimeout(done, 200));
  }
}
