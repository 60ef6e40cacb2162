/**
 * The watchdog behind `database.unreachableExitMs`: quiet while the database answers, and gives up
 * once (the CLI then exits for its supervisor) when it has not answered for the configured time.
 * Runs against its own FerretDB, which the test stops.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import pino from 'pino';
import { DatabaseWatchdog } from '../../../src/db/database-watchdog';
import type { RunningDatabase } from '../../../src/db/embedded';
import { findFerretDbBinary, startFerretDb } from '../../../src/db/embedded-ferretdb';

const binary = findFerretDbBinary();
// The watchdog only needs a database it may stop; with MONGODB_URI/memory-server and no FerretDB
// binary there is none to stop here, and the case is skipped with a reason.
const maybe = binary ? test : test.skip;
if (!binary) console.warn('database-watchdog test skipped: no FerretDB binary to stop and start');

let dir: string;
let db: RunningDatabase | undefined;
let conn: mongoose.Connection;

beforeAll(async () => {
  if (!binary) return;
  dir = await mkdtemp(join(tmpdir(), 'opsdesk-watchdog-'));
  db = await startFerretDb({ binary, dataDir: dir });
  conn = await mongoose.createConnection(`${db.uri}watchdog`, { serverSelectionTimeoutMS: 1000 }).asPromise();
});

afterAll(async () => {
  await conn?.close(true).catch(() => undefined);
  await db?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

maybe('stays quiet while the database answers, gives up once after it stops answering', async () => {
  const fired: number[] = [];
  const watchdog = new DatabaseWatchdog({
    connection: conn,
    log: pino({ level: 'silent' }),
    unreachableMs: 1500,
    everyMs: 100,
    onUnreachable: (ms) => fired.push(ms),
  });
  for (let i = 0; i < 5; i++) await watchdog.check();
  expect(fired).toEqual([]);

  await db!.stop();
  const stoppedAt = Date.now();
  while (!fired.length && Date.now() - stoppedAt < 20_000) {
    await watchdog.check();
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(fired).toHaveLength(1);
  expect(fired[0]).toBeGreaterThanOrEqual(1500);
  for (let i = 0; i < 3; i++) await watchdog.check();
  expect(fired).toHaveLength(1);
});

test('0 disables it', () => {
  const watchdog = new DatabaseWatchdog({
    connection: mongoose.connection,
    log: pino({ level: 'silent' }),
    unreachableMs: 0,
    onUnreachable: () => undefined,
  });
  watchdog.start();
  expect((watchdog as unknown as { timer?: unknown }).timer).toBeUndefined();
});
