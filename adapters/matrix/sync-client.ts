/**
 * matrix-bot-sdk's MatrixClient with opsdesk's own sync loop. The SDK's loop saves the sync token
 * before its handlers run and does not await them; here every event of a batch is handed to
 * `onEvent` and awaited, and the token is stored only after the whole batch was handled. A batch
 * that fails is synced again from the old token (the intake drops what it already handled).
 * The SDK's own listeners (DM map, crypto) still get every event through `emit`.
 */
import type { Logger } from 'pino';
import type { IStorageProvider, MatrixClient } from 'matrix-bot-sdk';
import type { Sdk } from './load-sdk';
import type { RawMatrixEvent } from './inbound';
import { fillGap, prepareBatch, roomsJoinedIn, type SyncResponse } from './sync-batch';
import { setTimeout as sleep } from 'node:timers/promises';

export interface SyncHooks {
  log: Logger;
  /** Every SDK event ('room.event', 'room.invite', …) in order; awaited. Throw to have the batch synced again. */
  onEvent(name: string, args: unknown[]): Promise<void>;
  /** When the bot saw its invite to a room (ms), if it was invited. */
  invitedAt(roomId: string): Promise<number | undefined>;
  /** After this many failures in a row a batch is given up (logged) so one bad event cannot stall the bot. */
  maxBatchFailures?: number;
  /**
   * True for an error that says another process holds the event (its claim): the rest of the batch
   * is handled first, and the event tried again until it is handled here, done elsewhere, or its
   * holder's claim can be taken over (the holder died).
   */
  heldElsewhere?(err: unknown): boolean;
  /** How long a held event is tried again before the batch fails (and is synced again). */
  heldWaitMs?: number;
}

/** Between two tries of an event another process holds. */
const HELD_RETRY_MS = 500;

export interface SyncingClient extends MatrixClient {
  hooks?: SyncHooks;
  /** True while /sync answers. */
  readonly syncing: boolean;
  /** Resolves at the first /sync answer after start (or false after `timeoutMs`). */
  firstSync(timeoutMs: number): Promise<boolean>;
  /** Stops the loop; resolves once the batch in hand (if any) is finished. A pending long poll is discarded. */
  haltSync(): Promise<void>;
}

const MAX_GAP_EVENTS = 1000;

