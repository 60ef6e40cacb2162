/**
 * The embedded database behind `npm start` when MONGODB_URI is not set, and the engines the test
 * setup starts. Two engines, tried in this order, both bound to loopback only:
 *
 *  1. mongodb-memory-server: a real mongod, persistent (wiredTiger) in `<dataDir>/mongo`. Its binary
 *     is resolved (and downloaded on first use) in a child process that is killed when it stalls,
 *     so a blocked download costs about 20 s, never a hang.
 *  2. FerretDB (a MongoDB-compatible server on SQLite), if a binary is found: `OPSDESK_FERRETDB`,
 *     `~/.cache/opsdesk/bin/ferretdb` or `ferretdb` on PATH; data in `<dataDir>/ferretdb/`.
 *
 * If neither starts, `EmbeddedDatabaseUnavailableError` says how to point opsdesk at a MongoDB.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants as fsConstants, existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { homedir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as MemoryServer from 'mongodb-memory-server';
import { setTimeout as sleep } from 'node:timers/promises';

export type EmbeddedEngine = 'memory-server' | 'ferretdb';

/** The part of a pino logger used here. */
export interface DbLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface RunningDatabase {
  engine: EmbeddedEngine;
  /** mongodb://127.0.0.1:PORT/[db] */
  uri: string;
  /** Shuts the server down and waits for it to exit. Safe to call twice. */
  stop(): Promise<void>;
}

export interface EmbeddedDatabaseOptions {
  /** Folder for the data; `mongo/` or `ferretdb/` below it. Created if missing. */
  dataDir: string;
  log: DbLog;
  /** Loopback port; a free one if omitted. */
  port?: number;
  /** Database name put in the returned URI. Default `opsdesk`. */
  dbName?: string;
  /** Engines to try, in order. Default both. */
  engines?: EmbeddedEngine[];
  /** FerretDB binary; default: see findFerretDbBinary(). */
  ferretdbBinary?: string;
  /** How long the mongod binary lookup/download may go without progress. Default 20 s. */
  stallTimeoutMs?: number;
}

export const FERRETDB_VERSION = 'v1.24.2';

const NO_LOG: DbLog = { info() {}, warn() {}, error() {} };

export class EmbeddedDatabaseUnavailableError extends Error {
  readonly code = 'DB_EMBEDDED_UNAVAILABLE';
  /** Why each engine could not be used (for the log). */
  readonly attempts: readonly string[];

  constructor(attempts: readonly string[]) {
    super(
      'No embedded database could be started' +
        (attempts.length ? ` (${attempts.join('; ')})` : '') +
        '. Set MONGODB_URI=mongodb://HOST:27017/opsdesk to use your own MongoDB. ' +
        `Or install FerretDB ${FERRETDB_VERSION} (bash .ci/build-ferretdb.sh builds it with Go) and put ` +
        'the binary on PATH, in ~/.cache/opsdesk/bin/ferretdb, or in OPSDESK_FERRETDB.',
    );
    this.name = 'EmbeddedDatabaseUnavailableError';
    this.attempts = attempts;
  }
}

/** Starts the first engine that works, with data kept in `dataDir` across restarts. */
export async function startEmbeddedDatabase(opts: EmbeddedDatabaseOptions): Promise<RunningDatabase> {
  const dataDir = resolve(opts.dataDir);
  const dbName = opts.dbName ?? 'opsdesk';
  const attempts: string[] = [];
  let engines = opts.engines ?? ['memory-server', 'ferretdb'];
  // Data written by one engine is invisible to the other: never fall back to an empty database.
  const holder = engineHoldingData(dataDir);
  if (holder) {
    engines = engines.filter((engine) => engine === holder);
    attempts.push(`${dataDir} holds ${holder} data, so no other engine is tried`);
  }
  for (const engine of engines) {
    try {
      const db = await startEngine(engine, dataDir, opts);
      opts.log.info({ engine: db.engine, uri: db.uri, dataDir }, `embedded database: ${db.engine}`);
      return { ...db, uri: db.uri + dbName };
    } catch (err) {
      const reason = `${engine}: ${errorText(err)}`;
      attempts.push(reason);
      opts.log.warn({ engine, err: errorText(err) }, `embedded database: ${engine} unavailable`);
    }
  }
  const error = new EmbeddedDatabaseUnavailableError(attempts);
  opts.log.error({ code: error.code, attempts }, error.message);
  throw error;
}

function engineHoldingData(dataDir: string): EmbeddedEngine | undefined {
  if (existsSync(join(dataDir, 'mongo', 'WiredTiger'))) return 'memory-server';
  const ferretDir = join(dataDir, 'ferretdb');
  if (existsSync(ferretDir) && readdirSync(ferretDir).some((f) => f.endsWith('.sqlite'))) return 'ferretdb';
  return undefined;
}

