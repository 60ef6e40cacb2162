import { renderContent } from '../../../adapters/matrix/render';
import { renderMessage } from '../../../adapters/slack/block-kit-renderer';
import { renderPlainText } from '../../../src/chat/render-text';
import { ManualClock } from '../../../src/core/clock';
import { DigestRun } from '../../../src/digest/digest-run.model';
import { digestJob } from '../../../jobs/digest';
import type { JobRun } from '../../../jobs/job';
import { startTestBot, type TestBot } from '../../support/test-bot';
import { insertCases } from './make-tickets';

/**
 * Tue 31 March 2026, 07:30 in Oslo (CEST, UTC+2). The previous digest went out Mon 30 March 07:30.
 * Five open cases, two resolved ones; every figure below is worked out by hand in the comments.
 */
const NOW = '2026-03-31T05:30:00Z';

const cases = [
  // P1 nordby, unassigned, reported Mon 09:00: 7 school hours against a 30 min response target -> breached.
  { number: 1, priority: 'P1', school: 'nordby', createdAt: '2026-03-30T07:00:00Z', title: 'Whole school offline' },
  // P2 nordby, in progress since Fri 14:00 CET: Fri 2 h + Mon 8 h = 10 h against 8 h resolution -> breached.
  {
    number: 2,
    priority: 'P2',
    school: 'nordby',
    status: 'in-progress',
    assigneeId: 'oscar',
    createdAt: '2026-03-27T13:00:00Z',
    firstResponseAt: '2026-03-27T13:10:00Z',
    statuses: [['2026-03-27T13:10:00Z', 'in-progress']],
  },
  // P3 sandvik, Mon 10:00: 6 h of 24 h -> fine.
  {
    number: 3,
    priority: 'P3',
    school: 'sandvik',
    status: 'assigned',
    assigneeId: 'petra',
    createdAt: '2026-03-30T08:00:00Z',
    firstResponseAt: '2026-03-30T08:30:00Z',
    statuses: [['2026-03-30T08:30:00Z', 'assigned']],
  },
  // P4 sandvik, Mon 16 March 08:00; waiting on the reporter since Thu 26 March 08:00: 8 days x 8 h = 64 h
  // of 80 h (80 %) -> close to breach, clock paused. The oldest open case: 10 school days.
  {
    number: 4,
    priority: 'P4',
    school: 'sandvik',
    status: 'waiting-on-reporter',
    assigneeId: 'petra',
    createdAt: '2026-03-16T07:00:00Z',
    firstResponseAt: '2026-03-16T07:30:00Z',
    statuses: [
      ['2026-03-16T07:30:00Z', 'assigned'],
      ['2026-03-26T07:00:00Z', 'waiting-on-reporter'],
    ],
  },
  // P3, no school, unassigned, reported this morning before school opened: 0 h used.
  { number: 5, priority: 'P3', createdAt: '2026-03-31T05:00:00Z' },
  // Resolved Mon after the last digest: new and resolved since.
  {
    number: 6,
    priority: 'P3',
    school: 'nordby',
    status: 'resolved',
    createdAt: '2026-03-30T07:30:00Z',
    firstResponseAt: '2026-03-30T08:00:00Z',
    resolvedAt: '2026-03-30T12:00:00Z',
    statuses: [['2026-03-30T12:00:00Z', 'resolved']],
  },
  // Resolved before the last digest: in neither count; open 20-27 March on the chart.
  {
    number: 7,
    priority: 'P3',
    school: 'sandvik',
    status: 'closed',
    createdAt: '2026-03-20T08:00:00Z',
    resolvedAt: '2026-03-27T09:00:00Z',
    closedAt: '2026-03-27T10:00:00Z',
    statuses: [
      ['2026-03-27T09:00:00Z', 'resolved'],
      ['2026-03-27T10:00:00Z', 'closed'],
    ],
  },
] as const;

