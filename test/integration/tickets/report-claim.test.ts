/**
 * One delivery, one case, across processes: the case's unique `source` decides who logs it (the
 * delivery's receipt claim already lets only one process handle it, but for a takeover of a slow
 * one). The loser returns the winner's case (no error to the reporter, no case number used up),
 * and a `report:` claim left by a process before this change does not keep the report from being logged.
 */
import { claimOnce } from '../../../src/db/claim-once';
import { Ticket } from '../../../src/tickets/ticket.model';
import { startTestBot, type TestBot } from '../../support/test-bot';

let bot: TestBot;

beforeAll(async () => {
  bot = await startTestBot();
});
afterAll(() => bot?.stop());

function reportOnce(source: string, text: string) {
  return bot.services.tickets.report({
    person: bot.services.people.get('anna')!,
    text,
    conversation: { platform: 'test', channel: 'anna', direct: true },
    messageId: source,
    source,
  });
}

test('two handlers of one delivery at the same moment: one case, all get it, and the case numbers have no gap', async () => {
  const results = await Promise.all([1, 2, 3].map(() => reportOnce('test|race-1', 'the beamer in room 4 is dark')));
  expect(new Set(results.map((t) => t.key)).size).toBe(1);
  expect(await Ticket.countDocuments({ source: 'test|race-1' })).toBe(1);
  const next = await reportOnce('test|race-2', 'the beamer in room 5 is dark too');
  const third = await reportOnce('test|race-3', 'the beamer in room 6 is dark as well');
  // The losers gave their numbers back, so later cases take them: whichever of the three handlers won (its
  // insert may land first with number 3), the three cases have numbers 1, 2, 3 — no gap, no repeat.
  const numbers = [results[0].number, next.number, third.number].sort((a, b) => a - b);
  expect(numbers).toEqual([1, 2, 3]);
});

test('an old report claim whose winner died before logging the case: the redelivery logs it, once', async () => {
  expect(await claimOnce('report:test|orphan-1', 'a-process-that-died')).toBe(true);
  const started = Date.now();
  const t = await reportOnce('test|orphan-1', 'the smartboard pen does not write');
  expect(t.title).toBe('the smartboard pen does not write');
  expect(Date.now() - started).toBeLessThan(15_000);
  expect(await Ticket.countDocuments({ source: 'test|orphan-1' })).toBe(1);
  expect((await reportOnce('test|orphan-1', 'the smartboard pen does not write')).key).toBe(t.key);
});