function startEngine(engine: EmbeddedEngine, dataDir: string, opts: EmbeddedDatabaseOptions) {
  const common = { port: opts.port, log: opts.log };
  if (engine === 'memory-server') {
    return startMemoryServer({ ...common, dbPath: join(dataDir, 'mongo'), stallTimeoutMs: opts.stallTimeoutMs });
  }
  const binary = opts.ferretdbBinary ?? findFerretDbBinary();
  if (!binary) throw new Error('no ferretdb binary (OPSDESK_FERRETDB, ~/.cache/opsdesk/bin/ferretdb, PATH)');
  if (!isExecutable(binary)) throw new Error(`${binary} is not an executable file`);
  return startFerretDb({ ...common, binary, dataDir: join(dataDir, 'ferretdb') });
}

// ---------------------------------------------------------------------------------------------
// mongodb-memory-server

export interface MemoryServerOptions {
  /** Persistent wiredTiger data here; a temporary in-memory-like instance if omitted. */
  dbPath?: string;
  port?: number;
  stallTimeoutMs?: number;
  log?: DbLog;
}

export async function startMemoryServer(opts: MemoryServerOptions = {}): Promise<RunningDatabase> {
  const log = opts.log ?? NO_LOG;
  const mongod = await resolveMongodBinary(opts.stallTimeoutMs ?? 20_000, log);
  if (opts.dbPath) await mkdir(opts.dbPath, { recursive: true });
  // Loaded only when an embedded mongod is started: with MONGODB_URI set, the bot never needs it
  // (mongodb-memory-server and its own MongoDB driver cost a console-only bot about 10 MiB).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { MongoMemoryServer } = require('mongodb-memory-server') as typeof MemoryServer;
  const server = await MongoMemoryServer.create({
    binary: { systemBinary: mongod },
    instance: {
      ip: '127.0.0.1',
      port: opts.port,
      launchTimeout: 15_000,
      ...(opts.dbPath ? { dbPath: opts.dbPath, storageEngine: 'wiredTiger' as const } : {}),
    },
  });
  let stopped: Promise<unknown> | undefined;
  return {
    engine: 'memory-server',
    uri: server.getUri(),
    // Cleanup removes only the temporary dbPath it made, never a given one.
    stop: async () => {
      stopped ??= server.stop({ doCleanup: true, force: false });
      await stopped;
    },
  };
}

const MONGOD_MARK = 'OPSDESK_MONGOD=';

/**
 * Finds (or downloads) mongod in a child process, so a stalled download can be killed. The child
 * prints download progress every 2 s; silence for `stallMs` ends it.
 */
function resolveMongodBinary(stallMs: number, log: DbLog): Promise<string> {
  const lib = require.resolve('mongodb-memory-server');
  const script =
    `require(${JSON.stringify(lib)}).MongoBinary.getPath().then(` +
    `(p) => console.log('\\n${MONGOD_MARK}' + p), ` +
    `(e) => { console.error(String((e && e.message) || e)); process.exit(2); });`;
  const child = spawn(process.execPath, ['-e', script], {
    stdio: ['ignore', 'pipe', 'pipe'],
    // One attempt: a failing network then fails fast instead of after 3 retries with back-off.
    env: { ...process.env, MONGOMS_MAX_RETRIES: process.env.MONGOMS_MAX_RETRIES ?? '1' },
  });
  return new Promise((resolvePath, reject) => {
    let out = '';
    let err = '';
    let announced = false;
    let timer = setTimeout(onStall, stallMs);
    function onStall() {
      child.kill('SIGKILL');
      reject(new Error(`mongod lookup/download made no progress for ${Math.round(stallMs / 1000)} s`));
    }
    function progress() {
      clearTimeout(timer);
      timer = setTimeout(onStall, stallMs);
    }
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (!announced && out.includes('Downloading MongoDB')) {
        announced = true;
        log.info({}, 'embedded database: downloading mongod (first start only)');
      }
      progress();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err = (err + chunk.toString()).slice(-2000);
      progress();
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const line = out.split('\n').find((l) => l.startsWith(MONGOD_MARK));
      if (code === 0 && line) resolvePath(line.slice(MONGOD_MARK.length).trim());
      else reject(new Error(headLines(err) || `mongod lookup exited with code ${code}`));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// FerretDB

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

// ---------------------------------------------------------------------------------------------
// helpers

/** A port that was free on 127.0.0.1 a moment ago. */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.unref();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no port'))));
    });
  });
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

function isExecutable(file: string): boolean {
  try {
    accessSync(file, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function headLines(text: string, n = 2): string {
  return text
    .trim()
    .split('\n')
    .slice(0, n)
    .map((l) => l.trim())
    .join(' ');
}

/** Lines that say what went wrong (FerretDB: "ERROR … Failed to …", Go: "panic:"). */
const CAUSE = /\b(?:error|fatal|panic|fail(?:ed|ure)?|cannot|denied|not a directory|no such|in use)\b/iu;

/**
 * What a failed child process said, in a few lines: its first lines that name a cause, then its
 * last lines, without repeats (the last lines alone often miss the cause above a stack trace).
 */
export function causeLines(head: string, tail = head, max = 4): string {
  const lines = (text: string) =>
    text
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
  const causes = lines(head)
    .filter((l) => CAUSE.test(l))
    .slice(0, 2);
  const last = lines(tail)
    .filter((l) => !causes.includes(l))
    .slice(-(max - causes.length));
  return [...causes, ...last].map((l) => (l.length > 400 ? `${l.slice(0, 400)}…` : l)).join(' | ');
}