describe('morning digest over a fixture of mixed cases', () => {
  let bot: TestBot;
  const clock = new ManualClock(NOW);

  beforeAll(async () => {
    bot = await startTestBot({ clock });
    await insertCases(
      cases.map((c) => ({
        ...c,
        statuses: 'statuses' in c ? c.statuses.map(([a, b]) => [a, b] as [string, string]) : [],
      })),
    );
    await DigestRun.create({
      day: '2026-03-30',
      claimedAt: new Date('2026-03-30T05:30:00Z'),
      postedAt: new Date('2026-03-30T05:30:00Z'),
    });
  }, 60_000);
  afterAll(() => bot?.stop());

  const runJob = () =>
    digestJob.run({ id: 't', data: {}, touch: async () => {}, log: bot.services.log, services: bot.services } as JobRun<
      Record<string, never>
    >);

  it('gathers the right figures in each section', async () => {
    const f = await bot.services.digest.figures(clock.now());
    expect(f.since.toISOString()).toBe('2026-03-30T05:30:00.000Z');
    expect(f.open.total).toBe(5);
    expect(f.open.byPriority).toEqual({ P1: 1, P2: 1, P3: 2, P4: 1 });
    expect(f.open.bySchool).toEqual([
      { school: 'nordby', count: 2 },
      { school: 'sandvik', count: 2 },
      { school: '(no school)', count: 1 },
    ]);
    expect(f.newSince).toBe(4); // INC-1, 3, 5, 6
    expect(f.resolvedSince).toBe(1); // INC-6
    expect(f.oldest.map((c) => c.key)).toEqual(['INC-4', 'INC-2', 'INC-1', 'INC-3', 'INC-5']);
    expect(f.oldest[0].ageSchoolDays).toBe(10);
    expect(f.unassigned.count).toBe(2);
    expect(f.unassigned.top.map((c) => c.key)).toEqual(['INC-1', 'INC-5']);
    expect(f.breached.top.map((c) => [c.key, c.detail])).toEqual([
      ['INC-1', 'response target 30 min, 6 h 30 min over'],
      ['INC-2', 'resolution target 8 h, 2 h over'],
    ]);
    expect(f.nearBreach.top.map((c) => [c.key, c.detail])).toEqual([['INC-4', 'resolution 80% used (paused)']]);
    // Chart: 30 local days ending today; today 5 open; Sunday 29 March: INC-2 and INC-4.
    expect(f.chart).toHaveLength(30);
    expect(f.chart.at(-1)).toEqual({ date: '2026-03-31', open: 5 });
    expect(f.chart.find((p) => p.date === '2026-03-29')?.open).toBe(2);
    expect(f.chart.find((p) => p.date === '2026-03-25')?.open).toBe(2); // INC-4 and INC-7
    expect(f.chart.find((p) => p.date === '2026-03-15')?.open).toBe(0);
  });

  it('posts once per school day to the operators channel, rendered on every platform', async () => {
    await runJob();
    await runJob(); // a second run the same day (e.g. after a crash) posts nothing
    const posts = bot.inChannel('#operators').filter((s) => s.action === 'post');
    expect(posts).toHaveLength(1);
    const msg = posts[0].msg;
    expect(msg.card?.kind).toBe('digest');
    expect(msg.card?.fields).toEqual([
      { label: 'Open', value: '5' },
      { label: 'New since Mon 07:30', value: '4' },
      { label: 'Resolved since Mon 07:30', value: '1' },
      { label: 'SLA breached', value: '2' },
      { label: 'Unassigned', value: '2' },
    ]);
    const headings = msg.card?.sections?.map((s) => s.heading);
    expect(headings).toEqual([
      'Open incidents',
      'SLA breached (2)',
      'Close to breach (1)',
      'Oldest open (5)',
      'Unassigned (2)',
    ]);
    expect(msg.card?.sections?.[0].lines).toEqual([
      'By priority: P1 1 · P2 1 · P3 2 · P4 1',
      'By school: nordby 2 · sandvik 2 · (no school) 1',
    ]);
    expect(msg.image?.png.subarray(1, 4).toString()).toBe('PNG');
    expect(msg.text.split('\n')).toHaveLength(2);

    // Slack Block Kit
    const slack = renderMessage(msg);
    const blockText = JSON.stringify(slack.blocks);
    expect(slack.blocks?.[0]).toMatchObject({ type: 'header' });
    for (const s of [
      '*Open*\\n5',
      '*SLA breached*\\n2',
      '*Unassigned*\\n2',
      'SLA breached (2)',
      'INC-1 P1 nordby',
      'Close to breach (1)',
    ])
      expect(blockText).toContain(s);
    // Matrix HTML
    const matrix = renderContent(msg);
    expect(matrix.formatted_body).toContain('<b>Open:</b> 5');
    expect(matrix.formatted_body).toContain('<b>Resolved since Mon 07:30:</b> 1');
    expect(matrix.formatted_body).toContain('<li>INC-4 P4 sandvik · resolution 80% used (paused) · case 4</li>');
    // Console text
    const text = renderPlainText(msg);
    expect(text).toContain(
      'Open: 5 · New since Mon 07:30: 4 · Resolved since Mon 07:30: 1 · SLA breached: 2 · Unassigned: 2',
    );
    expect(text).toContain('  INC-4 P4 sandvik · 10 school days · case 4');
    expect(text).toMatch(/\(image: digest-2026-03-31\.png/u);
    expect(text.split('\n').length).toBeLessThan(30);
  }, 60_000);

  it('answers `digest now` for operators and refuses reporters', async () => {
    const sent = await bot.say('oscar', '/digest now --no-chart', { channel: '#operators' });
    expect(sent[0].msg.card?.kind).toBe('digest');
    expect(sent[0].msg.image).toBeUndefined();
    const refused = await bot.say('anna', '/digest');
    expect(refused[0].msg.text).toMatch(/is for: operator/u);
  }, 30_000);
});
