import { ManualClock } from '../../../src/core/clock';
import { startTestBot, type TestBot } from '../../support/test-bot';
import { insertCases, type FixtureCase } from '../digest/make-tickets';

/**
 * March 2026 in Oslo (CET, school hours 08:00-16:00). Business times by hand:
 *  #1 Mon 2 09:00, answered 09:30 (30 min), resolved 15:00 (6 h)
 *  #2 Tue 3 15:00, answered Wed 08:30 (1 h 30), resolved Wed 12:00 (5 h), reopened once
 *  #3 Thu 5 10:00, answered 10:10 (10 min), resolved Fri 10:00 (8 h), linked to PRB-1
 *  #4 Mon 9 08:00, answered 12:00 (4 h), open
 *  #5 Sat 7 12:00, answered Mon 09:00 (1 h), resolved Mon 10:00 (2 h)
 *  #6 Fri 13 15:30, not answered, open
 *  #7 Mon 16 08:00, answered 08:20 (20 min), resolved 09:00 (1 h)
 *  #8 Wed 18 12:00, closed as a duplicate (never resolved)
 * Medians: response of 10, 20, 30, 60, 90, 240 min = 45 min; resolution of 1, 2, 5, 6, 8 h = 5 h.
 * Reopen rate: 1 of 5 resolved at least once = 20 %. Printing: 5 cases (recurring), 1 in the
 * 31 days before (10 Feb), 4 not linked to a problem, most at nordby (4).
 */
const cet = (s: string) => `${s}+01:00`;
const fixture: FixtureCase[] = [
  {
    number: 1,
    category: 'printing',
    school: 'nordby',
    priority: 'P3',
    status: 'resolved',
    createdAt: cet('2026-03-02T09:00'),
    firstResponseAt: cet('2026-03-02T09:30'),
    resolvedAt: cet('2026-03-02T15:00'),
  },
  {
    number: 2,
    category: 'printing',
    school: 'nordby',
    priority: 'P3',
    status: 'resolved',
    createdAt: cet('2026-03-03T15:00'),
    firstResponseAt: cet('2026-03-04T08:30'),
    resolvedAt: cet('2026-03-04T12:00'),
    reopenCount: 1,
  },
  {
    number: 3,
    category: 'printing',
    school: 'sandvik',
    priority: 'P2',
    status: 'closed',
    createdAt: cet('2026-03-05T10:00'),
    firstResponseAt: cet('2026-03-05T10:10'),
    resolvedAt: cet('2026-03-06T10:00'),
    closedAt: cet('2026-03-06T11:00'),
    problemKey: 'PRB-1',
  },
  {
    number: 4,
    category: 'login',
    school: 'sandvik',
    priority: 'P3',
    status: 'assigned',
    createdAt: cet('2026-03-09T08:00'),
    firstResponseAt: cet('2026-03-09T12:00'),
  },
  {
    number: 5,
    category: 'login',
    priority: 'P4',
    status: 'resolved',
    createdAt: cet('2026-03-07T12:00'),
    firstResponseAt: cet('2026-03-09T09:00'),
    resolvedAt: cet('2026-03-09T10:00'),
  },
  { number: 6, category: 'network', school: 'nordby', priority: 'P1', createdAt: cet('2026-03-13T15:30') },
  {
    number: 7,
    category: 'printing',
    school: 'nordby',
    priority: 'P3',
    status: 'resolved',
    createdAt: cet('2026-03-16T08:00'),
    firstResponseAt: cet('2026-03-16T08:20'),
    resolvedAt: cet('2026-03-16T09:00'),
  },
  {
    number: 8,
    category: 'printing',
    school: 'nordby',
    priority: 'P3',
    status: 'closed',
    createdAt: cet('2026-03-18T12:00'),
    closedAt: cet('2026-03-18T13:00'),
  },
  // Outside March: the period before (trend) and after.
  { number: 9, category: 'printing', school: 'nordby', createdAt: cet('2026-02-10T09:00') },
  { number: 10, category: 'login', school: 'nordby', createdAt: '2026-04-02T09:00:00+02:00' },
];

describe('stats', () => {
  let bot: TestBot;

  beforeAll(async () => {
    bot = await startTestBot({ clock: new ManualClock('2026-04-10T10:00:00Z') });
    await insertCases(fixture);
  }, 60_000);
  afterAll(() => bot?.stop());

  it('matches the hand-computed figures', async () => {
    const s = await bot.services.stats.incidents(bot.services.stats.period('2026-03'));
    expect(s.period.label).toBe('March 2026');
    expect(s.total).toBe(8);
    expect(s.byCategory).toEqual([
      { key: 'printing', count: 5 },
      { key: 'login', count: 2 },
      { key: 'network', count: 1 },
    ]);
    expect(s.bySchool).toEqual([
      { key: 'nordby', count: 5 },
      { key: 'sandvik', count: 2 },
      { key: '(no school)', count: 1 },
    ]);
    expect(s.byPriority).toEqual([
      { key: 'P1', count: 1 },
      { key: 'P2', count: 1 },
      { key: 'P3', count: 5 },
      { key: 'P4', count: 1 },
    ]);
    expect(s.firstResponse).toEqual({ median: 45 * 60_000, cases: 6 });
    expect(s.resolution).toEqual({ median: 5 * 3_600_000, cases: 5 });
    expect(s.reopen).toEqual({ reopened: 1, resolved: 5, rate: 0.2 });
    expect(s.recurring).toEqual([
      { category: 'printing', count: 5, previous: 1, unlinked: 4, topSchool: { key: 'nordby', count: 4 } },
    ]);
  });

  it('answers `stats PERIOD` with a stats card, and explains a bad period', async () => {
    const [reply] = await bot.say('oscar', '/stats 2026-03', { channel: '#operators' });
    expect(reply.msg.card?.kind).toBe('stats');
    expect(reply.msg.card?.fields).toEqual([
      { label: 'Incidents', value: '8' },
      { label: 'Median first response', value: '45 min' },
      { label: 'Median resolution', value: '5 h' },
      { label: 'Reopen rate', value: '20%' },
    ]);
    const recurring = reply.msg.card?.sections?.find((s) => s.heading === 'Recurring problems');
    expect(recurring?.lines[0]).toBe('printing: 5 cases (up from 1), most at nordby (4); 4 not linked to a problem');
    const [bad] = await bot.say('oscar', '/stats fortnight', { channel: '#operators' });
    expect(bad.msg.text).toContain('"fortnight" is not a period I understand.');
    const [refused] = await bot.say('anna', '/stats');
    expect(refused.msg.text).toMatch(/is for: operator/u);
  }, 30_000);

  it('counts a rolling period up to now', async () => {
    const s = await bot.services.stats.incidents(bot.services.stats.period('30d')); // 11 March 12:00 .. 10 April 12:00
    expect(s.total).toBe(4); // #6, #7, #8, #10
  });
});
