/**
 * A child process for `latency.ts`: either the whole bot (`bot`: console adapter on stdin/stdout,
 * Slack adapter against the emulator when OPSDESK_BENCH_SLACK_API is set) or a bare Node process
 * with mongoose connected (`bare`, the memory baseline). It answers `{ rss: true }` over IPC with
 * its resident memory, sends `{ ready: true }` once started, and exits when the parent says
 * `{ stop: true }` or disconnects.
 */
import { readFileSync } from 'node:fs';
import mongoose from 'mongoose';
import YAML from 'yaml';
import { startBot, type RunningBot } from '../../src/start-bot';
import { parseConfig } from '../../src/config/load-config';
import { createLogger } from '../../src/core/log';
import { FIXTURE_CONFIG } from '../support/fixture-config';

export type HostMessage = { ready: true } | { rss: number } | { error: string };
export type ParentMessage = { rss: true } | { stop: true };

function benchConfig() {
  const raw = YAML.parse(readFileSync(FIXTURE_CONFIG, 'utf8')) as Record<string, unknown>;
  const apiUrl = process.env.OPSDESK_BENCH_SLACK_API;
  return parseConfig(
    {
      ...raw,
      http: { enabled: false },
      console: { enabled: true, defaultUser: 'anna' },
      // The morning digest and SLA checks are not part of this measurement.
      digest: { enabled: false, sla: { enabled: false } },
      ...(apiUrl ? { slack: { enabled: true, mode: 'socket', apiUrl, socketPingTimeoutMs: 5000 } } : {}),
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
    if ('stop' in m) void stop();
  });
  process.on('disconnect', () => void stop());
  if (process.argv[2] === 'bare') {
    await mongoose.connect(process.env.MONGODB_URI ?? '', { serverSelectionTimeoutMS: 15_000 });
    await mongoose.connection.db!.command({ ping: 1 });
  } else {
    const config = benchConfig();
    bot = await startBot({
      config,
      log: createLogger({ level: process.env.LOG_LEVEL ?? 'warn' }),
      env: process.env,
      console: { input: process.stdin, output: process.stdout, prompt: false },
    });
  }
  send({ ready: true });
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.send?.({ error: (err as Error).message });
    process.exit(1);
  });
}
