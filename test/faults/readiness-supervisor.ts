import type { BotProcess } from './bot-process';
import { sleep } from './bot-process';

/**
 * The supervisor's liveness rule (a Kubernetes probe, a Docker health check): a process whose
 * /readyz fails this long is restarted. Before src/db/driver-write-guard.ts, about one database
 * restart in six left the MongoDB driver cut off for good (a heartbeat waiting for ever on a closed
 * socket) and only this brought the process back; the tests still play the supervisor, in case.
 */
export const LIVENESS_MS = 15_000;

/** Plays that supervisor for `bot` until stop() is called; counts the restarts it made. */
export class ReadinessSupervisor {
  restarts = 0;
  private running = true;
  private readonly loop: Promise<void>;

  constructor(
    private readonly bot: BotProcess,
    private readonly livenessMs = LIVENESS_MS,
  ) {
    this.loop = this.watch();
  }

  async stop(): Promise<number> {
    this.running = false;
    await this.loop;
    return this.restarts;
  }

  private async watch(): Promise<void> {
    let unreadySince: number | undefined;
    while (this.running) {
      await sleep(1000);
      if (!this.running || (await this.bot.ready())) {
        unreadySince = undefined;
        continue;
      }
      unreadySince ??= Date.now();
      if (Date.now() - unreadySince < this.livenessMs) continue;
      this.restarts++;
      await this.bot.kill('SIGKILL');
      await this.bot.start();
      unreadySince = undefined;
    }
  }
}
