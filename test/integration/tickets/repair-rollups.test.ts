/**
 * `opsdesk repair` rebuilds the roll-ups the digest and `stats` read from the cases (a full read):
 * cases written without roll-up rows (as before an upgrade, or a lost row) are counted again, and
 * a row left over for a case that no longer matches is replaced. Would catch a repair that skips
 * the roll-ups, keeps stale rows, or a digest that reads anything but the rebuilt rows.
 */
import { Command } from 'commander';
import { ManualClock } from '../../../src/core/clock';
import { register as registerRepair } from '../../../src/cli/repair';
import { readAllRollups, ROLLUP_OPEN, rollupCollection } from '../../../src/tickets/case-rollups';
import { unpackRow } from '../../../src/tickets/row-pack';
import { Ticket } from '../../../src/tickets/ticket.model';
import { fixtureDoc, insertCases } from '../digest/make-tickets';
import { startTestBot, testConfig, type TestBot } from '../../support/test-bot';

const clock = new ManualClock('2026-03-10T09:00:00Z');
let bot: TestBot;
const lines: string[] = [];
const repair = () => {
  const program = new Command().exitOverride();
  registerRepair(program, {
    resolveConfig: () => ({ config: testConfig() }),
    connect: async () => async () => undefined,
    print: (l: string) => lines.push(l),
  });
  return program.parseAsync(['node', 'opsdesk', 'repair']);
};

beforeAll(async () => {
  bot = await startTestBot({ clock, config: { digest: { chart: { enabled: false } } } });
}, 60_000);
afterAll(() => bot?.stop());

test('repair rebuilds the roll-ups from the cases; the digest counts what the cases say', async () => {
  await insertCases([
    { number: 1, createdAt: '2026-03-09T08:00:00Z', priority: 'P1', school: 'nordby' },
    { number: 2, createdAt: '2026-02-20T08:00:00Z', status: 'resolved', resolvedAt: '2026-03-09T12:00:00Z' },
  ]);
  // Written behind the roll-ups' back: a case with no row, and case 1 closed without its row moving.
  await Ticket.collection.insertOne(fixtureDoc({ number: 3, createdAt: '2026-03-10T07:00:00Z', priority: 'P2' }));
  await Ticket.updateOne({ number: 1 }, { $set: { status: 'closed', closedAt: new Date('2026-03-10T08:00:00Z') } });
  expect((await bot.services.digest.figures(clock.now())).open.total).toBe(1);

  await repair();
  expect(lines).toContain('roll-ups rebuilt from 3 cases');
  const rows = await readAllRollups();
  expect(rows.map((r) => [r.key, r.status]).sort()).toEqual([
    ['INC-1', 'closed'],
    ['INC-2', 'resolved'],
    ['INC-3', 'new'],
  ]);
  const open = await rollupCollection(ROLLUP_OPEN).find({}).toArray();
  expect(open.map((r) => unpackRow(r).key)).toEqual(['INC-3']);
  const f = await bot.services.digest.figures(clock.now(), new Date('2026-03-09T00:00:00Z'));
  expect(f.open).toMatchObject({ total: 1, byPriority: { P1: 0, P2: 1, P3: 0, P4: 0 } });
  expect(f.resolvedSince).toBe(1);
});
