import { startTestBot, TestBot } from '../../support/test-bot';
import { Ticket } from '../../../src/tickets/ticket.model';

let bot: TestBot;

beforeAll(async () => {
  bot = await startTestBot();
});

afterAll(async () => {
  await bot?.stop();
});

const text = TestBot.text;

test('a DM becomes a case; the receipt names number, category and priority', async () => {
  const out = await bot.say('anna', 'the printer in room 12 prints nothing');
  expect(text(out)).toMatch(/Logged as \*INC-\d+\* \(printing, P3 normal\)/);
  const t = await Ticket.findOne({ reporterId: 'anna' }).lean();
  expect(t?.category).toBe('printing');
  expect(t?.school).toBe('nordby');
  expect(text(out)).toContain(t!.key);
});

test('exam and whole-school words raise the priority', async () => {
  const out = await bot.say('bjorn', 'nobody can log in on the whole school network and the exam starts today');
  expect(text(out)).toMatch(/P1 critical/);
});

test('the same delivery three times makes one case', async () => {
  const before = await Ticket.countDocuments();
  for (let i = 0; i < 3; i++)
    await bot.say('anna', 'projector in room 3 is broken', { eventId: 'dup-1', messageId: 'dupmsg' });
  expect(await Ticket.countDocuments()).toBe(before + 1);
});

test('200 reports at once get 200 numbers without gaps or repeats', async () => {
  const before = await Ticket.find().sort({ number: -1 }).limit(1).lean();
  const start = before[0]?.number ?? 0;
  await Promise.all(
    Array.from({ length: 200 }, (_, i) =>
      bot.say(i % 2 ? 'anna' : 'bjorn', `burst report ${i}: the wifi in room ${i} drops`),
    ),
  );
  const burst = await Ticket.find({ number: { $gt: start } })
    .sort({ number: 1 })
    .lean();
  expect(burst).toHaveLength(200);
  expect(burst.map((t) => t.number)).toEqual(Array.from({ length: 200 }, (_, i) => start + i + 1));
});

test('bad input gets a clear answer and changes nothing', async () => {
  const count = await Ticket.countDocuments();
  const snapshot = JSON.stringify(await Ticket.find().sort({ number: 1 }).lean());
  const answers = [
    [await bot.say('oscar', '/tickt list'), /Did you mean `\/ticket`\?/],
    [await bot.say('oscar', '/ticket assign'), /CASE is missing[\s\S]*Usage: \/ticket assign CASE PERSON/],
    [await bot.say('oscar', '/ticket show INC-999999'), /INC-999999 is not a case you can see/],
    [await bot.say('bjorn', '/ticket show INC-1'), /INC-1 is not a case you can see/],
    [await bot.say('oscar', '/ticket assign {"$gt": ""} me'), /CASE: expected a case number/],
    [await bot.say('oscar', '/ticket list school {"$gt":""}'), /No cases at \{\$gt:\}\.|0 case/],
    [await bot.say('anna', '/ticket assign INC-1 me'), /is for: operator, admin/],
    [await bot.say('anna', 'x'.repeat(100_000)), /100000 characters long/],
    [await bot.say('oscar', '/ticket status INC-1 "unclosed'), /quote is not closed/],
  ] as const;
  for (const [out, expected] of answers) expect(text(out as never)).toMatch(expected);
  expect(await Ticket.countDocuments()).toBe(count);
  expect(JSON.stringify(await Ticket.find().sort({ number: 1 }).lean())).toBe(snapshot);
});

test('help lists commands and an unknown word gets a hint', async () => {
  expect(text(await bot.say('oscar', '/help'))).toContain('/ticket');
  expect(text(await bot.say('oscar', '/help ticket'))).toContain('/ticket escalate CASE PERSON REASON');
  expect(text(await bot.say('oscar', '/ticket asign INC-1 me'))).toMatch(/Did you mean `\/ticket assign`\?/);
});
