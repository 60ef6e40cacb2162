/**
 * Two processes start together and both schedule the daily digest: Agenda's unique save is an upsert, and two upserts
 * that both find nothing both insert (CI saw two digest documents once, in test/faults/two-processes.test.ts). Each
 * round here races two schedulers on their own connections; what a user would notice is a second digest.
 *
 * What it would catch: without AgendaScheduler.keepOne, rounds end with two documents; without the unique key in the
 * run claim, two documents of one job would each run at the same due time (two digests).
 */
import { MongoBackend } from '@agendajs/mongo-backend';
import { Agenda } from 'agenda';
import { MongoClient } from 'mongodb';
import { AgendaScheduler } from '../../../src/bot/agenda-scheduler';
import { type JobLockSource, JobRunClaims, type LockedJobAttrs } from '../../../src/db/job-run-claim';
import { withTestMongoose } from '../../support/db';

jest.setTimeout(60_000);
const db = withTestMongoose('unique-jobs');
const clients: MongoClient[] = [];
const agendas: Agenda[] = [];

async function scheduler(): Promise<{ agenda: Agenda; jobs: AgendaScheduler }> {
  const client = await MongoClient.connect(db.uri);
  clients.push(client);
  const agenda = new Agenda({ backend: new MongoBackend({ mongo: client.db() as never, collection: 'agenda_jobs' }) });
  await agenda.ready;
  agendas.push(agenda);
  return { agenda, jobs: new AgendaScheduler(agenda) };
}

afterAll(async () => {
  await Promise.all(agendas.map((a) => a.stop().catch(() => undefined)));
  await Promise.all(clients.map((c) => c.close()));
});

test('two processes scheduling the same unique job at once leave one document', async () => {
  const [a, b] = [await scheduler(), await scheduler()];
  for (let round = 0; round < 15; round++) {
    const name = `race-${round}`;
    await Promise.all([
      a.jobs.every(name, '30 7 * * 1-5', {}, { timezone: 'Europe/Oslo', uniqueKey: name }),
      b.jobs.every(name, '30 7 * * 1-5', {}, { timezone: 'Europe/Oslo', uniqueKey: name }),
    ]);
    const { jobs } = await a.agenda.queryJobs({ name });
    expect({ round, documents: jobs.length }).toEqual({ round, documents: 1 });
  }
  for (let round = 0; round < 15; round++) {
    const name = `once-${round}`;
    const when = new Date(Date.now() + 3_600_000);
    await Promise.all([a.jobs.at(name, when, {}, name), b.jobs.at(name, when, {}, name)]);
    const { jobs } = await a.agenda.queryJobs({ name });
    expect({ round, documents: jobs.length }).toEqual({ round, documents: 1 });
  }
});

test('two documents of one unique job due at the same time make one run claim', async () => {
  const claims = new JobRunClaims('test');
  const due = new Date('2026-12-01T06:30:00.000Z');
  /** Locks a job through the watched repository, as Agenda does, so the run carries its due time. */
  const lock = async (job: LockedJobAttrs) => {
    const source = { getNextJobToRun: async () => ({ ...job }) };
    claims.watch(source as JobLockSource);
    return claims.keyFor((await source.getNextJobToRun())!);
  };
  const one = { _id: 'aaa', name: 'digest', data: { uniqueKey: 'digest-daily' }, nextRunAt: due };
  expect(await lock(one)).toBe(await lock({ ...one, _id: 'bbb' }));
  expect(await lock(one)).toBe('job:digest:key=digest-daily:due:2026-12-01T06:30:00.000Z');
  // A job without a unique key is still named by its id.
  expect(await lock({ _id: 'aaa', name: 'x', nextRunAt: due })).not.toBe(
    await lock({ _id: 'bbb', name: 'x', nextRunAt: due }),
  );
});
