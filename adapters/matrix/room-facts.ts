/**
 * What the adapter needs to know about rooms, asked of the homeserver once and cached:
 * is a room a DM, a member's display name, the thread root of an event, room aliases.
 * Membership changes clear a room's entries.
 */
import type { MatrixClient } from 'matrix-bot-sdk';
import { relationOf, type RawMatrixEvent } from './inbound';

const MAX_THREAD_ROOTS = 5000;

export class RoomFacts {
  private readonly memberCounts = new Map<string, Promise<number>>();
  private readonly names = new Map<string, Promise<string | undefined>>();
  private readonly threadRoots = new Map<string, string>();
  private readonly aliases = new Map<string, Promise<string>>();
  /** Configured rooms (ids), never treated as DMs. */
  readonly configuredRooms = new Set<string>();

  constructor(private readonly client: MatrixClient) {}

  /**
   * A DM: a room that is not configured whose joined members are the bot and exactly one person. A
   * room flagged `is_direct` or in the account's m.direct map with a third member is not one.
   */
  async isDirect(roomId: string): Promise<boolean> {
    if (this.configuredRooms.has(roomId)) return false;
    let count = this.memberCounts.get(roomId);
    if (!count) {
      count = this.client.getJoinedRoomMembers(roomId).then(
        (members) => members.length,
        () => 0,
      );
      this.memberCounts.set(roomId, count);
    }
    return (await count) === 2;
  }

  /** The member's display name in the room (or their global one); undefined if they have none. */
  displayName(roomId: string, userId: string): Promise<string | undefined> {
    const key = `${roomId}\u0000${userId}`;
    let name = this.names.get(key);
    if (!name) {
      name = this.client
        .getRoomStateEvent(roomId, 'm.room.member', userId)
        .then((c: { displayname?: string }) => c?.displayname || undefined)
        .catch(() => undefined);
      this.names.set(key, name);
    }
    return name;
  }

  /** Remembers the thread an event belongs to (for events the bot posted or saw). */
  noteThread(eventId: string, root: string): void {
    if (this.threadRoots.size >= MAX_THREAD_ROOTS) this.threadRoots.delete(this.threadRoots.keys().next().value!);
    this.threadRoots.set(eventId, root);
  }

  /** The thread root of `eventId`: its own id unless it is itself in a thread. */
  async threadRootOf(roomId: string, eventId: string): Promise<string> {
    const known = this.threadRoots.get(eventId);
    if (known) return known;
    let root = eventId;
    try {
      const event = (await this.client.getEvent(roomId, eventId)) as RawMatrixEvent;
      const rel = relationOf(event);
      if (rel.kind === 'thread') root = rel.root;
    } catch {
      // not visible to the bot: treat the event as the root
    }
    this.noteThread(eventId, root);
    return root;
  }

  /** A room id for an id or alias (`#ops:server`). */
  resolve(idOrAlias: string): Promise<string> {
    if (!idOrAlias.startsWith('#')) return Promise.resolve(idOrAlias);
    let id = this.aliases.get(idOrAlias);
    if (!id) {
      id = this.client.resolveRoom(idOrAlias);
      id.catch(() => this.aliases.delete(idOrAlias));
      this.aliases.set(idOrAlias, id);
    }
    return id;
  }

  /** A membership changed: forget counts and names of the room. */
  forgetMembers(roomId: string, userId?: string): void {
    this.memberCounts.delete(roomId);
    if (userId) this.names.delete(`${roomId}\u0000${userId}`);
  }

  forgetRoom(roomId: string): void {
    this.forgetMembers(roomId);
    for (const key of this.names.keys()) if (key.startsWith(`${roomId}\u0000`)) this.names.delete(key);
  }
}
