/**
 * The seeds' planning steps: a board per category with a technical review (TAB) before its CCB vote,
 * the start condition marked met by the named role (recorded), and `rfc revise` of a rejected change
 * (a new revision that goes back to the vote, the old record kept).
 * Would catch: a TAB approval taken for the CCB's (an approval record, a state move), the CCB vote not
 * opening after the review, a change routed to the wrong board, a start condition marked by anyone,
 * a revision that reuses the old approval or loses the rejected record, a second revision of one RFC.
 */
import { ManualClock } from '../../../src/core/clock';
import { Rfc } from '../../../src/changes/rfc.model';
import { ChangeAudit } from '../../../src/changes/change-audit.model';
import { Ballot } from '../../../src/votes/ballot.model';
import { startTestBot, TestBot } from '../../support/test-bot';
import { latestCard } from '../../support/ccb-card';

let bot: TestBot;
const clock = new ManualClock('2026-11-23T09:00:00Z');
const text = TestBot.text;

const FIELDS = [
  'need="New hardware for the exam server"',
  'description="Move the exam server to the new machine"',
  'risk=medium',
  'targets=exam-server',
  'window="2026-12-01 16:00..2026-12-01 20:00"',
  'testPlan="Dry run on the spare"',
  'backoutPlan="Keep the old machine running"',
].join(' ');

beforeAll(async () => {
  bot = await startTestBot({
    clock,
    config: {
      changes: {
        boards: {
          ccb: { channel: 'ccb' },
          infra: { channel: 'ccb', technicalReview: 'tab' },
          tab: { channel: 'operators', members: ['carl', 'chris', 'camilla'] },
        },
        routing: [{ category: 'distribute', board: 'infra' }],
      },
    },
  });
});
afterAll(async () => {
  await bot?.stop();
});

async function propose(who: string, title: string, extra = ''): Promise<string> {
  const out = await bot.say(who, `/rfc new ${title} ${FIELDS} ${extra}`, { channel: '#changes' });
  const key = /Created (RFC-\d+)/.exec(text(out))?.[1];
  expect(key).toBeDefined();
  return key!;
}

const card = (channel: string, key: string) => latestCard(bot, key, channel);

test('a change of a category with a TAB is reviewed by the TAB first, then the CCB votes; others go straight to the CCB', async () => {
  const key = await propose('rolf', 'Exam server hardware', 'categories=distribute');
  const receipt = text(await bot.say('rolf', `/rfc submit ${key}`, { channel: '#changes' }));
  expect(receipt).toMatch(
    /queued for technical review by the tab board \(3 members, quorum 3\), then the infra board's vote/,
  );
  const tabCard = card('#operators', key);
  expect(tabCard.text).toMatch(/\[VOTING: TECHNICAL REVIEW\]/);
  expect(bot.sent.some((s) => s.to?.channel === '#ccb' && s.msg.text.startsWith(key))).toBe(false);
  // Only the TAB's members count there.
  expect(text(await bot.react('cecilie', tabCard.ref, '+1'))).toMatch(/only members of the tab board vote/);
  for (const m of ['carl', 'chris', 'camilla']) await bot.react(m, tabCard.ref, '+1');
  expect(card('#operators', key).text).toMatch(/\[APPROVED\]/);
  let rfc = await Rfc.findOne({ key }).lean();
  expect(rfc?.state).toBe('proposed');
  expect(rfc?.approval).toBeFalsy();
  expect(rfc?.board).toBe('infra');
  const ccbCard = card('#ccb', key);
  expect(ccbCard.text).toMatch(/\[VOTING: APPROVAL\]/);
  expect(text(bot.dmsTo('rolf'))).toMatch(
    new RegExp(`technical review on ${key} is closed: \\*approved\\*.*CCB vote now`),
  );
  for (const m of ['carl', 'cecilie', 'chris', 'camilla']) await bot.react(m, ccbCard.ref, '+1');
  rfc = await Rfc.findOne({ key }).lean();
  expect(rfc?.state).toBe('approved');
  expect(rfc?.approval?.stage).toBe('approval');
  expect((await Ballot.find({ rfcKey: key }).lean()).map((b) => `${b.kind}:${b.board}:${b.decision}`)).toEqual([
    'technical:tab:approved',
    'approval:infra:approved',
  ]);

  const plain = await propose('rolf', 'Exam server fonts');
  expect(text(await bot.say('rolf', `/rfc submit ${plain}`, { channel: '#changes' }))).toMatch(/queued for the CCB/);
  expect(card('#ccb', plain).text).toMatch(/\[VOTING: APPROVAL\]/);
});

