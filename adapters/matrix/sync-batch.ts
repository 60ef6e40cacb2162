/**
 * Decides, before a /sync batch is handled, which timeline events are news for the bot:
 * - the very first sync of an account (no stored token) returns recent history: none of it is
 *   answered, only invites;
 * - a room the bot just joined comes with history from before the join: only what was written
 *   after the bot was invited is kept (a teacher who opens a DM and types at once is answered);
 * - a `limited` timeline means events were skipped: `gapsToFill` names them so the client can
 *   fetch them with /messages before the batch is handled.
 */
import type { RawMatrixEvent } from './inbound';

/** The kinds of event a person addresses to the bot. State and other events are never dropped. */
const CONVERSATION_TYPES = new Set(['m.room.message', 'm.reaction', 'm.room.redaction', 'm.room.encrypted']);

export interface JoinedRoomSync {
  timeline?: { events?: RawMatrixEvent[]; limited?: boolean; prev_batch?: string };
  [key: string]: unknown;
}

export interface SyncResponse {
  next_batch: string;
  rooms?: { join?: Record<string, JoinedRoomSync>; [key: string]: unknown };
  [key: string]: unknown;
}

export interface BatchContext {
  botUserId: string;
  /** No sync token was stored: this batch is the account's history. */
  initial: boolean;
  /** When the bot saw its invite to a room (ms), if it did. */
  invitedAt(roomId: string): number | undefined;
}

export interface Gap {
  roomId: string;
  /** Where /messages starts reading backwards: the limited timeline's prev_batch. */
  from: string;
}

function isOwnJoin(e: RawMatrixEvent, botUserId: string): boolean {
  if (e.type !== 'm.room.member' || e.state_key !== botUserId || e.content?.membership !== 'join') return false;
  const prev = (e.unsigned?.prev_content as { membership?: string } | undefined)?.membership;
  return prev !== 'join';
}

function isOwnInvite(e: RawMatrixEvent, botUserId: string): boolean {
  return e.type === 'm.room.member' && e.state_key === botUserId && e.content?.membership === 'invite';
}

/** Rooms whose timeline in this batch holds the bot's own join (history before it needs a cut-off). */
export function roomsJoinedIn(batch: SyncResponse, botUserId: string): string[] {
  return Object.entries(batch.rooms?.join ?? {})
    .filter(([, room]) => room.timeline?.events?.some((e) => isOwnJoin(e, botUserId)))
    .map(([roomId]) => roomId);
}

/** Drops history the bot must not answer (in place) and returns the rooms whose timeline has a gap. */
export function prepareBatch(batch: SyncResponse, ctx: BatchContext): Gap[] {
  const gaps: Gap[] = [];
  for (const [roomId, room] of Object.entries(batch.rooms?.join ?? {})) {
    const events = room.timeline?.events;
    if (!events?.length) continue;
    if (ctx.initial) {
      room.timeline!.events = events.filter((e) => !CONVERSATION_TYPES.has(e.type));
      continue;
    }
    const joinAt = events.findIndex((e) => isOwnJoin(e, ctx.botUserId));
    if (joinAt >= 0) {
      // Written after the invite: by the invite's place in the timeline, else by the time it was seen.
      const inviteAt = events.slice(0, joinAt).findLastIndex((e) => isOwnInvite(e, ctx.botUserId));
      const since = ctx.invitedAt(roomId) ?? Number.POSITIVE_INFINITY;
      const afterInvite = (e: RawMatrixEvent, i: number) =>
        inviteAt >= 0 ? i > inviteAt : (e.origin_server_ts ?? 0) >= since;
      room.timeline!.events = events.filter(
        (e, i) => i >= joinAt || !CONVERSATION_TYPES.has(e.type) || afterInvite(e, i),
      );
    } else if (room.timeline?.limited && room.timeline.prev_batch) {
      gaps.push({ roomId, from: room.timeline.prev_batch });
    }
  }
  return gaps;
}

/** Puts fetched gap events (oldest first) before the timeline's, without repeating any. */
export function fillGap(batch: SyncResponse, roomId: string, older: RawMatrixEvent[]): void {
  const timeline = batch.rooms?.join?.[roomId]?.timeline;
  if (!timeline) return;
  const seen = new Set((timeline.events ?? []).map((e) => e.event_id));
  timeline.events = [...older.filter((e) => !seen.has(e.event_id)), ...(timeline.events ?? [])];
}
