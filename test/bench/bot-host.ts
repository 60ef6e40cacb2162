/**
 * A child process for `latency.ts`: either the whole bot (`bot`: console adapter on stdin/stdout,
 * Slack adapter against the emulator when OPSDESK_BENCH_SLACK_API is set) or a bare Node process
 * with mongoose connected (`bare`, the memory baseline). It answers `{ rss: true }` over IPC with
 * its resident memory, sends `{ ready: true }` once started, and exits when the parent says
 * `{ stop: true }` or disconnects.
 */
// Only node and mongoose at the top: `bare` must load nothing of opsdesk (the memory baseline); the
// bot's modules are required in `bot` mode only.
import { readFileSync } from 'node:fs';
import mongoose from 'mongoose';
import type { RunningBot } from '../../src/start-bot';
import type * as StartBot from '../../src/start-bot';
import type * as LoadConfig from '../../src/config/load-config';
import type * as Log from '../../src/core/log';
import type * as Fixture from '../support/fixture-config';
import type * as Yaml from 'yaml';

/* eslint-disable @typescript-eslint/no-require-imports */
const lazy = {
  startBot: () => (require('../../src/start-bot') as typeof StartBot).startBot,
  parseConfig: () => (require('../../src/config/load-config') as typeof LoadConfig).parseConfig,
  createLogger: () => (require('../../src/core/log') as typeof Log).createLogger,
  fixture: () => (require('../support/fixture-config') as typeof Fixture).FIXTURE_CONFIG,
  yaml: () => require('yaml') as typeof Yaml,
};
/* eslint-enable @typescript-eslint/no-require-imports */

export type HostMessage =
  { ready: true } | { rss: number } | { error: string } | { modules: string[] } | { commands: Record<string, number> };
export type ParentMessage = { rss: true } | { stop: true } | { modules: true } | { commands: true };

/** Reads and writes the bot sent, by command and collection (OPSDESK_BENCH_COUNT_COMMANDS=1). */
const commandCounts: Record<string, number> = {};
const CRUD = new Set(['find', 'insert', 'update', 'delete', 'findAndModify', 'aggregate', 'count', 'distinct']);
function countCommands(): void {
  mongoose.connection
    .getClient()
    .on('commandStarted', (e: { commandName: string; command: Record<string, unknown> }) => {
      if (!CRUD.has(e.commandName)) return;
      const key = `${e.commandName} ${String(e.command[e.commandName])}`;
      commandCounts[key] = (commandCounts[key] ?? 0) + 1;
    });
}

/**
 * Packages that should load only when used: an adapter's SDK, signing, the digest chart, SSH, an
 * embedded mongod, and the Prometheus client when no HTTP server serves /metrics.
 */
export const HEAVY_PACKAGES = [
  '@slack/bolt',
  'matrix-bot-sdk',
  'openpgp',
  'vega',
  'vega-lite',
  '@resvg/resvg-js',
  'ssh2',
  'mongodb-memory-server',
  'prom-client',
];

/** Which of `HEAVY_PACKAGES` this process has loaded. */
function heavyLoaded(): string[] {
  const files = Object.keys(require.cache);
  return HEAVY_PACKAGES.filter((p) => files.some((f) => f.includes(`/node_modules/${p}/`)));
}

function benchConfig() {
  const raw = lazy.yaml().parse(readFileSync(lazy.fixture(), 'utf8')) as Record<string, unknown>;
  const apiUrl = process.env.OPSDESK_BENCH_SLACK_API;
  const matrixUrl = process.env.OPSDESK_BENCH_MATRIX_URL;
  // Agenda polls at its default, as in production (the fixture's 200 ms is for tests).
  const { processEveryMs: _testPolling, ...jobs } = (raw.jobs ?? {}) as Record<string, unknown>;
  return lazy.parseConfig()(
    {
      ...raw,
      jobs,
      http: { enabled: false },
      console: { enabled: true, defaultUser: 'anna' },
      // The morning digest and SLA checks are not part of this measurement.
      digest: { enabled: false, sla: { enabled: false } },
      ...(apiUrl ? { slack: { enabled: true, mode: 'socket', apiUrl, socketPingTimeoutMs: 5000 } } : {}),
      ...(matrixUrl ? { matrix: { enabled: true, homeserverUrl: matrixUrl } } : {}),
    },
    'bench config',
  );
}

async function main(): Promise<void> {
  const send = (m: HostMessage) => process.send?.(m);
  let bot: RunningBot | undefined;
  const stop = async () => {
    await bot?.stop().catch(() => undefined);
    await mongoose.disconnect().catch(() => undefined);
    process.exit(0);
  };
  process.on('message', (m: ParentMessage) => {
    if ('rss' in m) send({ rss: process.memoryUsage().rss });
    if ('modules' in m) send({ modules: heavyLoaded() });
    if ('commands' in m) send({ commands: { ...commandCounts } });
    if ('stop' in m) void stop();
  });
  process.on('disconnect', () => void stop());
  if (process.argv[2] === 'bare') {
    await mongoose.connect(process.env.MONGODB_URI ?? '', { serverSelectionTimeoutMS: 15_000 });
    await mongoose.connection.db!.command({ ping: 1 });
  } else {
    const config = benchConfig();
    bot = await lazy.startBot()({
      config,
      log: lazy.createLogger()({ level: process.env.LOG_LEVEL ?? 'warn' }),
      env: process.env,
      console: { input: process.stdin, output: process.stdout, prompt: false },
    });
    if (process.env.OPSDESK_BENCH_COUNT_COMMANDS) countCommands();
  }
  send({ ready: true });
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.send?.({ error: (err as Error).message });
    process.exit(1);
  });
}
