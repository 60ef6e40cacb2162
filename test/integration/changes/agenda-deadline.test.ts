/** Agenda itself runs the vote deadline job (real time, a 3-second vote): no quorum, so postponed. */
import { ChangeAudit } from '../../../src/changes/change-audit.model';
import { Rfc } from '../../../src/changes/rfc.model';
import { Ballot } from '../../../src/votes/ballot.model';
import { startTestBot, TestBot } from '../../support/test-bot';

jest.setTimeout(60_000);
let bot: TestBot;

beforeAll(async () => {
  bot = await startTestBot({ jobs: true, config: { changes: { votes: { normal: { deadline: '3s' } } } } });
});
afterAll(async () => {
  await bot?.stop();
});

test('the deadline job scheduled at submit closes the vote when Agenda runs it', async () => {
  const out = await bot.say('rolf', '/rfc new Agenda run', { channel: '#changes' });
  const key = /Created (RFC-\d+)/.exec(TestBot.text(out))![1];
  await bot.say(
    'rolf',
    `/rfc edit ${key} need=n description=d risk=low targets=pilot testPlan=t backoutPlan=b --window "2026-12-01 ` +
      `16:00..20:00"`,
    { channel: '#changes' },
  );
  await bot.say('rolf', `/rfc submit ${key}`, { channel: '#changes' });
  const ballot = (await Ballot.findOne({ rfcKey: key }).lean())!;
  await bot.react('carl', ballot.cards[0], '+1');
  expect((await Rfc.findOne({ key }).lean())?.state).toBe('proposed');
  const until = Date.now() + 30_000;
  while ((await Rfc.findOne({ key }).lean())?.state === 'proposed' && Date.now() < until)
    await new Promise((r) => setTimeout(r, 250));
  expect((await Rfc.findOne({ key }).lean())?.state).toBe('postponed');
  // The change moves before its decision is recorded (signed) on the audit chain: wait for the record.
  while ((await ChangeAudit.countDocuments({ rfcKey: key, kind: 'decision' })) === 0 && Date.now() < until)
    await new Promise((r) => setTimeout(r, 250));
  const closed = await Ballot.findById(ballot._id).lean();
  expect(closed).toMatchObject({ open: false, decision: 'postponed', decidedBy: 'deadline' });
  expect(closed!.closedAt!.getTime()).toBeGreaterThanOrEqual(ballot.deadline.getTime());
  expect(await ChangeAudit.countDocuments({ rfcKey: key, kind: 'decision' })).toBe(1);
  // The half-time reminder ran too (before the deadline), to the five members who had not voted.
  expect(
    bot.sent
      .filter((s) => s.action === 'post' && /^Reminder: the CCB approval vote/.test(s.msg.text))
      .map((s) => s.to?.channel)
      .sort(),
  ).toEqual(['dm:camilla', 'dm:cecilie', 'dm:chris', 'dm:conrad', 'dm:maria']);
});
