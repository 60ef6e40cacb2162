import { ManualClock } from '../../../src/core/clock';
import { ChangeAudit } from '../../../src/changes/change-audit.model';
import { Rfc } from '../../../src/changes/rfc.model';
import { Ballot, Vote } from '../../../src/votes/ballot.model';
import type { MessageRef } from '../../../src/chat/conversation-ref';
import { startTestBot, TestBot } from '../../support/test-bot';

let bot: TestBot;
const clock = new ManualClock('2026-11-23T09:00:00Z');
const text = TestBot.text;

beforeAll(async () => {
  bot = await startTestBot({ clock });
});
afterAll(async () => {
  await bot?.stop();
});

const ANSWERS = [
  'Teachers need the new LibreOffice for the exam templates; fixes the crash in INC-12',
  'Install LibreOffice 25.8 from the school repository on every classroom PC, replacing 24.2',
  'medium',
  'classroom-pcs',
  '2026-12-01 16:00..2026-12-01 20:00',
  'Pilot on room 12 for a week, teachers open their exam templates',
  'Reinstall 24.2 from the repository cache with the backout script',
];

/** `/rfc new …` in #changes, every question answered in its thread; returns the key. */
async function proposeComplete(who: string, title: string, id: string): Promise<string> {
  const out = await bot.say(who, `/rfc new ${title}`, { channel: '#changes', messageId: id });
  const key = /Created (RFC-\d+)/.exec(text(out))?.[1];
  expect(key).toBeDefined();
  for (const a of ANSWERS) await bot.say(who, a, { channel: '#changes', thread: id });
  return key!;
}

function lastCard(): { ref: MessageRef; text: string } {
  const posts = bot.sent.filter((s) => s.action === 'post' && s.to?.channel === '#ccb' && s.msg.card?.kind === 'rfc');
  const p = posts[posts.length - 1];
  const edits = bot.sent.filter((s) => s.action === 'edit' && s.ref.messageId === p.ref.messageId);
  return { ref: p.ref, text: (edits.length ? edits[edits.length - 1] : p).msg.text };
}

test('rfc new asks for each missing field in the thread, names them, and fills them from the answers', async () => {
  const out = await bot.say('rolf', '/rfc new Upgrade LibreOffice to 25.8 on all classroom PCs', {
    channel: '#changes',
    messageId: 'new-1',
  });
  expect(text(out)).toMatch(/Created RFC-\d+ \(normal, draft\)/);
  expect(text(out)).toMatch(/7 still missing: need, description, risk, targets, window, testPlan, backoutPlan/);
  const key = /Created (RFC-\d+)/.exec(text(out))![1];
  // Submitting early names every missing field and changes nothing.
  expect(text(await bot.say('rolf', `/rfc submit ${key}`, { channel: '#changes' }))).toMatch(
    /missing: need, description, risk, targets, window, testPlan, backoutPlan/,
  );
  const bad = await bot.say('rolf', 'whatever', { channel: '#changes', thread: 'new-1' });
  expect(text(bad)).toMatch(/6 still missing/); // need accepts any text
  await bot.say('rolf', ANSWERS[1], { channel: '#changes', thread: 'new-1' });
  expect(text(await bot.say('oscar', 'sneaky', { channel: '#changes', thread: 'new-1' }))).not.toMatch(/Noted/);
  const badRisk = await bot.say('rolf', 'extreme', { channel: '#changes', thread: 'new-1' });
  expect(text(badRisk)).toMatch(/Risk must be one of: low, medium, high/);
  for (const a of ANSWERS.slice(2)) await bot.say('rolf', a, { channel: '#changes', thread: 'new-1' });
  const rfc = await Rfc.findOne({ key }).lean();
  expect(rfc?.state).toBe('draft');
  expect(rfc?.risk).toBe('medium');
  expect(rfc?.targets).toEqual(['classroom-pcs']);
  expect(rfc?.window?.start.toISOString()).toBe('2026-12-01T15:00:00.000Z');
  expect(rfc?.asking).toBeUndefined();
  expect(text(bot.sent.slice(-1))).toMatch(/has everything the CCB needs/);
  // A thread reply by someone else is not an answer.
  expect(await Rfc.countDocuments({ key, description: 'sneaky' })).toBe(0);
});

