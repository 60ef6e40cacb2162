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
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { errorText, isExecutable } from './child-process';
import { FERRETDB_VERSION, findFerretDbBinary, startFerretDb } from './embedded-ferretdb';
import { startMemoryServer } from './embedded-mongod';
import type { DbLog, EmbeddedEngine, RunningDatabase } from './embedded-types';

export type { DbLog, EmbeddedEngine, RunningDatabase } from './embedded-types';

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
