import type { Agenda } from 'agenda';
import type { JobScheduler } from '../core/job-scheduler';

/** JobScheduler on Agenda. Unique keys live in `data.uniqueKey`, so re-scheduling replaces. */
export class AgendaScheduler implements JobScheduler {
  constructor(private readonly agenda: Agenda) {}

  async now<D extends object>(name: string, data: D): Promise<string> {
    const job = await this.agenda.now(name, data);
    this.pollNow();
    return String(job.attrs._id);
  }

  /**
   * A job saved to run now waits for Agenda's next poll (`jobs.processEveryMs`, 2 s by default): a `/deploy`
   * would start up to 2 s late. This process polls once now instead (what the next poll would do; a job
   * another process saved is still found by polling). Agenda 6's in-process notification channel would do
   * it too, but changes how unique jobs are saved.
   */
  private pollNow(): void {
    const processor = (this.agenda as unknown as { jobProcessor?: { process(): Promise<void> } }).jobProcessor;
    processor?.process().catch(() => undefined);
  }

  async at<D extends object>(name: string, when: Date, data: D, uniqueKey?: string): Promise<string> {
    const job = this.agenda.create(name, uniqueKey ? { ...data, uniqueKey } : data).schedule(when);
    if (uniqueKey) job.unique({ name, 'data.uniqueKey': uniqueKey } as never);
    await job.save();
    if (uniqueKey) return this.keepOne(name, uniqueKey);
    return String(job.attrs._id);
  }

  async every<D extends object>(
    name: string,
    cron: string,
    data: D,
    opts: { timezone: string; uniqueKey?: string },
  ): Promise<void> {
    const job = this.agenda.create(name, opts.uniqueKey ? { ...data, uniqueKey: opts.uniqueKey } : data);
    job.repeatEvery(cron, { timezone: opts.timezone, skipImmediate: true });
    job.unique({ name, ...(opts.uniqueKey ? { 'data.uniqueKey': opts.uniqueKey } : {}) } as never);
    await job.save();
    if (opts.uniqueKey) await this.keepOne(name, opts.uniqueKey);
  }

  /**
   * Agenda's unique save is an upsert, and two upserts that both find nothing both insert (on MongoDB without a unique
   * index, and on FerretDB): two processes starting together made two digest jobs. Whoever saved last sees both and
   * removes all but the lowest id, so every process keeps the same one. The id returned is the one kept as this
   * caller saw it (no caller of a unique job uses it).
   */
  private async keepOne(name: string, uniqueKey: string): Promise<string> {
    const { jobs } = await this.agenda.queryJobs({ name, data: { uniqueKey } });
    const ids = jobs.map((j) => String(j._id)).sort();
    if (ids.length > 1) await this.agenda.cancel({ ids: ids.slice(1) });
    return ids[0];
  }

  async cancel(name: string, dataMatch: Record<string, string | number | boolean> = {}): Promise<number> {
    return this.agenda.cancel({ name, ...(Object.keys(dataMatch).length ? { data: dataMatch } : {}) });
  }
}
