/**
 * A real opsdesk process on a real Synapse, killed with SIGKILL in the middle of a burst of 20
 * reports in two teachers' DMs, and restarted; several rounds. The sync token had not moved past
 * the burst, so the restarted process reads it again: what the dead one finished is a duplicate,
 * what it held when it died (claimed, maybe answered, not marked done) is taken over once its
 * heartbeat is stale, and the receipt it may already have posted is not posted again (the
 * transaction id comes from the report's event, and the case records its receipt). Meanwhile the
 * rest of the batch and other rooms are answered: a held event does not stall the bot.
 *
 * Every report: exactly one case and one receipt. The time from the restart to the first answer
 * (a report, or an operator's command in another room) is measured and bounded.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { Ticket } from '../../src/tickets/ticket.model';
import { MatrixUser, messagesFrom, type RoomEvent, waitForJoin } from '../e2e/matrix/matrix-user';
import { testDbUri } from '../support/db';
import { startSynapse, type SynapseServer, type SynapseUser } from '../platforms/synapse';
import { type BotProcess, sleep } from './bot-process';
import { matrixBotProcess } from './matrix-bot-process';

const REPORTS = 20;
/** Rounds of burst, kill, restart: 3 by default (about 30 s each here); OPSDESK_KILL_ROUNDS for more. */
const ROUNDS = Number(process.env.OPSDESK_KILL_ROUNDS ?? 3);
/** Restart until the first answer (docs/operations.md, "Bounds"). */
const FIRST_ANSWER_BOUND_MS = 30_000;
/** Restart until every report of the round is answered: the held one waits for the stale heartbeat (10 s). */
const ALL_ANSWERED_BOUND_MS = 90_000;

describe('SIGKILL during a burst of Matrix reports', () => {
  let hs: SynapseServer;
  let botAccount: SynapseUser;
  let teachers: MatrixUser[];
  let oscar: MatrixUser;
  let opsRoom: string;
  let dms: string[];
  let dir: string;
  let bot: BotProcess;

  beforeAll(async () => {
    hs = await startSynapse();
    botAccount = await hs.register('opsdesk', { displayName: 'Opsdesk' });
    teachers = [
      new MatrixUser(hs, await hs.register('anna', { displayName: 'Anna' })),
      new MatrixUser(hs, await hs.register('bjorn', { displayName: 'Bjorn' })),
    ];
    oscar = new MatrixUser(hs, await hs.register('oscar', { displayName: 'Oscar' }));
    opsRoom = await oscar.createRoom({ public: true, name: 'operators' });
    dir = mkdtempSync(path.join(tmpdir(), 'opsdesk-matrix-kill-'));
    const uri = testDbUri('matrixkill');
    await mongoose.connect(uri, { serverSelectionTimeoutMS: 10_000 });
    bot = await matrixBotProcess({ name: 'A', hs, botAccount, opsRoom, mongoUri: uri, dir });
    await bot.start(60_000);
    dms = [];
    for (const t of teachers) {
      const dm = await t.createRoom({ invite: [botAccount.userId], direct: true });
      await waitForJoin(t, dm, botAccount.userId, 30_000);
      dms.push(dm);
    }
  }, 180_000);

  afterAll(async () => {
    await bot?.stop();
    await hs?.stop();
    await mongoose.connection.dropDatabase().catch(() => undefined);
    await mongoose.disconnect();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  const fromBot = (events: RoomEvent[]) => messagesFrom(events, botAccount.userId);
  const receiptKeys = async (i: number) =>
    fromBot(await teachers[i].messages(dms[i], 1000))
      .map((e) => /^Logged as (INC-\d+)/u.exec(String(e.content.body))?.[1])
      .filter((k): k is string => !!k);
  const allReceipts = async () => [...(await receiptKeys(0)), ...(await receiptKeys(1))];

  it(`every report gets one case and one receipt, and the bot answers soon after each restart (${ROUNDS} rounds)`, async () => {
    const readies: number[] = [];
    const firstAnswers: number[] = [];
    const allAnswered: number[] = [];
    const reports: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const receiptsBefore = (await allReceipts()).length;
      const killAfter = 2 + ((round * 3) % 7); // receipts seen before the kill: 2, 5, 8, 4, …
      const sent: Promise<string>[] = [];
      for (let i = 0; i < REPORTS; i++) {
        const who = i % 2;
        sent.push(teachers[who].say(dms[who], `Round ${round}: the projector in room ${100 + i} shows no picture`));
      }
      for (;;) {
        if ((await allReceipts()).length - receiptsBefore >= killAfter) break;
        await sleep(50);
      }
      await bot.kill('SIGKILL');
      reports.push(...(await Promise.all(sent)));
      const restarted = Date.now();
      await bot.start(60_000);
      readies.push(Date.now() - restarted);
      // An operator's command in another room, written right after the restart.
      const opsBefore = fromBot(await oscar.messages(opsRoom)).length;
      await oscar.say(opsRoom, '!ticket list');
      let first: number | undefined;
      const receiptsAfterKill = (await allReceipts()).length;
      for (;;) {
        const answered = (await allReceipts()).length;
        const ops = fromBot(await oscar.messages(opsRoom)).length;
        if (first === undefined && (answered > receiptsAfterKill || ops > opsBefore)) first = Date.now() - restarted;
        if (answered - receiptsBefore >= REPORTS && ops > opsBefore) break;
        if (Date.now() - restarted > ALL_ANSWERED_BOUND_MS) break;
        await sleep(100);
      }
      firstAnswers.push(first ?? Number.POSITIVE_INFINITY);
      if (process.env.OPSDESK_FAULTS_REPORT)
        console.log(
          JSON.stringify(
            bot.lines
              .filter((l) => Number(l.time) >= restarted)
              .slice(0, 30)
              .map((l) => [Number(l.time) - restarted, l.msg]),
          ),
        );
      allAnswered.push(Date.now() - restarted);
    }
    await sleep(3000); // a second receipt, if any were coming, would be here by now
    const receipts = await allReceipts();
    const tickets = await Ticket.find({}, { key: 1, source: 1 }).lean();
    if (process.env.OPSDESK_FAULTS_REPORT) console.log(JSON.stringify({ readies, firstAnswers, allAnswered }));
    const missing = reports.filter((id) => !tickets.some((t) => t.source === `matrix|${id}`));
    if (missing.length)
      console.log(
        JSON.stringify({
          missing,
          warnings: bot.lines.filter((l) => (l.level ?? 0) >= 40).slice(-20),
          said: fromBot(await teachers[0].messages(dms[0], 1000)).map((e) => String(e.content.body).slice(0, 60)),
        }),
      );
    for (const eventId of reports) expect(tickets.filter((t) => t.source === `matrix|${eventId}`)).toHaveLength(1);
    expect(tickets).toHaveLength(ROUNDS * REPORTS);
    expect([...receipts].sort()).toEqual(tickets.map((t) => t.key).sort()); // one receipt per case, none twice
    for (const ms of firstAnswers) expect(ms).toBeLessThan(FIRST_ANSWER_BOUND_MS);
    for (const ms of allAnswered) expect(ms).toBeLessThan(ALL_ANSWERED_BOUND_MS);
  }, 600_000);
});