test('submit posts a card to #ccb; reactions move the tally live; it closes early approved, exactly once', async () => {
  const key = await proposeComplete('rolf', 'Upgrade LibreOffice again', 'new-2');
  const receipt = await bot.say('rolf', `/rfc submit ${key}`, { channel: '#changes' });
  expect(text(receipt)).toMatch(/queued for the CCB \(6 members, quorum 3\)/);
  const card = lastCard();
  expect(card.text).toMatch(new RegExp(`${key} Upgrade LibreOffice again \\[VOTING: APPROVAL\\]`));

  await bot.react('carl', card.ref, '+1::skin-tone-3');
  expect(lastCard().text).toMatch(/✅ 1 approve · ❌ 0 reject/);
  const notice = await bot.react('anna', card.ref, '+1');
  expect(notice).toHaveLength(1);
  expect(notice[0].action).toBe('notice');
  expect(notice[0].userId).toBe('anna');
  expect(notice[0].msg.text).toMatch(/does not count: only members of the ccb board vote/);
  await bot.react('chris', card.ref, 'x');
  expect(lastCard().text).toMatch(/✅ 1 approve · ❌ 1 reject/);
  await bot.react('chris', card.ref, '-1'); // changes nothing in the count: still reject
  await bot.react('chris', card.ref, 'x', 'removed'); // not the reaction that counts: no retraction
  expect(lastCard().text).toMatch(/✅ 1 approve · ❌ 1 reject/);
  await bot.react('chris', card.ref, '-1', 'removed');
  expect(lastCard().text).toMatch(/✅ 1 approve · ❌ 0 reject/);
  await bot.react('cecilie', card.ref, '✅');
  await bot.react('maria', card.ref, 'heavy_check_mark');
  expect((await Rfc.findOne({ key }).lean())?.state).toBe('proposed');
  await bot.react('camilla', card.ref, '👍🏽');
  // 4 of 6 approve: even two rejections leave 4/6 >= 60%, so the vote closes now.
  const rfc = await Rfc.findOne({ key }).lean();
  expect(rfc?.state).toBe('approved');
  expect(lastCard().text).toMatch(/\[APPROVED\] ✅ 4 approve/);
  const ballot = await Ballot.findOne({ rfcKey: key }).lean();
  expect(ballot?.open).toBe(false);
  expect(ballot?.decision).toBe('approved');
  expect(await ChangeAudit.countDocuments({ rfcKey: key, kind: 'decision' })).toBe(1);
  expect(text(bot.dmsTo('rolf'))).toMatch(new RegExp(`approval vote on ${key} is closed: \\*approved\\*`));

  const late = await bot.react('conrad', card.ref, 'x');
  expect(late[0].action).toBe('notice');
  expect(late[0].msg.text).toMatch(/is closed \(approved.*your reaction was not counted/);
  expect(await Vote.countDocuments({ ballotId: ballot!._id, personId: 'conrad' })).toBe(0);
  expect(await ChangeAudit.countDocuments({ rfcKey: key, kind: 'decision' })).toBe(1);
  expect(await bot.services.votes.deadline(ballot!._id)).toBe(false);
});

test('illegal steps are refused with the reason and change nothing', async () => {
  const out = await bot.say('rolf', '/rfc new Draft only', { channel: '#changes', messageId: 'new-3' });
  const key = /Created (RFC-\d+)/.exec(text(out))![1];
  const before = JSON.stringify(await Rfc.findOne({ key }).lean());
  const auditBefore = await ChangeAudit.countDocuments({ rfcKey: key });
  expect(
    text(await bot.say('rolf', `/rfc built ${key} package="libreoffice 25.8" testResults=ok`, { channel: '#changes' })),
  ).toMatch(/is draft; it cannot become built\. From draft it can become: proposed, scheduled, withdrawn/);
  expect(JSON.stringify(await Rfc.findOne({ key }).lean())).toBe(before);
  expect(await ChangeAudit.countDocuments({ rfcKey: key })).toBe(auditBefore);
  await expect(bot.services.changes.transition(key, 'deploying', { personId: 'rolf' }, 'x')).rejects.toMatchObject({
    code: 'INVALID_STATE',
  });
  expect(text(await bot.say('rolf', `/rfc withdraw ${key} not needed`, { channel: '#changes' }))).toMatch(
    /is withdrawn/,
  );
  const w = await bot.say('maria', `/rfc override ${key} approve because`, { channel: '#ccb' });
  expect(text(w)).toMatch(/has no open CCB vote/);
  await expect(bot.services.changes.transition(key, 'approved', { personId: 'maria' }, 'x')).rejects.toThrow(
    /withdrawn; it cannot become approved\. withdrawn is final/,
  );
  expect((await Rfc.findOne({ key }).lean())?.state).toBe('withdrawn');
  expect(text(await bot.say('anna', `/rfc show ${key}`))).toMatch(/is for: operator, ict-contact/);
  expect(text(await bot.say('carl', `/rfc edit ${key} risk=low`))).toMatch(/is for:/);
});

test('in a DM the next message answers the question; cancel stops the questions and reports work again', async () => {
  const out = await bot.say('oscar', '/rfc new Replace the projector lamps');
  const key = /Created (RFC-\d+)/.exec(text(out))![1];
  expect(text(out)).toMatch(/need \(7 still missing/);
  expect(text(await bot.say('oscar', 'lamps are at end of life'))).toMatch(
    /Noted need[\s\S]*description \(6 still missing/,
  );
  expect((await Rfc.findOne({ key }).lean())?.need).toBe('lamps are at end of life');
  expect(text(await bot.say('oscar', 'cancel'))).toMatch(/no more questions/);
  expect(text(await bot.say('oscar', 'the printer in room 4 is jammed'))).toMatch(/Logged as \*INC-\d+\*/);
  expect((await Rfc.findOne({ key }).lean())?.description).toBeUndefined();
});
