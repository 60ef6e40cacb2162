import type { Logger } from 'pino';
import type { RunResult } from './runner';

/**
 * Deployment runs this process started at once, outside Agenda (`/deploy`, `/deploy resume`): a deployment's job,
 * when its poll comes, waits for the run instead of starting another, and a stopping bot waits for them as it
 * waits for its jobs. The lease still decides who runs; the job and the resume checks take over if this process dies.
 */
export class LocalRuns {
  private readonly runs = new Map<string, Promise<RunResult>>();

  constructor(private readonly log: Logger) {}

  /** Starts `run` unless this process already runs that deployment. */
  launch(id: unknown, run: () => Promise<RunResult>): void {
    const key = String(id);
    if (this.runs.has(key)) return;
    const running = run();
    this.runs.set(key, running);
    void running
      .then((r) => this.log.info({ deployment: key, result: r.kind }, 'deploy run'))
      .catch((err: Error) => this.log.warn({ deployment: key, err: err.message }, 'deployment run failed'))
      .finally(() => this.runs.delete(key));
  }

  /**
   * Waits for the run this process has going for the deployment: `joined` when it ran (the caller ran nothing
   * itself), its `busy` when another runner held the lease; undefined if none, or if it failed.
   */
  async waitFor(id: unknown): Promise<RunResult | undefined> {
    const r = await this.runs.get(String(id))?.catch(() => undefined);
    return r && r.kind !== 'busy' ? { kind: 'joined' } : r;
  }

  /** Waits at most `ms` for every run going. */
  async settle(ms: number): Promise<void> {
    if (!this.runs.size) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.runs.values()]),
      new Promise((resolve) => (timer = setTimeout(resolve, ms))),
    ]);
    clearTimeout(timer);
  }
}
