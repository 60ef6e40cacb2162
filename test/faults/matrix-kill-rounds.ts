/**
 * The Matrix SIGKILL scenario, shared by test/faults/matrix-sigkill.test.ts and the restart bench
 * (test/bench/restart.ts): a real opsdesk process on a real Synapse, two teachers' DMs and an
 * operators' room, set up once and reused by every round. A round sends a burst of reports, kills
 * the process with SIGKILL once a few receipts are out, restarts it, has an operator write a
 * command in the other room and measures the time from the restart to the first answer (a report
 * or the command) and until all of the round is answered.
 *
 * The teachers' DMs are polled lightly (their latest events, receipts remembered by event id), so
 * reading them does not slow the homeserver the bot depends on as the rounds add up.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { MatrixUser, messagesFrom, waitForJoin } from '../e2e/matrix/matrix-user';
import { startSynapse, type SynapseServer, type SynapseUser } from '../platforms/synapse';
import { type BotProcess, sleep } from './bot-process';
import { matrixBotProcess } from './matrix-bot-process';

export const REPORTS_PER_ROUND = 20;
/** A round gives up waiting for all of its reports to be answered after this long. */
const ROUND_LIMIT_MS = 90_000;
/** Each DM gets about 10 reports and 10 receipts a round: the latest 60 events cover a round. */
const POLL_EVENTS = 60;

export interface RoundResult {
  /** Restart until `/readyz` is 200. */
  readyMs: number;
  /** Restart until the first answer: a new receipt or the answer to the operator's command. */
  firstAnswerMs: number;
  /** Ready until the first answer: the bot's own recovery, without the process start (load-bound). */
  firstAfterReadyMs: number;
  /** Restart until every report of the round and the command are answered (or the round gave up). */
  allAnsweredMs: number;
  /** The round's reports (event ids). */
  reports: string[];
}

export class MatrixKillRig {
  private dir = '';
  private readonly receiptOf = new Map<string, string>(); // receipt event id → case key
  private readonly opsAnswered = new Set<string>(); // the bot's event ids in the operators' room

  private constructor(
    readonly hs: SynapseServer,
    readonly botAccount: SynapseUser,
    readonly teachers: MatrixUser[],
    readonly oscar: MatrixUser,
    readonly opsRoom: string,
    readonly dms: string[],
    readonly bot: BotProcess,
  ) {}

  /** Synapse, the accounts and rooms, the database connection (for the test's reads) and the bot. */
  static async start(dbUri: string): Promise<MatrixKillRig> {
    const hs = await startSynapse();
    const botAccount = await hs.register('opsdesk', { displayName: 'Opsdesk' });
    const teachers = [
      new MatrixUser(hs, await hs.register('anna', { displayName: 'Anna' })),
      new MatrixUser(hs, await hs.register('bjorn', { displayName: 'Bjorn' })),
    ];
    const oscar = new MatrixUser(hs, await hs.register('oscar', { displayName: 'Oscar' }));
    const opsRoom = await oscar.createRoom({ public: true, name: 'operators' });
    const dir = mkdtempSync(path.join(tmpdir(), 'opsdesk-matrix-kill-'));
    await mongoose.connect(dbUri, { serverSelectionTimeoutMS: 10_000 });
    const bot = await matrixBotProcess({ name: 'A', hs, botAccount, opsRoom, mongoUri: dbUri, dir });
    await bot.start(60_000);
    const dms: string[] = [];
    for (const t of teachers) {
      const dm = await t.createRoom({ invite: [botAccount.userId], direct: true });
      await waitForJoin(t, dm, botAccount.userId, 30_000);
      dms.push(dm);
    }
    const rig = new MatrixKillRig(hs, botAccount, teachers, oscar, opsRoom, dms, bot);
    rig.dir = dir;
    return rig;
  }

  async stop(): Promise<void> {
    await this.bot?.stop();
    await this.hs?.stop();
    await mongoose.connection.dropDatabase().catch(() => undefined);
    await mongoose.disconnect();
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }

  /** One round: burst, SIGKILL after `killAfter` new receipts, restart, measure. */
  async round(round: number, killAfter: number): Promise<RoundResult> {
    const { teachers, dms, oscar, opsRoom, bot } = this;
    const receiptsBefore = await this.receiptCount();
    const sent: Promise<string>[] = [];
    for (let i = 0; i < REPORTS_PER_ROUND; i++) {
      const who = i % 2;
      sent.push(teachers[who].say(dms[who], `Round ${round}: the projector in room ${100 + i} shows no picture`));
    }
    while ((await this.receiptCount()) - receiptsBefore < killAfter) await sleep(100);
    await bot.kill('SIGKILL');
    const reports = await Promise.all(sent);
    const restarted = Date.now();
    await bot.start(60_000);
    const readyMs = Date.now() - restarted;
    // An operator's command in another room, written right after the restart.
    const opsBefore = await this.opsAnswers();
    await oscar.say(opsRoom, '!ticket list');
    const afterKill = await this.receiptCount();
    let firstAnswerMs: number | undefined;
    for (;;) {
      const answered = await this.receiptCount();
      const ops = await this.opsAnswers();
      if (firstAnswerMs === undefined && (answered > afterKill || ops > opsBefore))
        firstAnswerMs = Date.now() - restarted;
      if (answered - receiptsBefore >= REPORTS_PER_ROUND && ops > opsBefore) break;
      if (Date.now() - restarted > ROUND_LIMIT_MS) break;
      await sleep(200);
    }
    return {
      readyMs,
      firstAnswerMs: firstAnswerMs ?? Number.POSITIVE_INFINITY,
      firstAfterReadyMs: (firstAnswerMs ?? Number.POSITIVE_INFINITY) - readyMs,
      allAnsweredMs: Date.now() - restarted,
      reports,
    };
  }

  /** Every receipt in the teachers' DMs (case keys, one per receipt), read in full. */
  async allReceipts(): Promise<string[]> {
    const keys: string[] = [];
    for (let i = 0; i < this.teachers.length; i++) {
      for (const e of messagesFrom(await this.teachers[i].messages(this.dms[i], 1000), this.botAccount.userId)) {
        const key = /^Logged as (INC-\d+)/u.exec(String(e.content.body))?.[1];
        if (key) keys.push(key);
      }
    }
    return keys;
  }

  /** Receipts seen so far, from the DMs' latest events. */
  private async receiptCount(): Promise<number> {
    for (let i = 0; i < this.teachers.length; i++) {
      const latest = await this.teachers[i].messages(this.dms[i], POLL_EVENTS);
      for (const e of messagesFrom(latest, this.botAccount.userId)) {
        const key = /^Logged as (INC-\d+)/u.exec(String(e.content.body))?.[1];
        if (key) this.receiptOf.set(e.event_id, key);
      }
    }
    return this.receiptOf.size;
  }

  /** The bot's messages seen so far in the operators' room. */
  private async opsAnswers(): Promise<number> {
    for (const e of messagesFrom(await this.oscar.messages(this.opsRoom, 20), this.botAccount.userId))
      this.opsAnswered.add(e.event_id);
    return this.opsAnswered.size;
  }
}