test('the start condition is marked met only by the role the change names, and it is on the record', async () => {
  const key = await propose(
    'oscar',
    'Exam server move',
    'startCondition="System p 615 hardware being available" startConditionRole=release-manager',
  );
  expect(text(await bot.say('maria', `/rfc show ${key}`))).toMatch(
    /Start condition: System p 615 hardware being available/,
  );
  expect(text(await bot.say('oscar', `/rfc condition ${key} met`))).toMatch(/Only a release-manager marks/);
  expect(text(await bot.say('rolf', `/rfc condition ${key}`))).toMatch(/Write `met`/);
  const ok = text(await bot.say('rolf', `/rfc condition ${key} met racked on Monday`));
  expect(ok).toMatch(
    new RegExp(`${key}: start condition "System p 615 hardware being available" marked met by Rolf Eide`),
  );
  expect((await Rfc.findOne({ key }).lean())?.startConditionMet).toMatchObject({
    condition: 'System p 615 hardware being available',
    by: 'rolf',
    note: 'racked on Monday',
  });
  expect(
    await ChangeAudit.countDocuments({ rfcKey: key, kind: 'note', actorId: 'rolf', reason: /^start condition met/ }),
  ).toBe(1);
  expect(text(await bot.say('rolf', `/rfc condition ${key} met`))).toMatch(/already marked met by rolf/);
});

test('a rejected change is revised once as a new revision that goes back to the vote; the rejected record stays', async () => {
  const key = await propose('oscar', 'Exam server early');
  await bot.say('oscar', `/rfc submit ${key}`, { channel: '#changes' });
  expect(text(await bot.say('oscar', `/rfc revise ${key}`))).toMatch(/is proposed; only a rejected change is revised/);
  await bot.say('maria', `/rfc override ${key} reject the window clashes with the exams`, { channel: '#ccb' });
  expect((await Rfc.findOne({ key }).lean())?.state).toBe('rejected');
  expect(text(bot.dmsTo('oscar'))).toMatch(new RegExp(`rfc revise ${key}`));
  expect(text(await bot.say('anna', `/rfc revise ${key}`))).toMatch(/is for:/);
  const out = text(
    await bot.say('oscar', `/rfc revise ${key} window="2026-12-08 16:00..20:00" --reason "after the exams"`),
  );
  const rev = /(RFC-\d+) is revision 2 of/.exec(out)?.[1];
  expect(rev).toBeDefined();
  expect(out).toMatch(/which stays rejected, its record kept/);
  expect(out).toMatch(/Receipt: .* queued for the CCB/);
  const [old, next] = await Promise.all([Rfc.findOne({ key }).lean(), Rfc.findOne({ key: rev }).lean()]);
  expect(old).toMatchObject({ state: 'rejected', revisedAs: rev });
  expect(next).toMatchObject({ state: 'proposed', revision: 2, revisionOf: key, title: 'Exam server early' });
  expect(next?.approval).toBeFalsy();
  expect(next?.window?.start.toISOString()).toBe('2026-12-08T15:00:00.000Z');
  expect(next?.need).toBe(old?.need);
  expect(card('#ccb', rev!).text).toMatch(/\[VOTING: APPROVAL\]/);
  expect(await ChangeAudit.countDocuments({ rfcKey: key, reason: new RegExp(`^revised as ${rev}`) })).toBe(1);
  expect(await ChangeAudit.countDocuments({ rfcKey: rev, kind: 'created', reason: /^revision 2 of/ })).toBe(1);
  expect(text(await bot.say('oscar', `/rfc revise ${key}`))).toMatch(new RegExp(`already revised as ${rev}`));
  expect(text(await bot.say('oscar', `/rfc show ${rev}`))).toMatch(new RegExp(`Revision 2 of ${key}`));
});
