/**
 * Restart bench (`OPSDESK_BENCH_RESTART=1 npm run bench`, or `OPSDESK_BENCH_ONLY=restart`): how soon
 * a bot killed with SIGKILL in the middle of a burst of reports answers again once restarted, on
 * Matrix beside Slack, in the same run. Slack: a burst of 20 reports, SIGKILL after 8
 * acknowledgements, restart, Slack's redelivery of what was not acknowledged; the figure is restart
 * → the first redelivery acknowledged (test/faults/slack-kill-round.ts). Matrix: a burst of 20
 * reports in two DMs on a real Synapse, SIGKILL after a few receipts, restart; the figure is
 * restart → the first answer, a receipt or an operator's command in another room
 * (test/faults/matrix-kill-rounds.ts). `OPSDESK_BENCH_RESTART_ROUNDS` rounds each (default 3);
 * the median and the slowest round are recorded. Needs `npm run build` (the bot runs as
 * `node dist/src/cli.js`) and the Synapse venv (test/platforms/synapse.ts); Matrix is left out,
 * with a note, without it. Off by default: it takes a few minutes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { generateBotKey } from '../../src/signing/generate-key';
import { Ticket } from '../../src/tickets/ticket.model';
import { makeBots } from '../faults/bot-fleet';
import { sleep } from '../faults/bot-process';
import { MatrixKillRig } from '../faults/matrix-kill-rounds';
import { startFixtureSlack } from '../faults/slack-side';
import { slackKillRound } from '../faults/slack-kill-round';
import { synapseAvailable } from '../platforms/synapse';
import { benchDatabase } from './bench-database';
import { type BenchRow, round, runAlone, versus } from './bench-row';

const ROUNDS = Number(process.env.OPSDESK_BENCH_RESTART_ROUNDS ?? 3);
const SLACK_REPORTS = 20;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const seconds = (ms: number) => round(ms / 1000, 2);

/** Restart → first answer (ms) per round on Slack. */
async function slackRounds(): Promise<number[]> {
  const db = await benchDatabase('opsdesk_bench_restart_slack');
  const slack = await startFixtureSlack();
  const dir = mkdtempSync(path.join(tmpdir(), 'opsdesk-bench-restart-'));
  await mongoose.connect(db.uri, { serverSelectionTimeoutMS: 10_000 });
  const [bot] = await makeBots({ names: ['A'], slack, mongoUri: db.uri, dir });
  const answers: number[] = [];
  try {
    await bot.start(60_000);
    for (let r = 0; r < ROUNDS; r++) {
      const cases = await Ticket.countDocuments();
      const got = await slackKillRound(slack, bot, {
        reports: SLACK_REPORTS,
        killAfterAcks: 8,
        text: (i) => `Round ${r}: laptop ${i} in the library does not boot`,
      });
      answers.push(got.answerMs);
      // The next round starts once this one is all logged (its held reports taken over).
      const deadline = Date.now() + 60_000;
      while ((await Ticket.countDocuments()) < cases + SLACK_REPORTS && Date.now() < deadline) await sleep(200);
    }
  } finally {
    await bot.stop();
    await slack.stop();
    await mongoose.connection.dropDatabase().catch(() => undefined);
    await mongoose.disconnect();
    await db.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return answers;
}

/** Restart → first answer (ms) per round on Matrix. */
async function matrixRounds(): Promise<number[]> {
  const db = await benchDatabase('opsdesk_bench_restart_matrix');
  const rig = await MatrixKillRig.start(db.uri);
  try {
    const answers: number[] = [];
    for (let r = 0; r < ROUNDS; r++) answers.push((await rig.round(r, 2 + ((r * 3) % 7))).firstAnswerMs);
    return answers;
  } finally {
    await rig.stop();
    await db.stop();
  }
}

export async function run(): Promise<BenchRow[]> {
  // The bot processes are ready only with a signing key (as in the tests' global set-up).
  if (!process.env.OPSDESK_SIGNING_KEY && !process.env.OPSDESK_SIGNING_KEY_FILE) {
    const dir = mkdtempSync(path.join(tmpdir(), 'opsdesk-bench-key-'));
    const key = await generateBotKey({ dir, name: 'opsdesk bench', email: 'opsdesk@bench.invalid' });
    process.env.OPSDESK_SIGNING_KEY_FILE = key.privateKeyFile;
  }
  const slack = await slackRounds();
  const rows: BenchRow[] = [
    { name: 'restart after SIGKILL: first answer, Slack (median)', value: seconds(median(slack)), unit: 's' },
    { name: 'restart after SIGKILL: first answer, Slack (slowest)', value: seconds(Math.max(...slack)), unit: 's' },
  ];
  if (!synapseAvailable()) {
    process.stderr.write('bench restart: no Synapse venv (test/platforms/synapse.ts): Matrix left out\n');
    return rows;
  }
  const matrix = await matrixRounds();
  const note = `Slack's figure in the same run (${ROUNDS} rounds each)`;
  rows.push(
    versus(
      'restart after SIGKILL: first answer, Matrix (median)',
      seconds(median(matrix)),
      's',
      seconds(median(slack)),
      note,
    ),
    versus(
      'restart after SIGKILL: first answer, Matrix (slowest)',
      seconds(Math.max(...matrix)),
      's',
      seconds(Math.max(...slack)),
      note,
    ),
  );
  return rows;
}

if (require.main === module) runAlone(run);
