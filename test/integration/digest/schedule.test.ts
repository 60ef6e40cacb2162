import mongoose from 'mongoose';
import { digestJob } from '../../../jobs/digest';
import type { JobRun } from '../../../jobs/job';
import { ManualClock } from '../../../src/core/clock';
import { startTestBot, type TestBot } from '../../support/test-bot';

/**
 * The digest job driven by a controlled clock, reading the next run from Agenda's own job
 * collection: 10 school days across the March DST change (29 March 2026) and Norwegian Easter.
 */
describe('digest schedule', () => {
  let bot: TestBot;
  const clock = new ManualClock('2026-03-26T05:00:00Z'); // Thu 06:00 CET

  beforeAll(async () => {
    bot = await startTestBot({
      clock,
      config: {
        digest: {
          chart: { enabled: false },
          calendar: { holidays: ['2026-04-02..2026-04-03', { from: '2026-04-06', name: 'Easter Monday' }] },
        },
      },
    });
  }, 60_000);
  afterAll(() => bot?.stop());

  const pendingDigests = async () =>
    mongoose.connection
      .db!.collection('agenda_jobs')
      .find({ name: 'digest', nextRunAt: { $ne: null } })
      .toArray();
  const runJob = () =>
    digestJob.run({ id: 't', data: {}, touch: async () => {}, log: bot.services.log, services: bot.services } as JobRun<
      Record<string, never>
    >);

  it('posts once per school day at 07:30 local, across DST, skipping holidays', async () => {
    const first = await bot.services.digest.ensureScheduled();
    expect(first?.toISOString()).toBe('2026-03-26T06:30:00.000Z');
    const postedAt: string[] = [];
    for (let i = 0; i < 10; i++) {
      const jobs = await pendingDigests();
      expect(jobs).toHaveLength(1); // the unique key replaces: one pending digest, never a pile
      clock.set(jobs[0].nextRunAt as Date);
      const before = bot.inChannel('#operators').length;
      await runJob();
      expect(bot.inChannel('#operators').length).toBe(before + 1);
      postedAt.push(clock.now().toISOString());
    }
    expect(postedAt).toEqual([
      '2026-03-26T06:30:00.000Z',
      '2026-03-27T06:30:00.000Z',
      '2026-03-30T05:30:00.000Z', // summer time: 07:30 is now 05:30 UTC
      '2026-03-31T05:30:00.000Z',
      '2026-04-01T05:30:00.000Z',
      '2026-04-07T05:30:00.000Z', // 2, 3 and 6 April are holidays
      '2026-04-08T05:30:00.000Z',
      '2026-04-09T05:30:00.000Z',
      '2026-04-10T05:30:00.000Z',
      '2026-04-13T05:30:00.000Z',
    ]);
    const next = await pendingDigests();
    expect((next[0].nextRunAt as Date).toISOString()).toBe('2026-04-14T05:30:00.000Z');
  }, 120_000);

  it('posts nothing when the job runs on a holiday or before the time, and catches up a missed morning', async () => {
    const before = bot.inChannel('#operators').length;
    clock.set('2026-04-03T09:00:00Z'); // Good Friday
    expect((await bot.services.digest.runScheduled()).reason).toBe('not-a-digest-day');
    clock.set('2026-04-14T05:00:00Z'); // Tue 07:00, before 07:30
    expect((await bot.services.digest.runScheduled()).reason).toBe('not-yet');
    expect(bot.inChannel('#operators').length).toBe(before);
    // The bot was down at 07:30 on Tue 14 April and starts at 10:00: today's digest runs at once.
    clock.set('2026-04-14T08:00:00Z');
    expect((await bot.services.digest.ensureScheduled())?.toISOString()).toBe('2026-04-14T08:00:00.000Z');
    const r = await bot.services.digest.runScheduled();
    expect(r.reason).toBe('posted');
    expect((await bot.services.digest.ensureScheduled())?.toISOString()).toBe('2026-04-15T05:30:00.000Z');
  }, 60_000);
});
