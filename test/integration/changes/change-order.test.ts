/**
 * The change order (Redbook 8, table 8-1) and closing the loop: an order groups RFCs with its
 * external id and target date (show: the state of each, one summary line; the digest one line);
 * the CCB card follows the change past its vote (deploying, deployed, reviewed) and the review is
 * posted under it; `stats` reports the on-time share against the target date.
 * Would catch: an order that loses or double-books an RFC, a card that stops at the release
 * decision, a review that never reaches the board, an on-time share measured against the window.
 */
import { ManualClock } from '../../../src/core/clock';
import { SYSTEM_ACTOR } from '../../../src/changes/change-service';
import { startTestBot, TestBot } from '../../support/test-bot';
import { latestCard } from '../../support/ccb-card';

let bot: TestBot;
const clock = new ManualClock('2026-11-23T09:00:00Z');
const text = TestBot.text;

const FIELDS = (target: string) =>
  [
    'need="Exam server move"',
    'description="Move it"',
    'risk=low',
    `targets=${target}`,
    'window="2026-12-01 16:00..2026-12-01 20:00"',
    'testPlan="Dry run"',
    'backoutPlan="Old machine"',
    'targetDate=2026-12-10',
  ].join(' ');

beforeAll(async () => {
  bot = await startTestBot({ clock });
});
afterAll(async () => {
  await bot?.stop();
});

async function propose(title: string, target: string): Promise<string> {
  const out = await bot.say('oscar', `/rfc new ${title} ${FIELDS(target)}`, { channel: '#changes' });
  return /Created (RFC-\d+)/.exec(text(out))![1];
}

const card = (key: string) => latestCard(bot, key);

/** Through both votes by override (maria), as far as scheduled. */
async function toScheduled(key: string): Promise<void> {
  await bot.say('oscar', `/rfc submit ${key}`, { channel: '#changes' });
  await bot.say('maria', `/rfc override ${key} approve board agreed`, { channel: '#ccb' });
  await bot.say('oscar', `/rfc built ${key} package="exam 2.0" testResults=ok backoutTest=ok`, { channel: '#changes' });
  await bot.say('oscar', `/rfc release ${key}`, { channel: '#changes' });
  const go = text(await bot.say('maria', `/rfc override ${key} approve go for release`, { channel: '#ccb' }));
  expect(go).toMatch(/It is now scheduled/);
}

test('a change order groups RFCs: show gives the state of each and one line; the digest carries the line', async () => {
  const created = text(
    await bot.say('oscar', '/order new Exam server move --external-id CO-2001 --target-date 2026-12-10'),
  );
  const id = /change order (CO-\d+)/.exec(created)![1];
  expect(created).toMatch(/\(CO-2001\): Exam server move, target 2026-12-10 23:59/);
  const a = await propose('New exam server', 'exam-server');
  const b = await propose('Exam clients point to it', 'exam-pcs');
  expect(text(await bot.say('oscar', `/order add ${id} ${a} ${b}`))).toMatch(`${id} now groups ${a}, ${b}`);
  expect(text(await bot.say('oscar', `/order add ${id} RFC-999`))).toMatch(/RFC-999 is not an RFC I know/);
  const other = /change order (CO-\d+)/.exec(text(await bot.say('oscar', '/order new Other')))![1];
  expect(text(await bot.say('oscar', `/order add ${other} ${a}`))).toMatch(/belongs to one change order/);
  await bot.say('oscar', `/rfc submit ${a}`, { channel: '#changes' });
  const shown = text(await bot.say('maria', `/order show ${id}`));
  expect(shown).toMatch(new RegExp(`^${id} \\(CO-2001\\) Exam server move: 2 changes: 1 proposed, 1 draft; target`));
  expect(shown).toMatch(new RegExp(`• ${a} \\[proposed\\] New exam server`));
  expect(shown).toMatch(new RegExp(`• ${b} \\[draft\\] Exam clients point to it`));
  const digest = await bot.say('maria', '/digest');
  expect(JSON.stringify(digest.map((d) => d.msg.card))).toMatch(
    new RegExp(`${id} \\(CO-2001\\) Exam server move: 2 changes: 1 proposed, 1 draft`),
  );
});

test('the CCB card follows the change to its end, the review is posted under it, stats give the on-time share', async () => {
  const key = await propose('Exam fonts', 'exam-pcs');
  await toScheduled(key);
  await bot.services.changes.transition(key, 'deploying', SYSTEM_ACTOR, 'deployment D-1 started');
  expect(card(key).text).toMatch(/\[APPROVED \(override\)\].*Now: DEPLOYING since/);
  clock.set(new Date('2026-12-01T17:00:00Z'));
  await bot.services.changes.transition(key, 'deployed', SYSTEM_ACTOR, 'criterion reached');
  expect(card(key).text).toMatch(/Now: DEPLOYED since 2026-12-01 18:00/);
  const review = text(await bot.say('oscar', `/rfc review ${key} all fine --satisfaction 5 --in-time yes`));
  expect(review).toMatch(/the review is posted to the CCB/);
  const under = bot.sent.filter((s) => s.action === 'post' && s.to?.thread === card(key).ref.messageId);
  expect(text(under)).toMatch(
    new RegExp(`Post-deployment review of ${key} by Oscar Nilsen, satisfaction 5/5, in time: all fine`),
  );
  expect(card(key).text).toMatch(
    /Now: REVIEWED since .* Deployed 2026-12-01 18:00\. Review: all fine, satisfaction 5\/5, in time\./,
  );
  clock.set(new Date('2026-12-02T08:00:00Z'));
  expect(text(await bot.say('maria', '/stats 30d'))).toMatch(/On time against the target date: 1 of 1 \(100%\)/);
});
