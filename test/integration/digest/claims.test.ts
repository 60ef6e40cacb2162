import { ManualClock } from '../../../src/core/clock';
import { DigestRun } from '../../../src/digest/digest-run.model';
import { SlaAlert } from '../../../src/sla/sla-alert.model';
import { startTestBot, type TestBot } from '../../support/test-bot';
import { insertCases } from './make-tickets';

/**
 * A digest or SLA alert claimed by a process that died before sending is taken over after 10
 * minutes, by exactly one of several checkers running at once (FerretDB 1.x does not arbitrate
 * guarded updates, so the takeover itself must be a unique claim).
 */
describe('stale claims are taken over once', () => {
  let bot: TestBot;
  const NOW = new Date('2026-03-31T05:30:00Z'); // Tue 07:30 in Oslo: digest time
  const clock = new ManualClock(NOW);
  const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);
  const operatorPosts = () => bot.inChannel('#operators').filter((s) => s.action === 'post');

  beforeAll(async () => {
    bot = await startTestBot({ clock, config: { digest: { chart: { enabled: false } } } });
    // P1, unassigned, reported Mon 09:00 local: 7 school hours, past both P1 targets.
    await insertCases([
      { number: 1, priority: 'P1', school: 'nordby', createdAt: '2026-03-30T07:00:00Z', title: 'Whole school offline' },
    ]);
  }, 60_000);
  afterAll(() => bot?.stop());

  it('leaves a fresh digest claim alone and takes a stale one over in one of three runs', async () => {
    await DigestRun.create({ day: '2026-03-31', claimedAt: minutesAgo(5) });
    expect((await bot.services.digest.runScheduled()).reason).toBe('already-posted');
    expect(operatorPosts()).toHaveLength(0);

    await DigestRun.updateOne({ day: '2026-03-31' }, { $set: { claimedAt: minutesAgo(20) } });
    const runs = await Promise.all([0, 1, 2].map(() => bot.services.digest.runScheduled()));
    expect(runs.map((r) => r.reason).sort()).toEqual(['already-posted', 'already-posted', 'posted']);
    expect(operatorPosts()).toHaveLength(1);
    expect(operatorPosts()[0].msg.card?.kind).toBe('digest');
    expect((await DigestRun.findOne({ day: '2026-03-31' }).lean())?.postedAt?.toISOString()).toBe(NOW.toISOString());
  }, 60_000);

  it('re-sends an SLA breach whose claim was never delivered, once, with three checkers at once', async () => {
    const base = { ticketNumber: 1, claimedAt: minutesAgo(30) };
    await SlaAlert.insertMany([
      { ...base, threshold: 'response-warning', sentAt: minutesAgo(30), superseded: true },
      { ...base, threshold: 'resolution-warning', sentAt: minutesAgo(30), superseded: true },
      { ...base, threshold: 'resolution-breach', sentAt: minutesAgo(30) },
      { ...base, threshold: 'response-breach', claimedAt: minutesAgo(5) }, // claimed, not sent, fresh
    ]);
    const before = operatorPosts().length;
    expect((await bot.services.sla.check()).sent).toEqual([]);

    await SlaAlert.updateOne(
      { ticketNumber: 1, threshold: 'response-breach' },
      { $set: { claimedAt: minutesAgo(20) } },
    );
    const results = await Promise.all([0, 1, 2].map(() => bot.services.sla.check()));
    expect(results.flatMap((r) => r.sent)).toEqual([{ ticket: 'INC-1', threshold: 'response-breach' }]);
    const posts = operatorPosts().slice(before);
    expect(posts.map((p) => p.msg.text.split('\n')[0])).toEqual([
      '🚨 SLA breach: INC-1 (P1, printing, nordby): Whole school offline',
    ]);
    expect((await SlaAlert.findOne({ ticketNumber: 1, threshold: 'response-breach' }).lean())?.sentAt).toBeDefined();
  }, 60_000);
});
