/**
 * Model test of the roll-ups (src/tickets/case-rollups.ts): random histories of cases — reports
 * (some handled twice), status changes, assignments, escalations, priority and category edits,
 * reopenings, confirmations, known-error answers, first responses, problem links, by random people,
 * with roll-up writes retried, replayed late from an old copy of the case, and changes whose process
 * died between the case and its row (repaired by the pending sweep; for a new case, by its `reported:`
 * ref) — and after every step:
 *  - the newest roll-up row of every case equals the row made from the case as stored;
 *  - the digest figures and the 30-day and year `stats` read from the roll-ups equal those read
 *    from the tickets (the full aggregation).
 * It would catch a path that changes a counted field without writing the row, a row counted twice
 * or in its old month after it moved, a retried or late write overriding a newer row, a crash
 * leaving a case uncounted, and month-boundary mistakes (the clock jumps up to 12 days a step).
 * Not covered: two processes racing on one case (FerretDB does not arbitrate that for the case
 * either); the rows are versioned by the case's history length for it.
 * The seed is printed; rerun one with ROLLUP_MODEL_SEED=<seed>.
 */
import fc from 'fast-check';
import { ManualClock } from '../../../src/core/clock';
import type { Person } from '../../../src/people/person';
import { caseRow, CASE_ROW_FIELDS, type CaseRow, type RowSource } from '../../../src/tickets/case-row';
import { readAllRollups, writeRollup } from '../../../src/tickets/case-rollups';
import { markPending, sweepPending, PENDING_STALE_MS } from '../../../src/tickets/rollup-build';
import { Ticket, type TicketDoc } from '../../../src/tickets/ticket.model';
import { CaseRef, caseRefKeys } from '../../../src/tickets/case-ref.model';
import { sweepReported } from '../../../src/tickets/new-case-rollups';
import { PRIORITIES, TICKET_STATUSES, type TicketStatus } from '../../../src/tickets/ticket-status';
import { startTestBot, type TestBot } from '../../support/test-bot';

const clock = new ManualClock('2026-01-20T09:00:00Z');
let bot: TestBot;
let problemNumber = 0;
const snapshots: TicketDoc[] = [];

beforeAll(async () => {
  bot = await startTestBot({ clock, config: { digest: { chart: { enabled: false } } } });
  const oscar = bot.services.people.get('oscar')!;
  problemNumber = (await bot.services.problems.create(oscar, 'Printers drop jobs', 'Restart the spooler')).number;
}, 60_000);
afterAll(() => bot?.stop());

const person = (id: string): Person => bot.services.people.get(id)!;
const REPORTERS = ['anna', 'bjorn', 'ingrid'];
const ACTORS = ['anna', 'bjorn', 'ingrid', 'oscar', 'petra', 'ada'];
const TEXTS = [
  'printer jams in room 12',
  'wifi down in the library',
  'projector has no signal',
  'laptop will not boot',
];

type Op =
  | { kind: 'report'; who: number; text: number; source: number }
  | { kind: 'status'; pick: number; who: number; to: number }
  | { kind: 'assign'; pick: number; who: number; to: number }
  | { kind: 'escalate'; pick: number; who: number; to: number }
  | { kind: 'priority'; pick: number; who: number; to: number }
  | { kind: 'category'; pick: number; who: number; to: number }
  | { kind: 'reopen' | 'confirm' | 'workaround' | 'comment' | 'link' | 'autoclose'; pick: number; who: number }
  | { kind: 'retry' | 'late' | 'crash' | 'lost-report'; pick: number }
  | { kind: 'time'; minutes: number };

const pick = fc.nat(1000);
const who = fc.nat(ACTORS.length - 1);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('report' as const), who: fc.nat(2), text: fc.nat(3), source: fc.nat(40) }),
  },
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('status' as const), pick, who, to: fc.nat(TICKET_STATUSES.length - 1) }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('assign' as const), pick, who, to: fc.nat(1) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('escalate' as const), pick, who, to: fc.nat(1) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('priority' as const), pick, who, to: fc.nat(3) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('category' as const), pick, who, to: fc.nat(2) }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constantFrom(
        'reopen' as const,
        'confirm' as const,
        'workaround' as const,
        'comment' as const,
        'link' as const,
        'autoclose' as const,
      ),
      pick,
      who,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constantFrom('retry' as const, 'late' as const, 'crash' as const, 'lost-report' as const),
      pick,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('time' as const), minutes: fc.integer({ min: 1, max: 12 * 24 * 60 }) }),
  },
);

let sourceRun = 0;

