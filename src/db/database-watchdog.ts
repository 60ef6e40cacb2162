import type { Connection } from 'mongoose';
import type { Logger } from 'pino';

export interface DatabaseWatchdogOptions {
  connection: Connection;
  log: Logger;
  /** Give up after the database has not answered for this long; 0 disables the watchdog. */
  unreachableMs: number;
  /** How often to ping. */
  everyMs?: number;
  /** Called once when giving up (the CLI exits with code 1 so a supervisor restarts it). */
  onUnreachable: (downForMs: number) => void;
  now?: () => number;
}

/**
 * Pings the database on the bot's own connection. The driver reconnects by itself after a
 * database restart. It once could stay cut off for good (a driver hang, now guarded against by
 * driver-write-guard.ts); this remains the safety net for anything like it: exiting after a long
 * outage lets the supervisor start a clean process, which loses nothing, because every acknowledged
 * event is already stored.
 */
export class DatabaseWatchdog {
  private timer?: NodeJS.Timeout;
  private lastOk: number;
  private fired = false;
  private readonly now: () => number;

  constructor(private readonly opts: DatabaseWatchdogOptions) {
    this.now = opts.now ?? Date.now;
    this.lastOk = this.now();
  }

  start(): void {
    if (this.opts.unreachableMs <= 0 || this.timer) return;
    const every = this.opts.everyMs ?? Math.min(5_000, Math.max(250, Math.floor(this.opts.unreachableMs / 4)));
    this.timer = setInterval(() => void this.check(), every);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One ping; exposed for tests. */
  async check(): Promise<void> {
    if (this.fired) return;
    const ok = await this.ping();
    const t = this.now();
    if (ok) {
      if (t - this.lastOk > 10_000) this.opts.log.info({ downForMs: t - this.lastOk }, 'database answers again');
      this.lastOk = t;
      return;
    }
    const down = t - this.lastOk;
    if (down >= this.opts.unreachableMs) {
      this.fired = true;
      this.stop();
      this.opts.log.fatal(
        { downForMs: down },
        'database unreachable for too long; exiting so a supervisor restarts opsdesk',
      );
      this.opts.onUnreachable(down);
    }
  }

  private async ping(): Promise<boolean> {
    const db = this.opts.connection.db;
    if (!db) return false;
    try {
      await Promise.race([
        db.admin().command({ ping: 1 }),
        new Promise((_, reject) => setTimeout(() => reject(new Error('ping timed out')), 5_000).unref()),
      ]);
      return true;
    } catch {
      return false;
    }
  }
}
