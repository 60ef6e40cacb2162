/** The `housekeeping` Agenda job: scheduled once for all processes, run by Agenda itself, one log line. */
import { DateTime } from 'luxon';
import mongoose from 'mongoose';
import { housekeepingJob } from '../../../jobs/housekeeping';
import { scheduleDeclaredJobs } from '../../../src/bot/job-schedules';
import { HOUSEKEEPING_JOB } from '../../../src/core/job-names';
import type { Services } from '../../../commands/services';
import { Claim } from '../../../src/db/claim-once';
import { startTestBot, testConfig, type TestBot } from '../../support/test-bot';

const DAY = 24 * 3_600_000;
let bot: TestBot;

beforeAll(async () => {
  bot = await startTestBot({ jobs: true });
});
afterAll(async () => {
  await bot?.stop();
});

const schedule = (services: Services) => scheduleDeclaredJobs([housekeepingJob], services, services.log);

const repeating = async () =>
  (await mongoose.connection.db!.collection('agenda_jobs').find({ name: HOUSEKEEPING_JOB }).toArray()).filter(
    (j) => j.repeatInterval,
  );

async function logLine(msg: string, timeoutMs = 30_000): Promise<Record<string, unknown>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const line = bot.logLines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === msg);
    if (line) return line;
    if (Date.now() > until) throw new Error(`no log line "${msg}" within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('scheduled at start-up nightly at 03:30 local, one job however many processes schedule it', async () => {
  await schedule(bot.services);
  await schedule(bot.services); // a second process starting on the same database
  const jobs = await repeating();
  expect(jobs).toHaveLength(1);
  expect(jobs[0]).toMatchObject({ repeatInterval: '30 3 * * *', repeatTimezone: 'Europe/Oslo' });
  const next = DateTime.fromJSDate(jobs[0].nextRunAt as Date, { zone: 'Europe/Oslo' });
  expect(next.toFormat('HH:mm')).toBe('03:30');
  expect(next.toMillis()).toBeGreaterThan(Date.now());
  expect(next.toMillis()).toBeLessThanOrEqual(Date.now() + DAY);
});

test('run by Agenda: old bookkeeping goes, and one log line says how much of each kind', async () => {
  await Claim.create({
    _id: 'job:sla-check:x:due:2026-01-01T08:00:00.000Z',
    owner: 'seed',
    at: new Date(Date.now() - 31 * DAY),
  });
  await Claim.create({ _id: 'job:sla-check:x:due:recent', owner: 'seed', at: new Date() });
  await bot.services.jobs.now(HOUSEKEEPING_JOB, {});
  const line = await logLine('housekeeping: old bookkeeping deleted');
  expect(line).toMatchObject({
    level: 30,
    job: HOUSEKEEPING_JOB,
    deleted: {
      claims: { job: 1, takeover: 0, 'sla-takeover': 0, 'digest-takeover': 0, report: 0, deploy: 0 },
      inboundReceipts: 0,
      heartbeats: 0,
    },
  });
  expect(new Date(line.cutoff as string).getTime()).toBeCloseTo(Date.now() - 30 * DAY, -5);
  expect(await Claim.findById('job:sla-check:x:due:2026-01-01T08:00:00.000Z')).toBeNull();
  expect(await Claim.findById('job:sla-check:x:due:recent')).not.toBeNull();
  // The run was claimed like every job run, and its own claim is recent, so it stays.
  expect(await Claim.countDocuments({ _id: { $regex: `^job:${HOUSEKEEPING_JOB}:` } })).toBe(1);
});

test('disabled: the schedule is cancelled', async () => {
  await schedule({ ...bot.services, config: testConfig({ housekeeping: { enabled: false } }) });
  expect(await repeating()).toHaveLength(0);
});
