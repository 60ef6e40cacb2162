/**
 * Confirm and reopen in one tap, and internal notes, through the whole bot (recording adapter, real
 * database, a controlled clock). The seed's printer case: a teacher reports, the operator asks the
 * school's ICT contact in an internal note, she answers in its thread, the technician resolves, the
 * teacher taps ✅. What would break: the teacher not asked "Fixed?" (or asked without the one-tap
 * answers), an internal note reaching her, a "still broken" reply leaving the case resolved, a
 * confirm accepted after the reopen window, a resolved case never closing.
 */
import { ManualClock } from '../../../src/core/clock';
import { closeUnconfirmed } from '../../../src/tickets/auto-close';
import { Ticket } from '../../../src/tickets/ticket.model';
import type { SentAction } from '../../support/recording-adapter';
import { startTestBot, TestBot } from '../../support/test-bot';

const clock = new ManualClock('2026-03-02T08:30:00Z'); // Monday, 09:30 in Oslo
let bot: TestBot;

beforeAll(async () => {
  bot = await startTestBot({ clock });
});
afterAll(() => bot?.stop());

const text = TestBot.text;
const DAY = 86_400_000;

async function report(who: string, what: string): Promise<string> {
  const out = await bot.say(who, what);
  return /INC-\d+/u.exec(text(out))![0];
}

/** The last DM to `who` that asks a one-tap question. */
function lastQuestionTo(who: string): SentAction {
  const asked = bot.dmsTo(who).filter((s) => s.msg.actions?.length);
  return asked[asked.length - 1];
}

test('the printer case: internal note to the ICT contact, resolve, the teacher confirms with one tap', async () => {
  const dmsBefore = bot.dmsTo('anna').length;
  const key = await report('anna', 'the printer in room 12 prints nothing');
  await bot.say('oscar', `/ticket assign ${key} me`);
  const noted = await bot.say('oscar', `/ticket note ${key} @ingrid could you check the paper tray in room 12?`);
  expect(text(noted)).toContain(`Internal note added to ${key}; sent to Ingrid Lie. The reporter does not see it.`);
  const asked = bot.dmsTo('ingrid').find((s) => s.msg.text.includes('could you check the paper tray'))!;
  expect(asked.msg.text).toContain('*internal note* (the reporter does not see it)');

  // Her answer in the thread of the bot's question is internal too; the assignee hears of it.
  const answered = await bot.say('ingrid', 'the tray is full and the toner is fine, but no jobs arrive', {
    thread: asked.ref.messageId,
  });
  expect(text(answered)).toContain(`Internal note added to ${key}`);
  expect(text(bot.dmsTo('oscar'))).toContain(`Ingrid Lie added an internal note to ${key}: the tray is full`);

  await bot.say('oscar', `/ticket escalate ${key} petra print queue on the server looks stuck`);
  await bot.say('petra', `/ticket resolve ${key} restarted the print spooler`);
  const question = lastQuestionTo('anna');
  expect(question.msg.text).toMatch(
    new RegExp(`${key} is now \\*resolved\\*: restarted the print spooler\\n\\*Fixed\\?\\*`, 'u'),
  );
  expect(question.msg.text).toContain(`ticket confirm ${key}`);
  expect(question.msg.actions!.map((a) => [a.label, a.reaction])).toEqual([
    ['Yes, fixed', 'white_check_mark'],
    ['Still broken', 'x'],
  ]);

  const tapped = await bot.react('anna', question.ref, '✅');
  expect(text(tapped)).toContain(`Thanks! ${key} is closed.`);
  expect((await Ticket.findOne({ key }).lean())!.status).toBe('closed');
  expect(text(bot.dmsTo('petra'))).toContain(`Anna Berg confirmed the fix of ${key}; it is closed.`);

  // Exactly what was meant for her: the receipt, assigned, escalated, resolved with the question, the thanks.
  const hers = bot
    .dmsTo('anna')
    .slice(dmsBefore)
    .map((s) => s.msg.text.split('\n')[0]);
  expect(hers).toEqual([
    expect.stringMatching(new RegExp(`^Logged as \\*${key}\\*`, 'u')),
    `${key} is now *assigned* to Oscar Nilsen.`,
    `${key} is now *escalated* to Petra Holm: print queue on the server looks stuck`,
    `${key} is now *resolved*: restarted the print spooler`,
    `Thanks! ${key} is closed.`,
  ]);

  // `ticket show` per viewer: the operator sees the notes marked, the teacher does not see them.
  const staffView = text(await bot.say('oscar', `/ticket show ${key}`));
  expect(staffView).toContain('[internal] Oscar Nilsen: @ingrid could you check the paper tray');
  expect(staffView).toContain('[internal] Ingrid Lie: the tray is full');
  const ictView = text(await bot.say('ingrid', `/ticket show ${key}`));
  expect(ictView).toContain('[internal] Oscar Nilsen');
  const teacherView = text(await bot.say('anna', `/ticket show ${key}`));
  expect(teacherView).not.toMatch(/paper tray|internal|no jobs arrive/u);
  expect(teacherView).toContain('Anna Berg confirmed the fix');
  // A second tap is told the question was answered; nothing changes.
  const again = await bot.react('anna', question.ref, '❌');
  expect(text(again)).toMatch(/no longer applies|answered already/u);
  expect((await Ticket.findOne({ key }).lean())!.status).toBe('closed');
});

