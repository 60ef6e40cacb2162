/**
 * The rooms the bot is in: configured rooms are joined at start and on invite; DM invites
 * (`is_direct`) are joined when the inviter may approach the bot (access.ts); other invites follow
 * `matrix.otherInvites`. A room that is not configured where only the bot is left (a DM whose
 * person left) is left too, without a word.
 */
import { PLATFORM, type MatrixParts } from './parts';
import type { RawMatrixEvent } from './inbound';

export class Membership {
  constructor(private readonly p: MatrixParts) {}

  async onInvite(roomId: string, event: RawMatrixEvent): Promise<void> {
    const { facts, log } = this.p;
    const direct = event.content?.is_direct === true;
    const configured = facts.configuredRooms.has(roomId);
    const policy = this.p.config.matrix.otherInvites;
    if (!configured && !this.p.access.mayApproach(event.sender)) {
      // Anyone on any federating server can invite; only the allowed ones get a DM with the bot.
      log.info(
        { roomId, inviter: event.sender, direct },
        'matrix: declining an invite from a user whose server is not allowed (matrix.allowedServers)',
      );
      await this.decline(roomId);
      return;
    }
    await this.p.storage.storeValue(`invitedAt.${roomId}`, String(Date.now()));
    if (direct || configured || policy === 'join') {
      try {
        await this.p.queue.enqueue(roomId, 'join', () => this.p.client.joinRoom(roomId));
        log.info({ roomId, inviter: event.sender, direct }, 'matrix: joined on invite');
      } catch (err) {
        log.warn({ roomId, err: (err as Error).message }, 'matrix: could not join a room it was invited to');
      }
    } else if (policy === 'leave') {
      log.info({ roomId, inviter: event.sender }, 'matrix: declining an invite to a room that is not configured');
      await this.decline(roomId);
    } else {
      log.info({ roomId, inviter: event.sender }, 'matrix: ignoring an invite to a room that is not configured');
    }
  }

  async invitedAt(roomId: string): Promise<number | undefined> {
    const value = await this.p.storage.readValue(`invitedAt.${roomId}`);
    return value ? Number(value) : undefined;
  }

  /**
   * A member left or was removed: a room that is not configured where only the bot is left (a DM
   * whose person left) is left too, without a word.
   */
  async leaveIfAlone(roomId: string, event: RawMatrixEvent): Promise<void> {
    const { facts, client, log, botUserId } = this.p;
    const membership = event.content?.membership;
    if (event.state_key === botUserId || (membership !== 'leave' && membership !== 'ban')) return;
    if (facts.configuredRooms.has(roomId)) return;
    const members = await client.getJoinedRoomMembers(roomId).catch(() => undefined);
    if (!members || members.length !== 1 || members[0] !== botUserId) return;
    log.info({ roomId, left: event.state_key }, 'matrix: leaving a room where nobody else is left');
    await this.p.queue
      .enqueue(roomId, 'leave', () => client.leaveRoom(roomId))
      .catch((err: Error) => log.warn({ roomId, err: err.message }, 'matrix: could not leave an empty room'));
    facts.forgetRoom(roomId);
  }

  async joinConfiguredRooms(): Promise<void> {
    const { facts, config, client, log } = this.p;
    const wanted = new Set([
      ...config.matrix.rooms,
      ...Object.values(config.channels).flatMap((c) => (c[PLATFORM] ? [c[PLATFORM]] : [])),
    ]);
    for (const idOrAlias of wanted) {
      try {
        const roomId = await facts.resolve(idOrAlias);
        facts.configuredRooms.add(roomId);
        await client.joinRoom(roomId);
      } catch (err) {
        log.warn(
          { room: idOrAlias, err: (err as Error).message },
          'matrix: cannot join a configured room (invite the bot to it first)',
        );
      }
    }
  }

  private async decline(roomId: string): Promise<void> {
    await this.p.client
      .leaveRoom(roomId)
      .catch((err: Error) => this.p.log.warn({ roomId, err: err.message }, 'matrix: could not decline an invite'));
  }
}
