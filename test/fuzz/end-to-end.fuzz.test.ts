/**
 * A share of the fuzz end to end: hostile commands, reports and reactions from people in every role
 * through the whole bot (intake, de-duplication, router, handlers) on a real database.
 *
 * Properties: the intake never throws; every addressed message gets an answer and never the
 * internal-error text; a refused input leaves every collection but the delivery receipts exactly
 * as it was; cases stay well-formed.
 */
import fc from 'fast-check';
import type { MessageRef } from '../../src/chat/conversation-ref';
import { PRIORITIES, TICKET_STATUSES } from '../../src/tickets/ticket-status';
import { Ticket } from '../../src/tickets/ticket.model';
import { startTestBot, TestBot } from '../support/test-bot';
import { dataSnapshot, watchWrites } from './db-snapshot';
import { dropTestDb, testDbUri } from '../support/db';
import { FUZZ_SEED, commandText, plainText, reaction, replayHint, user } from './inputs';

const NUM_RUNS = Number(process.env.OPSDESK_FUZZ_E2E_RUNS ?? 500);
const INTERNAL = /something went wrong on my side|reference [0-9a-f]{8}/u;

let bot: TestBot;
let uri: string;
const targets: MessageRef[] = [];

beforeAll(async () => {
  // Command monitoring shows every write an input causes (see watchWrites).
  uri = `${testDbUri()}?monitorCommands=true`;
  bot = await startTestBot({ mongoUri: uri });
  for (const [who, text] of [
    ['anna', 'the printer in room 12 prints nothing'],
    ['bjorn', 'wifi drops in the library'],
    ['ingrid', 'projector in room 3 is dark'],
  ]) {
    const out = await bot.say(who, text);
    targets.push(out[0].ref);
  }
  await bot.say('oscar', '/ticket assign INC-1 me');
}, 60_000);

afterAll(async () => {
  await bot?.stop();
  if (uri) await dropTestDb(uri);
});

interface LogLine {
  msg: string;
  eventId?: string;
  code?: string;
}

function linesFor(eventId: string, from: number): LogLine[] {
  return bot.logLines
    .slice(from)
    .map((l) => JSON.parse(l) as LogLine)
    .filter((l) => l.eventId === eventId);
}

type Input =
  | { kind: 'message'; who: string; text: string; direct: boolean }
  | { kind: 'reaction'; who: string; emoji: string; target: number; action: 'added' | 'removed' };

const input: fc.Arbitrary<Input> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({ kind: fc.constant('message' as const), who: user, text: commandText, direct: fc.boolean() }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('message' as const), who: user, text: plainText, direct: fc.boolean() }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('reaction' as const),
      who: user,
      emoji: reaction,
      target: fc.nat(9),
      action: fc.constantFrom('added' as const, 'removed' as const),
    }),
  },
);

test(
  `${NUM_RUNS} hostile inputs through the whole bot: answered, never an internal error, refusals change ` + `nothing`,
  async () => {
    const tally: Record<string, number> = {};
    let seq = 0;
    const before = await dataSnapshot();
    const watch = watchWrites();
    let writesSeen = 0;
    try {
      await fc.assert(
        fc.asyncProperty(input, async (inp) => {
          const eventId = `fuzz-${++seq}`;
          const logFrom = bot.logLines.length;
          watch.writes.length = 0;
          const target: MessageRef = targets[inp.kind === 'reaction' ? inp.target % targets.length : 0] ?? {
            platform: 'test',
            channel: 'dm:anna',
            messageId: 'nope',
          };
          const out =
            inp.kind === 'message'
              ? await bot.say(inp.who, inp.text, {
                  direct: inp.direct,
                  channel: inp.direct ? undefined : '#operators',
                  eventId,
                })
              : await bot.react(
                  inp.who,
                  inp.kind === 'reaction' && inp.target >= targets.length
                    ? { ...target, messageId: `x${inp.target}` }
                    : target,
                  inp.emoji,
                  inp.action,
                  eventId,
                );
          const lines = linesFor(eventId, logFrom);
          expect(lines.filter((l) => l.msg === 'handler failed')).toEqual([]);
          expect(TestBot.text(out)).not.toMatch(INTERNAL);
          if (inp.kind === 'message' && inp.text.trim()) expect(out.length).toBeGreaterThan(0);
          const refused = lines.some((l) => l.msg === 'refused');
          // A refusal, or a reaction on something that is not an RFC card, writes nothing.
          if (refused || inp.kind === 'reaction')
            expect({ input: inp, writes: watch.writes }).toEqual({ input: inp, writes: [] });
          writesSeen += watch.writes.length;
          const key = refused ? 'refused' : `${inp.kind}:ok`;
          tally[key] = (tally[key] ?? 0) + 1;
        }),
        { seed: FUZZ_SEED, numRuns: NUM_RUNS, endOnFailure: true },
      );
    } catch (err) {
      throw new Error(`${replayHint(FUZZ_SEED)}\n${(err as Error).message.slice(0, 4000)}`);
    } finally {
      watch.stop();
    }
    // The watch works: accepted inputs wrote (cases, comments), and the data did change overall.
    expect(writesSeen).toBeGreaterThan(0);
    expect(await dataSnapshot()).not.toBe(before);
    // Not vacuous: many refusals were compared, and many inputs got through to the domain.
    expect(tally.refused).toBeGreaterThan(NUM_RUNS / 5);
    expect(tally['message:ok']).toBeGreaterThan(NUM_RUNS / 20);
    expect(tally['reaction:ok']).toBeGreaterThan(NUM_RUNS / 20);

    const tickets = await Ticket.find().lean();
    expect(tickets.length).toBeGreaterThanOrEqual(3);
    for (const t of tickets) {
      expect(t.key).toBe(`INC-${t.number}`);
      expect(TICKET_STATUSES).toContain(t.status);
      expect(PRIORITIES).toContain(t.priority);
      expect(typeof t.reporterId).toBe('string');
      expect(typeof t.text).toBe('string');
      expect(t.title.length).toBeGreaterThan(0);
    }
    // Case numbers stay a gap-free sequence despite refused reports.
    expect(tickets.map((t) => t.number).sort((a, b) => a - b)).toEqual(tickets.map((_, i) => i + 1));
  },
  300_000,
);
