import { ManualClock } from '../../../src/core/clock';
import { startTestBot, type TestBot } from '../../support/test-bot';
import { insertCases } from './make-tickets';

/**
 * The digest's one query over open, new and recently ended cases: a reopened case counts once on
 * the chart, a case closed without resolution ends on its closing day, and a case reported long
 * before the chart window but resolved since the last digest counts as resolved. Tue 31 March 2026.
 */
describe('digest over cases at the edges of its window', () => {
  let bot: TestBot;
  const clock = new ManualClock('2026-03-31T05:30:00Z');

  beforeAll(async () => {
    bot = await startTestBot({ clock, config: { digest: { chart: { enabled: false } } } });
    await insertCases([
      // Reported 20 March, resolved 27 March, reopened: open now.
      {
        number: 1,
        status: 'in-progress',
        assigneeId: 'oscar',
        createdAt: '2026-03-20T08:00:00Z',
        resolvedAt: '2026-03-27T09:00:00Z',
        reopenCount: 1,
      },
      // Closed as a duplicate on 25 March, never resolved.
      { number: 2, status: 'closed', createdAt: '2026-03-24T08:00:00Z', closedAt: '2026-03-25T08:00:00Z' },
      // Reported in December, resolved Monday after the last digest (24 h ago).
      { number: 3, status: 'resolved', createdAt: '2025-12-01T09:00:00Z', resolvedAt: '2026-03-30T10:00:00Z' },
      // Resolved and closed in February: outside every window.
      {
        number: 4,
        status: 'closed',
        createdAt: '2026-02-02T09:00:00Z',
        resolvedAt: '2026-02-03T09:00:00Z',
        closedAt: '2026-02-10T09:00:00Z',
      },
    ]);
  }, 60_000);
  afterAll(() => bot?.stop());

  it('counts each case once', async () => {
    const f = await bot.services.digest.figures(clock.now());
    expect([f.open.total, f.newSince, f.resolvedSince]).toEqual([1, 0, 1]);
    const day = (d: string) => f.chart.find((p) => p.date === d)?.open;
    expect(f.chart[0]).toEqual({ date: '2026-03-02', open: 1 }); // INC-3
    expect(day('2026-03-19')).toBe(1);
    expect(day('2026-03-24')).toBe(3); // INC-1, 2, 3
    expect(day('2026-03-25')).toBe(2); // INC-2 closed that morning; INC-1 once, not twice
    expect(day('2026-03-29')).toBe(2);
    expect(day('2026-03-30')).toBe(1); // INC-3 resolved
    expect(f.chart.at(-1)).toEqual({ date: '2026-03-31', open: 1 });
  });
});
