/**
 * The path of a report costs a fixed number of database round trips, none of them a scan on
 * FerretDB: counted with the MongoDB driver's command monitoring around one DM report (the
 * delivery's receipt, the sender's fold marks, the rate token, the case, its thread links, mark,
 * receipt and recent-report refs, the delivery done; known errors come from a cache). It would
 * catch a regression that adds a round trip, a find by a field other than `_id`, or an update
 * (FerretDB reads the whole collection for both), e.g. a lookup before the case's insert, an
 * update of the receipt or the case, or the RFC dialogue's look-up for someone with no dialogue
 * open. The case's roll-up row is written off the path (one insert for the reports of half a second).
 * Then: a reply in the receipt's thread is a comment (its link was written).
 */
import { Ticket, type TicketDoc } from '../../../src/tickets/ticket.model';
import { isEventDone } from '../../../src/bot/event-claim';
import { flushNewCases, ROLLUP_OPEN, rollupCollection } from '../../../src/tickets/case-rollups';
import { unpackRow } from '../../../src/tickets/row-pack';
import { commandsDuring, describeCommand, monitoredDbUri } from '../../support/command-monitor';
import { dropTestDb } from '../../support/db';
import { startTestBot, type TestBot } from '../../support/test-bot';

let bot: TestBot;
let uri: string;

beforeAll(async () => {
  uri = monitoredDbUri();
  // The limits at their defaults (the fixture turns them off): folding and the rate tokens are on the path.
  const limits = { reportsPerPerson: { count: 5 }, reportsPerOrigin: { count: 20 }, foldSeconds: 120 };
  bot = await startTestBot({ mongoUri: uri, config: { limits: { ...limits, dmsPerPersonPerMinute: 6 } } });
  // Its refresh runs on a timer, off the path of a message; stopped so it cannot fall in the window.
  bot.services.changes.dialogues.stop();
});
afterAll(async () => {
  await bot?.stop();
  await dropTestDb(uri);
});

test('a DM report: at most 6 round trips, each an insert or a find by _id', async () => {
  // The first message of a process also starts its heartbeat, and the first report of a school in a
  // process reads that school's recent reports (similar reports are noticed): not part of every report.
  await bot.say('ingrid', 'warming up: the projector in room 2 flickers');
  let out: Awaited<ReturnType<TestBot['say']>> = [];
  // The heartbeat is written on its own timer every 2 s, and new cases' roll-up rows on theirs (one
  // insert per half second for all reports of that time, checked below): not part of a report.
  const commands = await commandsDuring(async () => {
    out = await bot.say('anna', 'the printer in room 12 prints blank pages');
  }, ['heartbeats', ROLLUP_OPEN]);
  expect(out.map((a) => a.msg.text)).toEqual([expect.stringMatching(/^Logged as \*INC-\d+\*/u)]);
  const described = commands.map(describeCommand);
  console.log(`round trips of one report (${commands.length}):\n  ${described.join('\n  ')}`);
  expect(commands.length).toBeLessThanOrEqual(6);
  for (const e of commands) {
    expect([describeCommand(e), ['insert', 'find'].includes(e.commandName)]).toEqual([describeCommand(e), true]);
    if (e.commandName === 'find') expect(describeCommand(e)).toMatch(/\["_id"\]$/u);
  }
  const t = await Ticket.findOne({ reporterId: 'anna' }).lean<TicketDoc>();
  expect(t?.title).toBe('the printer in room 12 prints blank pages');
  // Its roll-up row is written off the path: the digest counts it.
  await flushNewCases();
  const row = await rollupCollection(ROLLUP_OPEN).findOne({ _id: String(t?._id) });
  expect(row && unpackRow(row)).toMatchObject({ status: 'new' });
});

test("the case's numbers follow on, the delivery is done, and a reply in the receipt's thread is a comment", async () => {
  const before = await Ticket.countDocuments();
  const out = await bot.say('carl', 'the beamer in room 4 is dark', { eventId: 'ev-carl-1' });
  const receipt = out.find((a) => a.action === 'post' && a.msg.text.startsWith('Logged as'));
  expect(receipt).toBeDefined();
  expect(await isEventDone('test', 'ev-carl-1')).toBe(true);
  const t = await Ticket.findOne({ source: 'test|ev-carl-1' }).lean<TicketDoc>();
  expect(t!.number).toBe(before + 1);
  // The same delivery again is a duplicate: nothing more logged or answered.
  expect(await bot.say('carl', 'the beamer in room 4 is dark', { eventId: 'ev-carl-1' })).toEqual([]);
  await bot.say('carl', 'it shows no signal', { thread: receipt!.ref.messageId });
  const after = await Ticket.findById(t!._id).lean<TicketDoc>();
  expect(after!.events.map((e) => e.note)).toContain('it shows no signal');
  expect(await Ticket.countDocuments()).toBe(before + 1);
});