test('"still broken" in the thread reopens the case with that text and tells the assignee; a thanks does not', async () => {
  const key = await report('anna', 'the projector in room 3 shows no picture');
  await bot.say('oscar', `/ticket assign ${key} me`);
  await bot.say('oscar', `/ticket resolve ${key} replaced the HDMI cable`);
  const question = lastQuestionTo('anna');
  const thanks = await bot.say('anna', 'thanks!', { thread: question.ref.messageId });
  expect(text(thanks)).toContain('Glad it works!');
  expect((await Ticket.findOne({ key }).lean())!.status).toBe('resolved');

  const out = await bot.say('anna', 'it still flickers after ten minutes', { thread: question.ref.messageId });
  expect(text(out)).toContain(`${key} is reopened (assigned). The service desk has been told.`);
  const t = (await Ticket.findOne({ key }).lean())!;
  expect([t.status, t.reopenCount]).toEqual(['assigned', 1]);
  expect(t.events.some((e) => e.kind === 'reopened' && e.note === 'it still flickers after ten minutes')).toBe(true);
  expect(text(bot.dmsTo('oscar'))).toContain(`Anna Berg reopened ${key}: it still flickers after ten minutes`);

  // ❌ on the next "Fixed?" reopens too.
  await bot.say('oscar', `/ticket resolve ${key} new projector lamp`);
  const tapped = await bot.react('anna', lastQuestionTo('anna').ref, 'x');
  expect(text(tapped)).toContain(`${key} is reopened`);
  expect((await Ticket.findOne({ key }).lean())!.reopenCount).toBe(2);
});

test('confirm obeys the reopen window; after it a reply offers a new case linked to the old one', async () => {
  const key = await report('anna', 'the smartboard pen in room 7 does not write');
  await bot.say('oscar', `/ticket resolve ${key} new battery in the pen`);
  const question = lastQuestionTo('anna');
  clock.advance(15 * DAY);
  try {
    expect(text(await bot.say('anna', `/ticket confirm ${key}`))).toMatch(
      /resolved more than 14 days ago; it is no longer waiting for your confirmation/u,
    );
    expect((await Ticket.findOne({ key }).lean())!.status).toBe('resolved');
    const offer = await bot.say('anna', 'the pen stopped writing again', { thread: question.ref.messageId });
    expect(text(offer)).toContain(`Log your message as a new case linked to ${key}?`);
    const offerRef = offer.find((s) => s.msg.actions?.length)!.ref;
    const logged = await bot.react('anna', offerRef, '✅');
    const newKey = /Logged as \*(INC-\d+)\*, linked to/u.exec(text(logged))![1];
    const t = (await Ticket.findOne({ key: newKey }).lean())!;
    expect([t.text, t.followsUp, t.reporterId]).toEqual(['the pen stopped writing again', key, 'anna']);
  } finally {
    clock.advance(-15 * DAY);
  }
});

test('a resolved case nobody answers closes itself after the school days, saying so without inviting replies', async () => {
  const key = await report('anna', 'the laptop trolley in the library does not charge');
  await bot.say('oscar', `/ticket resolve ${key} reset the fuse`);
  const closeNow = () => closeUnconfirmed(bot.services);
  clock.advance(2 * DAY); // Wednesday: 2 school days
  expect(await closeNow()).not.toContain(key);
  clock.advance(5 * DAY); // next Monday: 5 school days
  const before = bot.dmsTo('anna').length;
  try {
    expect(await closeNow()).toContain(key);
    const notice = bot
      .dmsTo('anna')
      .slice(before)
      .map((s) => s.msg.text)
      .join('\n');
    expect(notice).toContain(`${key} is now *closed*: it was resolved on`);
    expect(notice).toContain('nobody said it was still broken within 5 school days');
    expect(notice).not.toMatch(/Reply in this thread/u);
    expect((await Ticket.findOne({ key }).lean())!.status).toBe('closed');
    expect(await closeNow()).not.toContain(key);
  } finally {
    clock.advance(-7 * DAY);
  }
});

test('a staff thread reply starting with the marker is internal; the closed notice invites no reply', async () => {
  const key = await report('anna', 'the wifi in the staff room drops every hour');
  const receiptThread = bot.dmsTo('anna').at(-1)!.ref.messageId;
  await bot.say('oscar', `/ticket assign ${key} me`);
  const before = bot.dmsTo('anna').length;
  // Oscar replies in the reporter's receipt thread (as if in a shared channel): internal.
  const out = await bot.say('oscar', '(internal) the AP in the staff room is on old firmware', {
    channel: 'dm:anna',
    thread: receiptThread,
    direct: false,
    mentioned: true,
  });
  expect(text(out)).toContain(`Internal note added to ${key}`);
  const t = (await Ticket.findOne({ key }).lean())!;
  expect(t.events.at(-1)).toMatchObject({ kind: 'note', note: 'the AP in the staff room is on old firmware' });
  // Her own "(internal)" is not a note: she is the reporter.
  await bot.say('anna', '(internal) is this secret?', { thread: receiptThread });
  expect((await Ticket.findOne({ key }).lean())!.events.at(-1)!.kind).toBe('comment');

  await bot.say('oscar', `/ticket close ${key} duplicate of another case`);
  const closed = bot
    .dmsTo('anna')
    .slice(before)
    .map((s) => s.msg.text)
    .join('\n');
  expect(closed).toContain(`${key} is now *closed*: duplicate of another case`);
  expect(closed).not.toMatch(/Reply in this thread|firmware/u);
});
