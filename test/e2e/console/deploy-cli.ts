import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { cliPath } from '../../support/cli-process';
import type { DeployWorld } from '../../integration/deploy/deploy-fixture';

const REPO = path.resolve(__dirname, '..', '..', '..');

/** The real CLI (`opsdesk start --as rolf`) on the world's database, console on a pipe; `input` typed at once. */
export function startDeployCli(
  w: DeployWorld,
  configFile: string,
  input?: string,
): { child: ChildProcess; log: () => string } {
  let out = '';
  const child = spawn(process.execPath, [cliPath(), 'start', '--config', configFile, '--as', 'rolf'], {
    env: { ...process.env, MONGODB_URI: w.bot.mongoUri, NODE_PATH: path.join(REPO, 'node_modules'), LOG_LEVEL: 'info' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (c: Buffer) => (out = (out + c.toString()).slice(-20_000)));
  child.stderr!.on('data', (c: Buffer) => (out = (out + c.toString()).slice(-20_000)));
  if (input) child.stdin!.write(input);
  return { child, log: () => out };
}

export const exited = (c: ChildProcess) =>
  new Promise<void>((resolve) =>
    c.exitCode !== null || c.signalCode !== null ? resolve() : c.once('exit', () => resolve()),
  );
