/**
 * A report whose insert is cut off by the database going away: before the server got it (nothing stored), or after
 * (stored, the answer lost: a restart in the middle of the command). The reporter gets the receipt of the one case
 * stored for the report, not "something went wrong, try again" beside a case nobody told them about, and the case
 * numbers stay without a gap or a repeat.
 * Would catch a reporter told to try again though the case exists (CI's db-restart test, under load; the insert is
 * now tried again while the database cannot be reached, and the same case again finds the stored one), and a gap or a
 * repeat in the case numbers around the cuts. (An insert shared by several reports and cut off is group-insert's test.)
 */
import { Ticket } from '../../../src/tickets/ticket.model';
import { cuttingProxy, type CuttingProxy } from '../../support/cutting-proxy';
import { dropTestDb, testDbUri } from '../../support/db';
import { startTestBot, TestBot } from '../../support/test-bot';

let proxy: CuttingProxy;
let bot: TestBot;
let direct: string;

beforeAll(async () => {
  direct = testDbUri('replylost');
  const u = new URL(direct);
  proxy = await cuttingProxy({ host: u.hostname, port: Number(u.port) });
  bot = await startTestBot({ mongoUri: proxy.through(direct) });
});
afterAll(async () => {
  await bot?.stop();
  await proxy?.close();
  await dropTestDb(direct);
});

test.each(['before', 'after'] as const)(
  'a report whose insert is cut off %s the database gets it: one case, and the reporter gets its receipt',
  async (when) => {
    const text = `Projector in room ${when === 'before' ? 4711 : 4712} shows nothing`;
    const cutsBefore = proxy.cuts;
    proxy.arm(when, text);
    const replies = TestBot.text(await bot.say('anna', text));
    expect(proxy.cuts - cutsBefore).toBe(1);
    const cases = await Ticket.find({ text }).lean();
    expect(cases.map((c) => c.text)).toEqual([text]);
    expect(replies).toContain(`Logged as *${cases[0].key}*`);
    expect(replies).not.toContain('went wrong');
  },
);

test('the case numbers after the cuts: no gap, no repeat', async () => {
  const next = TestBot.text(await bot.say('anna', 'The printer in the library jams'));
  const numbers = (await Ticket.find({}, { number: 1 }).lean()).map((t) => t.number).sort((a, b) => a - b);
  expect(numbers).toEqual([1, 2, 3]);
  expect(next).toContain('Logged as *INC-');
});
