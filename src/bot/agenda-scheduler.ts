import type { Agenda } from 'agenda';
import type { JobScheduler } from '../core/job-scheduler';

/** JobScheduler on Agenda. Unique keys live in `data.uniqueKey`, so re-scheduling replaces. */
export class AgendaScheduler implements JobScheduler {
  constructor(private readonly agenda: Agenda) {}

  async now<D extends object>(name: string, data: D): Promise<string> {
    const job = await this.agenda.now(name, data);
    return String(job.attrs._id);
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