async function apply(op: Op): Promise<void> {
  const tickets = bot.services.tickets;
  if (op.kind === 'time') return clock.advance(op.minutes * 60_000);
  if (op.kind === 'report') {
    const reporter = person(REPORTERS[op.who]);
    const t = await tickets.report({
      person: reporter,
      text: TEXTS[op.text],
      conversation: { platform: 'test', channel: `dm:${reporter.id}`, direct: true },
      messageId: `m${sourceRun}-${op.source}`,
      // A small pool of deliveries: the same one handled again finds its case.
      source: `test|${sourceRun}-${op.source}`,
    });
    snapshots.push(t);
    return;
  }
  if (op.kind === 'lost-report') {
    // A case logged by a process that died before writing its row: its `reported:` ref has it written.
    const n = 100_000 + (await Ticket.countDocuments());
    const t = await Ticket.create({
      number: n,
      key: `INC-${n}`,
      source: `lost|${n}`,
      reporterId: 'anna',
      reporterName: 'Anna',
      school: 'nordby',
      title: 'lost report',
      text: 'lost report',
      category: 'printing',
      priority: PRIORITIES[op.pick % 4],
      conversation: { platform: 'test', channel: 'dm:anna', direct: true },
      events: [{ at: clock.now(), actorId: 'anna', kind: 'created' }],
      createdAt: clock.now(),
    });
    await CaseRef.create({ _id: caseRefKeys.reported(t._id), ticketId: t._id, at: clock.now() });
    await sweepReported();
    return;
  }
  const all = await Ticket.find().sort({ number: 1 }).lean<TicketDoc[]>();
  if (!all.length) return;
  const t = all[op.pick % all.length];
  if (op.kind === 'retry') return writeRollup(t);
  if (op.kind === 'late') {
    // A write of an older copy of some case arrives late (a slow process): the newer row stands.
    const old = snapshots[op.pick % snapshots.length];
    return old ? writeRollup(old) : undefined;
  }
  if (op.kind === 'crash') {
    // The case changes and the process dies before its row is written: the sweep writes it.
    await markPending(t._id, clock.now());
    const to = t.status === 'new' ? 'in-progress' : t.status === 'in-progress' ? 'resolved' : 'new';
    const set = to === 'resolved' ? { status: to, resolvedAt: clock.now() } : { status: to };
    await Ticket.updateOne(
      { _id: t._id },
      { $set: set, $push: { events: { at: clock.now(), actorId: 'x', kind: 'status', to } } },
    );
    clock.advance(PENDING_STALE_MS + 1);
    await sweepPending(clock.now());
    return;
  }
  const actor = person(ACTORS[(op as { who: number }).who]);
  const staff = [person('oscar'), person('petra')];
  const run = async (): Promise<unknown> => {
    switch (op.kind) {
      case 'status':
        return tickets.setStatus(t, actor, TICKET_STATUSES[op.to] as TicketStatus);
      case 'assign':
        return tickets.assign(t, actor, staff[op.to]);
      case 'escalate':
        return tickets.escalate(t, actor, staff[op.to], 'needs the network team');
      case 'priority':
        return tickets.setPriority(t, actor, PRIORITIES[op.to]);
      case 'category':
        return tickets.setCategory(t, actor, ['printing', 'network', 'hardware'][op.to]);
      case 'reopen':
        return tickets.reopen(t, actor, 'still broken');
      case 'confirm':
        return tickets.confirm(t, actor);
      case 'workaround':
        return tickets.solveByWorkaround(t, actor, `PRB-${problemNumber}`);
      case 'comment':
        return tickets.comment(t, actor, 'looking at it');
      case 'link':
        return bot.services.problems.link(person('oscar'), problemNumber, [t.number]);
      case 'autoclose':
        return t.status === 'resolved' ? tickets.closeUnconfirmed(t, actor, 'auto', { text: 'closed' }) : undefined;
    }
  };
  // Refusals (a case already closed, a move the status rules forbid) change nothing: part of the model.
  await run().catch((err: { code?: string }) => {
    if (!err.code) throw err;
  });
  const after = await Ticket.findById(t._id).lean<TicketDoc>();
  if (after) snapshots.push(after);
}

const withoutV = ({ v: _v, ...rest }: CaseRow) => rest;

async function check(): Promise<void> {
  const tickets = await Ticket.find({}, CASE_ROW_FIELDS).lean<RowSource[]>();
  const expected = tickets.map((t) => withoutV(caseRow(t))).sort((a, b) => a._id.localeCompare(b._id));
  const rolled = (await readAllRollups()).map(withoutV).sort((a, b) => a._id.localeCompare(b._id));
  expect(rolled).toEqual(expected);
  const now = clock.now();
  const since = new Date(now.getTime() - 3 * 86_400_000);
  const digest = bot.services.digest;
  expect(await digest.figures(now, since, 'rollups')).toEqual(await digest.figures(now, since, 'tickets'));
  const stats = bot.services.stats;
  for (const typed of ['30d', '2026']) {
    const period = stats.period(typed);
    expect(await stats.incidents(period, 'rollups')).toEqual(await stats.incidents(period, 'tickets'));
  }
}

test('the roll-ups equal a full aggregation of the cases after every step of random histories', async () => {
  const seed = Number(process.env.ROLLUP_MODEL_SEED ?? Date.now() % 2 ** 31);
  console.log(`roll-up model test seed: ${seed} (rerun with ROLLUP_MODEL_SEED=${seed})`);
  await fc.assert(
    fc.asyncProperty(fc.array(opArb, { minLength: 5, maxLength: 18 }), async (ops) => {
      sourceRun++;
      for (const op of ops) {
        await apply(op);
        await check();
      }
    }),
    { seed, numRuns: Number(process.env.ROLLUP_MODEL_RUNS ?? 6), endOnFailure: true },
  );
}, 240_000);
