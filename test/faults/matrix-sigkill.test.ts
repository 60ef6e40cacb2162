/**
 * A real opsdesk process on a real Synapse, killed with SIGKILL in the middle of a burst of 20
 * reports in two teachers' DMs, and restarted; several rounds on the same homeserver and rooms
 * (test/faults/matrix-kill-rounds.ts). The sync token had not moved past the burst, so the
 * restarted process reads it again: what the dead one finished is a duplicate, what it held when
 * it died (claimed, maybe answered, not marked done) is taken over once its heartbeat is stale, and
 * the receipt it may already have posted is not posted again (the transaction id comes from the
 * report's event, and the case records its receipt). Meanwhile the rest of the batch and other
 * rooms are answered: a held event does not stall the bot.
 *
 * Every report: exactly one case and one receipt. The time from the restart to the first answer
 * (a report, or an operator's command in another room) is measured and bounded; the restart bench
 * (test/bench/restart.ts) records it beside Slack's.
 */
import { Ticket } from '../../src/tickets/ticket.model';
import { testDbUri } from '../support/db';
import { sleep } from './bot-process';
import { MatrixKillRig, REPORTS_PER_ROUND, type RoundResult } from './matrix-kill-rounds';

/**
 * Rounds of burst, kill, restart: the ten by default (`OPSDESK_KILL_ROUNDS` for fewer while working). Ten
 * took 258 s at load average 11 and 595 s at 19–21 on the shared 2-core machine (docs/operations.md); CI runs them,
 * as the kill-once-in-a-while faults are what the rounds are for.
 */
const ROUNDS = Number(process.env.OPSDESK_KILL_ROUNDS ?? 10);
/**
 * Restart until the first answer, and ready until the first answer (docs/operations.md, "Bounds").
 * The process start alone took up to 23 s at load 20, so the first bound is wide; the second is
 * what a held event would stall (7–15 s with nothing answered, before).
 */
const FIRST_ANSWER_BOUND_MS = 45_000;
const FIRST_AFTER_READY_BOUND_MS = 20_000;
/** Restart until every report of the round is answered: the held one waits for the stale heartbeat (10 s). */
const ALL_ANSWERED_BOUND_MS = 90_000;

describe('SIGKILL during a burst of Matrix reports', () => {
  let rig: MatrixKillRig;

  beforeAll(async () => {
    rig = await MatrixKillRig.start(testDbUri('matrixkill'));
  }, 180_000);

  afterAll(async () => {
    await rig?.stop();
  }, 60_000);

  it(`every report gets one case and one receipt, and the bot answers soon after each restart (${ROUNDS} rounds)`, async () => {
    const results: RoundResult[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      // Receipts seen before the kill: 2, 5, 8, 4, 7, 3, 6, 2, … (early, middle and late in the burst).
      results.push(await rig.round(round, 2 + ((round * 3) % 7)));
      if (process.env.OPSDESK_FAULTS_REPORT) {
        const since = Date.now() - results.at(-1)!.allAnsweredMs;
        const lines = rig.bot.lines.filter((l) => Number(l.time) >= since).slice(0, 30);
        console.log(JSON.stringify(lines.map((l) => [Number(l.time) - since, l.msg])));
      }
    }
    await sleep(3000); // a second receipt, if any were coming, would be here by now
    const receipts = await rig.allReceipts();
    const tickets = await Ticket.find({}, { key: 1, source: 1 }).lean();
    const reports = results.flatMap((r) => r.reports);
    if (process.env.OPSDESK_FAULTS_REPORT)
      console.log(
        JSON.stringify({
          readies: results.map((r) => r.readyMs),
          firstAnswers: results.map((r) => r.firstAnswerMs),
          firstAfterReady: results.map((r) => r.firstAfterReadyMs),
          allAnswered: results.map((r) => r.allAnsweredMs),
        }),
      );
    const missing = reports.filter((id) => !tickets.some((t) => t.source === `matrix|${id}`));
    if (missing.length)
      console.log(JSON.stringify({ missing, warnings: rig.bot.lines.filter((l) => (l.level ?? 0) >= 40).slice(-20) }));
    for (const eventId of reports) expect(tickets.filter((t) => t.source === `matrix|${eventId}`)).toHaveLength(1);
    expect(tickets).toHaveLength(ROUNDS * REPORTS_PER_ROUND);
    expect([...receipts].sort()).toEqual(tickets.map((t) => t.key).sort()); // one receipt per case, none twice
    for (const r of results) expect(r.firstAnswerMs).toBeLessThan(FIRST_ANSWER_BOUND_MS);
    for (const r of results) expect(r.firstAfterReadyMs).toBeLessThan(FIRST_AFTER_READY_BOUND_MS);
    for (const r of results) expect(r.allAnsweredMs).toBeLessThan(ALL_ANSWERED_BOUND_MS);
  }, 900_000);
});
