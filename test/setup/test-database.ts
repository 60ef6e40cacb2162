/**
 * Chooses the database the whole jest run uses:
 *   MONGODB_URI if set ('mongodb'), else mongodb-memory-server ('memory-server'), else FerretDB on a
 *   temporary SQLite folder ('ferretdb'), built with .ci/build-ferretdb.sh if no binary is found and
 *   Go is installed. OPSDESK_TEST_DB_ENGINE=memory-server|ferretdb set beforehand skips the others.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { EmbeddedDatabaseUnavailableError } from '../../src/db/embedded';
import { findFerretDbBinary, startFerretDb } from '../../src/db/embedded-ferretdb';
import { startMemoryServer } from '../../src/db/embedded-mongod';

export type TestDbEngine = 'mongodb' | 'memory-server' | 'ferretdb';

export interface TestDatabase {
  engine: TestDbEngine;
  /** Base URI without a database name; test/support/db.ts adds one per test file. */
  uri: string;
  stop(): Promise<void>;
}

const REPO = join(__dirname, '..', '..');

export async function startTestDatabase(env: NodeJS.ProcessEnv = process.env): Promise<TestDatabase> {
  if (env.MONGODB_URI) return { engine: 'mongodb', uri: env.MONGODB_URI, stop: async () => {} };
  const wanted = env.OPSDESK_TEST_DB_ENGINE;
  const attempts: string[] = [];
  if (!wanted || wanted === 'memory-server') {
    try {
      return await startMemoryServer({ stallTimeoutMs: 20_000 });
    } catch (err) {
      attempts.push(`memory-server: ${(err as Error).message}`);
    }
  }
  if (!wanted || wanted === 'ferretdb') {
    try {
      return await startTemporaryFerretDb();
    } catch (err) {
      attempts.push(`ferretdb: ${(err as Error).message}`);
    }
  }
  throw new EmbeddedDatabaseUnavailableError(attempts);
}

async function startTemporaryFerretDb(): Promise<TestDatabase> {
  const binary = findFerretDbBinary() ?? (await buildFerretDb());
  const dataDir = await mkdtemp(join(tmpdir(), 'opsdesk-test-ferretdb-'));
  try {
    const db = await startFerretDb({ binary, dataDir });
    return {
      ...db,
      stop: async () => {
        await db.stop();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  }
}

/** Runs the same build script as .ci/run; its last stdout line is the binary's path. */
async function buildFerretDb(): Promise<string> {
  console.log('opsdesk tests: no FerretDB binary found, building it with Go (about 2 minutes)');
  try {
    const { stdout } = await promisify(execFile)('bash', [join(REPO, '.ci', 'build-ferretdb.sh')], {
      maxBuffer: 16 * 1024 * 1024,
    });
    return stdout.trim().split('\n').pop() ?? '';
  } catch (err) {
    const e = err as { code?: number; stderr?: string; message: string };
    if (e.code === 3) throw new Error('no ferretdb binary and no Go to build one');
    throw new Error(`building FerretDB failed: ${e.stderr?.trim().split('\n').slice(-3).join(' | ') || e.message}`);
  }
}