export function createSyncingClient(
  sdk: Sdk,
  homeserverUrl: string,
  accessToken: string,
  storage: IStorageProvider,
  cryptoStore?: unknown,
): SyncingClient {
  class OpsdeskMatrixClient extends sdk.MatrixClient implements SyncingClient {
    hooks?: SyncHooks;
    syncing = false;
    private halted = false;
    private loop?: Promise<void>;
    private inHand?: Promise<void>;
    private synced?: () => void;
    private readonly syncedOnce = new Promise<void>((done) => (this.synced = done));

    firstSync(timeoutMs: number): Promise<boolean> {
      return Promise.race([
        this.syncedOnce.then(() => true),
        new Promise<boolean>((done) => setTimeout(done, timeoutMs, false).unref()),
      ]);
    }

    protected override startSyncInternal(): Promise<void> {
      this.halted = false;
      this.loop = this.runLoop();
      return Promise.resolve();
    }

    async haltSync(): Promise<void> {
      this.halted = true;
      this.stop();
      await this.inHand;
    }

    private async runLoop(): Promise<void> {
      const hooks = this.hooks!;
      let token = (await storage.getSyncToken()) ?? null;
      let failures = 0;
      let backoff = 250;
      while (!this.halted) {
        let batch: SyncResponse;
        try {
          batch = (await this.doSync(token as string)) as SyncResponse;
          this.syncing = true;
          this.synced?.();
          backoff = 250;
        } catch (err) {
          if (this.halted) break;
          this.syncing = false;
          hooks.log.warn({ err: errorText(err) }, 'matrix: sync failed, retrying');
          await sleep(backoff);
          backoff = Math.min(backoff * 2, 5000);
          continue;
        }
        if (this.halted) break; // not handled: the stored token stays before it
        const done = this.handleBatch(batch, token, hooks);
        this.inHand = done.then(
          () => undefined,
          () => undefined,
        );
        try {
          await done;
          token = batch.next_batch;
          await storage.setSyncToken(token);
          failures = 0;
        } catch (err) {
          failures++;
          if (this.halted) break;
          if (failures >= (hooks.maxBatchFailures ?? 5)) {
            hooks.log.error({ err: errorText(err), failures }, 'matrix: giving up on a sync batch that keeps failing');
            token = batch.next_batch;
            await Promise.resolve(storage.setSyncToken(token)).catch(() => undefined);
            failures = 0;
          } else {
            hooks.log.warn({ err: errorText(err), failures }, 'matrix: handling a sync batch failed; syncing it again');
            await sleep(Math.min(500 * 2 ** failures, 10_000));
          }
        }
      }
      this.syncing = false;
    }

    private async handleBatch(batch: SyncResponse, since: string | null, hooks: SyncHooks): Promise<void> {
      const botUserId = await this.getUserId();
      const invited = new Map<string, number | undefined>();
      for (const roomId of roomsJoinedIn(batch, botUserId)) invited.set(roomId, await hooks.invitedAt(roomId));
      const gaps = prepareBatch(batch, {
        botUserId,
        initial: since === null,
        invitedAt: (roomId) => invited.get(roomId),
      });
      for (const gap of gaps) fillGap(batch, gap.roomId, await this.readGap(gap.roomId, gap.from, since!));
      const held: unknown[][] = [];
      await this.processSync(batch, async (name: string, ...args: unknown[]) => {
        this.emit(name, ...args);
        if (this.halted && name.startsWith('room.')) throw new Error('stopping');
        try {
          await hooks.onEvent(name, args);
        } catch (err) {
          // Another process holds this event: the rest of the batch (other rooms) goes first.
          if (!hooks.heldElsewhere?.(err)) throw err;
          held.push([name, args]);
        }
      });
      for (const [name, args] of held) await this.retryHeld(name as string, args as unknown[], hooks);
    }

    /** Tries an event another process held until it is handled (or done there); throws after heldWaitMs. */
    private async retryHeld(name: string, args: unknown[], hooks: SyncHooks): Promise<void> {
      const deadline = Date.now() + (hooks.heldWaitMs ?? 60_000);
      for (;;) {
        if (this.halted) throw new Error('stopping');
        try {
          return await hooks.onEvent(name, args);
        } catch (err) {
          if (!hooks.heldElsewhere?.(err) || Date.now() >= deadline) throw err;
        }
        await sleep(HELD_RETRY_MS);
      }
    }

    /** Events between the previous sync (`to`) and a limited timeline's start (`from`), oldest first. */
    private async readGap(roomId: string, from: string, to: string): Promise<RawMatrixEvent[]> {
      const events: RawMatrixEvent[] = [];
      let cursor: string | undefined = from;
      while (cursor && events.length < MAX_GAP_EVENTS) {
        const page = (await this.doRequest('GET', `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/messages`, {
          dir: 'b',
          from: cursor,
          to,
          limit: 100,
        })) as { chunk?: RawMatrixEvent[]; end?: string };
        const chunk = page.chunk ?? [];
        events.push(...chunk);
        if (!chunk.length || page.end === cursor) break;
        cursor = page.end;
      }
      if (events.length >= MAX_GAP_EVENTS)
        this.hooks?.log.warn(
          { roomId },
          'matrix: more than 1000 events missed in one room; older ones are not answered',
        );
      this.hooks?.log.info({ roomId, events: events.length }, 'matrix: fetched the events a limited sync left out');
      return events.reverse();
    }
  }
  return new OpsdeskMatrixClient(homeserverUrl, accessToken, storage, cryptoStore as never);
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String((err as { statusCode?: number })?.statusCode ?? err);
}
