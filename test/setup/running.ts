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
