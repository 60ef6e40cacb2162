/**
 * Two runtimes (two Agenda instances, as two processes would have) on one database: every
 * scheduled run executes once. On FerretDB Agenda's findOneAndUpdate lock is not atomic, so the
 * runtime's claim per (job, id, due time) is what decides; the last test takes Agenda's lock away
 * by hand to show the claim alone holds.
 */
import mongoose from 'mongoose';
import { Writable } from 'node:stream';
import { defaultCatalog } from '../../commands';
import type { JobDefinition } from '../../jobs/job';
import { Runtime } from '../../src/bot/runtime';
import { createLogger } from '../../src/core/log';
import { connectDatabase } from '../../src/db/connect';
import { Claim, claimOnce } from '../../src/db/claim-once';
import { testDbUri } from '../support/db';
import { RecordingAdapter } from '../support/recording-adapter';
import { testConfig } from '../support/test-bot';
import { setTimeout as sleep } from 'node:timers/promises';

interface Run {
  runtime: string;
  key: string;
  at: number;
}

const runs: Run[] = [];
let slowRelease: (() => void) | undefined;

const countJob: JobDefinition<{ key: string }> = {
  name: 'fault-count',
  concurrency: 5,
  async run(job) {
    runs.push({ runtime: job.log.bindings().runtime as string, key: job.data.key, at: Date.now() });
  },
};

const slowJob: JobDefinition<{ key: string }> = {
  name: 'fault-slow',
  concurrency: 2,
  async run(job) {
    runs.push({ runtime: job.log.bindings().runtime as string, key: job.data.key, at: Date.now() });
    await new Promise<void>((resolve) => {
      slowRelease = resolve;
      setTimeout(resolve, 5000).unref();
    });
  },
};

async function waitUntil(probe: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

describe('jobs run once with two runtimes on one database', () => {
  const logLines: string[] = [];
  const runtimes: Runtime[] = [];
  const jobs = () => mongoose.connection.db!.collection('agenda_jobs');

  beforeAll(async () => {
    // Agenda keeps a liveness timer of lockLifetime/2 per run: a short lifetime lets jest exit at once.
    const config = testConfig({ jobs: { processEveryMs: 100, shutdownGraceMs: 1000, lockLifetimeMs: 2000 } });
    const sink = new Writable({
      write(chunk, _enc, cb) {
        logLines.push(String(chunk));
        cb();
      },
    });
    const base = createLogger({ level: 'info', destination: sink });
    const uri = testDbUri('jobs');
    await connectDatabase(uri, base);
    for (const name of ['A', 'B']) {
      const runtime = new Runtime({
        config,
        log: base.child({ runtime: name }),
        mongoUri: uri,
        adapters: [new RecordingAdapter()],
        catalog: defaultCatalog(),
        jobDefinitions: [countJob, slowJob],
        processJobs: true,
      });
      runtimes.push(await runtime.start());
    }
  }, 60_000);

  afterAll(async () => {
    await Promise.all(runtimes.map((r) => r.stop()));
    await mongoose.connection.dropDatabase().catch(() => undefined);
    await mongoose.disconnect();
  }, 30_000);

  it('one-off jobs due at the same moment run once each', async () => {
    const when = new Date(Date.now() + 600);
    const keys = ['at-1', 'at-2', 'at-3', 'at-4', 'at-5', 'at-6'];
    // Scheduled through both runtimes, as two processes reacting to the same thing would.
    for (const [i, key] of keys.entries()) await runtimes[i % 2].services.jobs.at(countJob.name, when, { key }, key);
    for (const key of keys) await runtimes[1].services.jobs.at(countJob.name, when, { key }, key);
    await waitUntil(() => keys.every((k) => runs.some((r) => r.key === k)), 10_000, 'every one-off job to run');
    await sleep(800); // several more scans by both runtimes
    for (const key of keys) expect(runs.filter((r) => r.key === key)).toHaveLength(1);
    expect(runs.every((r) => r.at >= when.getTime())).toBe(true);
  }, 20_000);

  it('a repeating job runs once per period', async () => {
    await runtimes[0].services.jobs.every(
      countJob.name,
      '* * * * * *',
      { key: 'every-second' },
      { timezone: 'UTC', uniqueKey: 'every-second' },
    );
    await runtimes[1].services.jobs.every(
      countJob.name,
      '* * * * * *',
      { key: 'every-second' },
      { timezone: 'UTC', uniqueKey: 'every-second' },
    );
    await waitUntil(() => runs.filter((r) => r.key === 'every-second').length >= 4, 15_000, 'four periods');
    expect(await runtimes[0].services.jobs.cancel(countJob.name, { key: 'every-second' })).toBe(1); // one job, though scheduled twice
    await sleep(500);
    const mine = runs.filter((r) => r.key === 'every-second');
    expect(mine.length).toBeGreaterThanOrEqual(4);
    // Two executions of one period would fall in the same second.
    expect(new Set(mine.map((r) => Math.floor(r.at / 1000))).size).toBe(mine.length);
    // Each run was claimed under its own due time, a whole second, named by the job's unique key
    // (src/db/job-run-claim.ts).
    const claims = await Claim.find({ _id: { $regex: `^job:${countJob.name}:key=every-second:` } }).lean();
    expect(claims).toHaveLength(mine.length);
    for (const c of claims) expect(c._id).toMatch(/:due:\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/u);
  }, 30_000);

  it('when Agenda lets both runtimes lock the same run, the claim lets one execute it', async () => {
    const due = new Date(Date.now() + 300);
    const id = await runtimes[0].services.jobs.at(slowJob.name, due, { key: 'slow' });
    await waitUntil(() => runs.some((r) => r.key === 'slow'), 10_000, 'the slow job to start');
    // What FerretDB's read-then-write lock allows: the document looks unlocked and due again.
    await jobs().updateOne(
      { _id: new mongoose.Types.ObjectId(id) },
      { $set: { nextRunAt: due }, $unset: { lockedAt: '' } },
    );
    await waitUntil(
      () => logLines.some((l) => l.includes('job run already claimed by another lock') && l.includes(id)),
      10_000,
      'the second lock to be refused by the claim',
    );
    slowRelease?.();
    await sleep(300);
    expect(runs.filter((r) => r.key === 'slow')).toHaveLength(1);
    expect(await Claim.countDocuments({ _id: `job:${slowJob.name}:${id}:due:${due.toISOString()}` })).toBe(1);
  }, 30_000);

  it(
    'a run left by a dead process is recovered once (Agenda re-locks the expired lock), not refused as ' + 'claimed',
    async () => {
      // What a killed process leaves: the run due at `due` claimed and started (lastRunAt), never finished.
      const due = new Date(Date.now() - 5000);
      const startedAt = new Date(Date.now() - 4000);
      const { insertedId } = await jobs().insertOne({
        name: countJob.name,
        data: { key: 'orphan' },
        type: 'normal',
        priority: 0,
        nextRunAt: null,
        lastRunAt: startedAt,
        lockedAt: startedAt,
      });
      expect(
        await claimOnce(`job:${countJob.name}:${String(insertedId)}:due:${due.toISOString()}`, 'a-dead-process'),
      ).toBe(true);
      await waitUntil(() => runs.some((r) => r.key === 'orphan'), 10_000, 'the orphaned run to be recovered');
      await sleep(1500);
      expect(runs.filter((r) => r.key === 'orphan')).toHaveLength(1);
      expect(
        await Claim.countDocuments({
          _id: `job:${countJob.name}:${String(insertedId)}:after:${startedAt.toISOString()}`,
        }),
      ).toBe(1);
    },
    30_000,
  );
});
