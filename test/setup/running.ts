import type { TestDatabase } from './test-database';

/** Global setup and teardown run in the same process; the database handle passes through here. */
const KEY = Symbol.for('opsdesk.testDatabase');
type Holder = { [KEY]?: TestDatabase };

export function setRunningTestDatabase(db: TestDatabase): void {
  (globalThis as Holder)[KEY] = db;
}

export function takeRunningTestDatabase(): TestDatabase | undefined {
  const db = (globalThis as Holder)[KEY];
  delete (globalThis as Holder)[KEY];
  return db;
}

const KEY_DIR = Symbol.for('opsdesk.testKeyDir');
type KeyDirHolder = { [KEY_DIR]?: string };

/** The folder of the run's signing key (global setup), removed by the teardown. */
export function setTestKeyDir(dir: string): void {
  (globalThis as KeyDirHolder)[KEY_DIR] = dir;
}

export function takeTestKeyDir(): string | undefined {
  const dir = (globalThis as KeyDirHolder)[KEY_DIR];
  delete (globalThis as KeyDirHolder)[KEY_DIR];
  return dir;
}
