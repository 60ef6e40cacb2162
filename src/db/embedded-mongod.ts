/**
 * mongodb-memory-server as an embedded engine: a real mongod, persistent (wiredTiger) in a given
 * folder. Its binary is resolved (and downloaded on first use) in a child process that is killed
 * when it stalls, so a blocked download costs about 20 s, never a hang.
 */
import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import type * as MemoryServer from 'mongodb-memory-server';
import { headLines } from './child-process';
import { type DbLog, NO_LOG, type RunningDatabase } from './embedded-types';

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
