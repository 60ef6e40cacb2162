/**
 * Cases logged before thread links existed: a reply in their thread is still a comment (found by
 * `threadIds` until repaired), `opsdesk repair`'s linking writes their links and the marker that
 * lets the bot trust links alone, and the case number mark is rebuilt from the highest case. Would
 * catch an upgrade that loses replies to old cases, or numbers handed out again after a lost counter.
 */
import { Counter } from '../../../src/db/counter';
import { CaseRef } from '../../../src/tickets/case-ref.model';
import { IncidentNumbers } from '../../../src/tickets/incident-numbers';
import { linkAllThreads, threadsLinked } from '../../../src/tickets/thread-links';
import { Ticket, type TicketDoc } from '../../../src/tickets/ticket.model';
import { dropTestDb, startTestBot, type TestBot } from '../../support/test-bot';

let bot: TestBot;

beforeAll(async () => {
  bot = await startTestBot();
});
afterAll(async () => {
  await bot?.stop();
  await dropTestDb(bot.mongoUri);
});

test('an old case without links: replies still reach it, repair links it, numbers follow the highest case', async () => {
  // A fresh database is marked linked at start; an upgraded one with older cases is not.
  expect(await threadsLinked()).toBe(true);
  await CaseRef.deleteMany({});
  const at = new Date();
  await Ticket.collection.insertOne({
    number: 41,
    key: 'INC-41',
    source: 'test|old-41',
    reporterId: 'anna',
    reporterName: 'Anna Berg',
    title: 'the old printer',
    text: 'the old printer',
    category: 'printing',
    priority: 'P3',
    status: 'new',
    conversation: { platform: 'test', channel: 'dm:anna', direct: true },
    threadIds: ['test|dm:anna|old-msg-41'],
    events: [{ at, actorId: 'anna', actorName: 'Anna Berg', kind: 'created', note: 'the old printer' }],
    createdAt: at,
  });
  // The bot upgraded onto this database: it starts again on it.
  const first = bot;
  await first.stop({ keepDb: true });
  bot = await startTestBot({ mongoUri: first.mongoUri });
  expect(await threadsLinked()).toBe(false);
  await bot.say('anna', 'still jams', { thread: 'old-msg-41' });
  expect((await Ticket.findOne({ number: 41 }).lean<TicketDoc>())!.events.map((e) => e.note)).toContain('still jams');

  expect(await linkAllThreads()).toBe(1);
  expect(await threadsLinked()).toBe(true);
  expect(await CaseRef.exists({ _id: 'thread:test|dm:anna|old-msg-41' })).toBeTruthy();
  await bot.say('anna', 'and smells burnt', { thread: 'old-msg-41' });
  expect((await Ticket.findOne({ number: 41 }).lean<TicketDoc>())!.events.map((e) => e.note)).toContain(
    'and smells burnt',
  );

  await Counter.deleteMany({ _id: 'incident' });
  expect(await new IncidentNumbers().repair()).toBe(41);
  expect((await Counter.findById('incident').lean<{ seq: number }>())?.seq).toBe(41);
});
