/**
 * Benchmark: resident memory of the bot idle, with only the console enabled and with every adapter
 * (console, Slack against the emulator, Matrix against a stub homeserver that answers the calls of a
 * start and empty syncs), each against a truly bare baseline measured in the same run: `node -e`
 * requiring only mongoose and connecting it to the same database (no opsdesk module loaded). Each
 * runs in its own child process, sampled after it has been idle for 3 s (best of three samples a
 * second apart). Also lists which heavy packages each bot loaded (they should load only when used).
 * Measured twice: with the V8 flags production starts opsdesk with (`node-flags.ts`), and with Node's
 * defaults; the baseline gets the same flags as the bot each time (like with like).
 */
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { SlackEmulator } from '../platforms/slack/slack-emulator';
import { benchDatabase } from './bench-database';
import { type BenchRow, round, runAlone, versus } from './bench-row';
import type { HostMessage } from './bot-host';
import { PRODUCTION_NODE_FLAGS } from './node-flags';

const MB = 2 ** 20;
const REPO = path.join(__dirname, '..', '..', '..');

/** Node and mongoose, nothing else: connects, pings, then answers `rss` over IPC. */
const BARE = `
const mongoose = require('mongoose');
mongoose.connect(process.env.MONGODB_URI, { serverSelectionTimeoutMS: 15000 })
  .then(() => mongoose.connection.db.command({ ping: 1 }))
  .then(() => process.send({ ready: true }), (e) => process.send({ error: String(e) }));
process.on('message', (m) => { if (m.rss) process.send({ rss: process.memoryUsage().rss }); if (m.stop) process.exit(0); });
process.on('disconnect', () => process.exit(0));
`;

function ask<T>(child: ChildProcess, question: object, pick: (m: HostMessage) => T | undefined): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no answer from the bench child in 60 s')), 60_000);
    const on = (m: HostMessage) => {
      const v = pick(m);
      if ('error' in m) reject(new Error(m.error));
      if (v === undefined) return;
      clearTimeout(timer);
      child.off('message', on);
      resolve(v);
    };
    child.on('message', on);
    if (Object.keys(question).length) child.send(question);
  });
}

/** Starts a child, waits until it is ready and idle; its lowest RSS of three samples, and its heavy modules. */
async function idleRss(child: ChildProcess): Promise<{ rss: number; modules?: string[] }> {
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-2000)));
  try {
    await ask(child, {}, (m) => ('ready' in m ? true : undefined));
  } catch (err) {
    throw new Error(`${(err as Error).message} ${stderr}`);
  }
  await sleep(3000);
  const samples: number[] = [];
  for (let i = 0; i < 3; i++) {
    samples.push(await ask(child, { rss: true }, (m) => ('rss' in m ? m.rss : undefined)));
    await sleep(1000);
  }
  const modules = await Promise.race([
    ask(child, { modules: true }, (m) => ('modules' in m ? m.modules : undefined)),
    sleep(2000).then(() => undefined),
  ]);
  child.send({ stop: true });
  await Promise.race([new Promise((done) => child.once('exit', done)), sleep(15_000)]);
  if (child.exitCode === null) child.kill('SIGKILL');
  return { rss: Math.min(...samples), modules };
}

/** Just enough of a homeserver for the Matrix adapter to start and sync (nothing ever arrives). */
function stubHomeserver(): Promise<Server> {
  const server = createServer((req, res) => {
    const url = req.url ?? '';
    const reply = (body: object, delay = 0) =>
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      }, delay);
    if (url.includes('/account/whoami')) return reply({ user_id: '@opsdesk:bench.example', device_id: 'BENCH' });
    if (url.includes('/filter')) return reply({ filter_id: '1' });
    if (url.includes('/sync')) return reply({ next_batch: `s${Date.now()}` }, url.includes('since=') ? 5000 : 0);
    if (url.includes('/versions')) return reply({ versions: ['v1.6'] });
    if (url.includes('/join')) return reply({ room_id: '!room:bench.example' });
    return reply({});
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

export async function run(): Promise<BenchRow[]> {
  const db = await benchDatabase('opsdesk_bench_memory');
  const slack = await new SlackEmulator().start();
  const matrix = await stubHomeserver();
  const rows: BenchRow[] = [];
  try {
    const env = { ...process.env, MONGODB_URI: db.uri, LOG_LEVEL: 'error' };
    const host = path.join(__dirname, 'bot-host.js');
    const adapters = {
      OPSDESK_BENCH_SLACK_API: slack.apiUrl,
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_APP_TOKEN: slack.appToken,
      SLACK_SIGNING_SECRET: slack.signingSecret,
      OPSDESK_BENCH_MATRIX_URL: `http://127.0.0.1:${(matrix.address() as AddressInfo).port}`,
      MATRIX_ACCESS_TOKEN: 'bench-token',
    };
    const loaded = (m?: string[]) => (m ? `; loaded: ${m.length ? m.join(', ') : 'none of the heavy packages'}` : '');
    // Twice: as production starts opsdesk (the flags of the Dockerfile and `npm start`) and with
    // Node's defaults; the baseline always runs with the same flags as the bot it is compared with.
    for (const flags of [[...PRODUCTION_NODE_FLAGS], []]) {
      const how = flags.length ? `, both with ${flags.join(' ')} (as production starts opsdesk)` : ", Node's defaults";
      const bare = await idleRss(
        spawn(process.execPath, [...flags, '-e', BARE], {
          cwd: REPO,
          env,
          stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
        }),
      );
      const bot = (extra: NodeJS.ProcessEnv) =>
        fork(host, ['bot'], { env: { ...env, ...extra }, execArgv: flags, stdio: ['pipe', 'ignore', 'pipe', 'ipc'] });
      const consoleOnly = await idleRss(bot({}));
      const all = await idleRss(bot(adapters));
      const note =
        '`node -e` with only mongoose loaded and connected to the same database (no opsdesk module), ' +
        'started with the same flags as the bot';
      rows.push(
        versus(
          `memory (RSS) idle, console only${how}${loaded(consoleOnly.modules)}`,
          round(consoleOnly.rss / MB),
          'MiB',
          round(bare.rss / MB),
          note,
        ),
        versus(
          `memory (RSS) idle, console + Slack + Matrix${how}${loaded(all.modules)}`,
          round(all.rss / MB),
          'MiB',
          round(bare.rss / MB),
          note,
        ),
      );
    }
  } finally {
    matrix.close();
    await slack.stop();
    await db.stop();
  }
  return rows.map((row) => ({ ...row, engine: db.engine }));
}

if (require.main === module) runAlone(run);
