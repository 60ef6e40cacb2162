/**
 * FerretDB (a MongoDB-compatible server on SQLite) as an embedded engine: one server per data
 * folder (a lock file; a server left running by a killed owner is stopped and replaced), bound to
 * loopback, its cause lines kept when it fails to start.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { homedir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { causeLines, errorText, freeLoopbackPort, isAlive, isExecutable } from './child-process';
import { type DbLog, NO_LOG, type RunningDatabase } from './embedded-types';

export const FERRETDB_VERSION = 'v1.24.2';

/** `OPSDESK_FERRETDB`, then `~/.cache/opsdesk/bin/ferretdb`, then `ferretdb` on PATH. */
export function findFerretDbBinary(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = [
    env.OPSDESK_FERRETDB,
    join(homedir(), '.cache', 'opsdesk', 'bin', 'ferretdb'),
    ...(env.PATH ?? '')
      .split(delimiter)
      .filter(Boolean)
      .map((dir) => join(dir, 'ferretdb')),
  ];
  return candidates.find((file): file is string => !!file && isExecutable(file));
}

export interface FerretDbOptions {
  binary: string;
  /** SQLite files and FerretDB state go here; created if missing. */
  dataDir: string;
  port?: number;
  log?: DbLog;
}

const LOCK_FILE = 'opsdesk-ferretdb.lock';

export async function startFerretDb(opts: FerretDbOptions): Promise<RunningDatabase> {
  const log = opts.log ?? NO_LOG;
  const dataDir = resolve(opts.dataDir);
  await mkdir(dataDir, { recursive: true });
  await takeOverLock(dataDir, log);
  // A port picked here may be taken before FerretDB binds it: try a few.
  for (let attempt = 1; ; attempt++) {
    const port = opts.port ?? (await freeLoopbackPort());
    try {
      const db = await launchFerretDb(opts.binary, dataDir, port);
      await writeFile(join(dataDir, LOCK_FILE), JSON.stringify({ owner: process.pid, pid: db.pid }));
      return {
        engine: 'ferretdb',
        uri: `mongodb://127.0.0.1:${port}/`,
        stop: async () => {
          await db.stop();
          await rm(join(dataDir, LOCK_FILE), { force: true });
        },
      };
    } catch (err) {
      if (opts.port !== undefined || attempt >= 3 || !/address already in use/i.test(errorText(err))) throw err;
    }
  }
}

async function launchFerretDb(binary: string, dataDir: string, port: number) {
  const child = spawn(
    binary,
    [
      '--handler=sqlite',
      `--sqlite-url=${pathToFileURL(dataDir).href}/`,
      `--listen-addr=127.0.0.1:${port}`,
      `--state-dir=${dataDir}`,
      '--debug-addr=-',
      '--telemetry=disable',
      // WARN logs every command FerretDB lacks (e.g. endSessions on each driver close).
      '--log-level=error',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  // The cause is usually among the first lines (a stack or more warnings may follow): keep both ends.
  let head = '';
  let tail = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    if (head.length < 4000) head += text.slice(0, 4000 - head.length);
    tail = (tail + text).slice(-4000);
  });
  // A binary that cannot be spawned reports 'error' and never 'exit'.
  const exited = new Promise<void>((done) => {
    child.once('exit', () => done());
    child.once('error', () => done());
  });
  // A normal exit of this process takes FerretDB with it.
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);
  try {
    await waitForPort(port, child, 15_000);
  } catch (err) {
    process.removeListener('exit', killOnExit);
    child.kill('SIGKILL');
    await exited;
    const said = causeLines(head, tail);
    throw new Error(`${errorText(err)}${said ? `: ${said}` : ''}`);
  }
  let stopping: Promise<void> | undefined;
  return {
    pid: child.pid,
    stop: () => {
      stopping ??= (async () => {
        process.removeListener('exit', killOnExit);
        await terminate(child, exited);
      })();
      return stopping;
    },
  };
}

/** SIGTERM, wait up to 10 s, then SIGKILL. */
async function terminate(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timeout = new Promise<'timeout'>((done) => setTimeout(done, 10_000, 'timeout').unref());
  if ((await Promise.race([exited, timeout])) === 'timeout') {
    child.kill('SIGKILL');
    await exited;
  }
}

/**
 * One FerretDB per data folder. A lock left by a process that is gone is taken over; if that
 * process's FerretDB still runs (its owner was killed), it is stopped first.
 */
async function takeOverLock(dataDir: string, log: DbLog): Promise<void> {
  const file = join(dataDir, LOCK_FILE);
  if (!existsSync(file)) return;
  let lock: { owner?: number; pid?: number } = {};
  try {
    lock = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    // unreadable: treat as stale
  }
  if (lock.owner && lock.owner !== process.pid && isAlive(lock.owner)) {
    throw new Error(`${dataDir} is in use by process ${lock.owner} (remove ${file} if that is wrong)`);
  }
  if (lock.pid && isAlive(lock.pid) && isFerretDbServing(lock.pid, dataDir)) {
    log.warn({ pid: lock.pid, dataDir }, 'embedded database: stopping a FerretDB left running');
    process.kill(lock.pid, 'SIGTERM');
    for (let i = 0; i < 100 && isAlive(lock.pid); i++) await sleep(100);
  }
  await rm(file, { force: true });
}

/** Linux only: the process's command line names FerretDB and this folder. */
function isFerretDbServing(pid: number, dataDir: string): boolean {
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.includes('ferretdb') && cmdline.includes(dataDir);
  } catch {
    return false;
  }
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let spawnError: Error | undefined;
  child.once('error', (e) => (spawnError = e));
  while (Date.now() < deadline) {
    if (spawnError) throw spawnError;
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`ferretdb exited (${child.exitCode ?? child.signalCode})`);
    }
    if (await canConnect(port)) return;
    await sleep(100);
  }
  throw new Error(`ferretdb did not listen on 127.0.0.1:${port} within ${timeoutMs / 1000} s`);
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}
