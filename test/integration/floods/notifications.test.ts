/**
 * Comments cannot flood people or a case (whole bot, recording adapter, frozen clock): the DMs one
 * person gets about comments are capped per minute (then one "holding back" notice), a comment may
 * @mention at most `limits.mentionsPerComment` people, comments and thread replies get the report
 * length limit, and a case takes comments up to its cap of entries and says so. Before: every
 * comment and every @mention was a DM, and a case grew until MongoDB refused the 16 MB document.
 */
import { ManualClock } from '../../../src/core/clock';
import { Ticket, type TicketDoc } from '../../../src/tickets/ticket.model';
import { startTestBot, TestBot } from '../../support/test-bot';

jest.setTimeout(120_000);

const clock = new ManualClock('2026-11-23T09:00:00Z');
let bot: TestBot;
let key = '';
let receiptId = '';

beforeAll(async () => {
  bot = await startTestBot({
    clock,
    config: { limits: { dmsPerPersonPerMinute: 6, mentionsPerComment: 5 }, tickets: { maxEvents: 30 } },
  });
  const out = await bot.say('anna', 'the printer in room 12 prints nothing');
  key = /INC-\d+/u.exec(TestBot.text(out))![0];
  receiptId = out[0].ref.messageId;
  await bot.say('oscar', `/ticket assign ${key} petra`);
});
afterAll(() => bot?.stop());

const text = TestBot.text;
const stored = () => Ticket.findOne({ key }).lean<TicketDoc>();
const commentNotes = async () => (await stored())!.events.filter((e) => e.kind === 'comment').map((e) => e.note);

test(
  'twelve replies in a minute: all on the case, the assignee gets six of them and one "holding back" ' + 'notice',
  async () => {
    const before = bot.dmsTo('petra').length;
    for (let i = 1; i <= 12; i++) {
      await bot.say('anna', `detail ${i}: the tray light blinks`, { thread: receiptId });
      expect(bot.dmsTo('anna').at(-1)!.msg.text).toBe(`Added to ${key}. Thanks!`);
    }
    expect(await commentNotes()).toEqual(
      Array.from({ length: 12 }, (_, i) => `detail ${i + 1}: the tray light blinks`),
    );
    const toPetra = bot
      .dmsTo('petra')
      .slice(before)
      .map((a) => a.msg.text);
    expect(toPetra).toEqual([
      ...Array.from({ length: 6 }, (_, i) => `Anna Berg commented on ${key}: detail ${i + 1}: the tray light blinks`),
      `There are more comments on ${key} (and perhaps other cases) than I send you in a minute, so I am holding ` +
        `further ones back for a moment. Nothing is lost: \`ticket show ${key}\` shows every comment.`,
    ]);
    expect(
      bot.logLines.filter((l) => l.includes('notifications to a person held back')).map((l) => JSON.parse(l).recipient),
    ).toEqual(['petra']);

    // A minute later her notifications flow again.
    clock.advance(60_000);
    await bot.say('anna', 'detail 13: now it works for a while', { thread: receiptId });
    expect(bot.dmsTo('petra').at(-1)!.msg.text).toBe(
      `Anna Berg commented on ${key}: detail 13: now it works for a while`,
    );
  },
);

test('a comment mentioning more than five people is refused and sends nothing; five are fine', async () => {
  const notes = await commentNotes();
  const sent = bot.sent.length;
  const six = await bot.say(
    'oscar',
    `/ticket comment ${key} @petra @ingrid @rolf @ada @carl @maria please all look at this`,
  );
  expect(text(six)).toBe(
    `That comment mentions 6 people; a comment goes to at most 5.\nMention fewer people (ask the others in a ` +
      `channel). Nothing was added to ${key}.`,
  );
  expect(bot.sent.length).toBe(sent + 1);
  expect(await commentNotes()).toEqual(notes);

  const five = await bot.say('oscar', `/ticket comment ${key} @petra @ingrid @rolf @ada @carl please look at this`);
  expect(text(five)).toContain(
    `Comment added to ${key}; sent to Petra Holm, Ingrid Lie, Rolf Eide, Ada Admin, Carl Aas.`,
  );
  expect(bot.dmsTo('carl').at(-1)!.msg.text).toContain('please look at this');
});

test('comments and thread replies longer than a report may be are refused; nothing is added', async () => {
  const notes = await commentNotes();
  const long = `the printer ${'x'.repeat(4000)}`;
  expect(text(await bot.say('anna', long, { thread: receiptId }))).toBe(
    `Your comment is ${long.length} characters long; I take comments of up to 4000.\nSay it in a few sentences, or ` +
      `in several comments. Nothing was added to ${key}.`,
  );
  expect(text(await bot.say('anna', `${key} ${long}`))).toMatch(
    /^Your comment is \d+ characters long; I take comments of up to 4000\./u,
  );
  expect(text(await bot.say('oscar', `/ticket comment ${key} ${long}`))).toMatch(
    /TEXT is longer than 4000 characters/u,
  );
  expect(await commentNotes()).toEqual(notes);
});

test(
  'a case takes comments up to its cap of entries, then refuses them and says so; staff can still close ' + 'it',
  async () => {
    const t = (await stored())!;
    for (let i = t.events.length; i < 30; i++) await bot.say('anna', `filler ${i}`, { thread: receiptId });
    expect((await stored())!.events).toHaveLength(30);
    expect(text(await bot.say('anna', 'one more thing', { thread: receiptId }))).toBe(
      `${key} holds 30 entries, the most a case can hold, so nothing more can be added to it.\nIf something new is ` +
        `wrong, report it as a new problem (without "${key}"); an operator can close ${key}.`,
    );
    expect(text(await bot.say('oscar', `/ticket comment ${key} any news?`))).toMatch(
      new RegExp(`^${key} holds 30 entries`, 'u'),
    );
    expect((await stored())!.events).toHaveLength(30);
    expect(text(await bot.say('oscar', `/ticket show ${key}`))).toContain(
      `${key} holds 30 entries, the most a case can hold: new comments are refused.`,
    );
    expect(text(await bot.say('oscar', `/ticket resolve ${key} replaced the fuser`))).toContain(`${key} is resolved.`);
  },
);
