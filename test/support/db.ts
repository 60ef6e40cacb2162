/**
 * One database per test file: `testDbUri()` names a fresh database on the server the jest global
 * setup chose (OPSDESK_TEST_MONGODB_URI), `dropTestDb()` removes it, and `withTestMongoose()` wires
 * both around the global mongoose connection for a whole file.
 *
 * Names look like `opsdesk_t_<hash of test file>_<pid>_<n><random>[_<label>]`: at most 63 characters
 * of [A-Za-z0-9_-], which FerretDB requires (MongoDB allows more).
 */
import { createHash, randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import mongoose from 'mongoose';

export const TEST_DB_PREFIX = 'opsdesk_t_';

let counter = 0;

/** A URI naming a database no other test file or worker uses. */
export function testDbUri(label?: string): string {
  const base = process.env.OPSDESK_TEST_MONGODB_URI;
  if (!base) {
    throw new Error(
      'OPSDESK_TEST_MONGODB_URI is not set: run the tests with jest (test/setup/global-setup.ts sets it)',
    );
  }
  return withDatabase(base, testDbName(label));
}

export function testDbName(label?: string): string {
  const file = currentTestPath() ?? 'no-test-file';
  const hash = createHash('sha1').update(file).digest('hex').slice(0, 8);
  const random = randomBytes(3).toString('hex');
  const suffix = label ? `_${label.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 16)}` : '';
  return `${TEST_DB_PREFIX}${hash}_${process.pid}_${++counter}${random}${suffix}`;
}

/** Drops the database the URI names; refuses names testDbUri() did not make. */
export async function dropTestDb(uri: string): Promise<void> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 10_000 });
  try {
    const db = client.db();
    if (!db.databaseName.startsWith(TEST_DB_PREFIX)) {
      throw new Error(`refusing to drop ${db.databaseName}: not a test database`);
    }
    await db.dropDatabase();
  } finally {
    await client.close();
  }
}

export interface TestMongoose {
  /** The file's database URI (valid once beforeAll has run). */
  readonly uri: string;
}

/** `uri` with the driver's command monitoring on (support/command-monitor.ts counts the commands). */
export function withCommandMonitoring(uri: string): string {
  const u = new URL(uri);
  u.searchParams.set('monitorCommands', 'true');
  return u.toString();
}

/**
 * Connects the global mongoose to a fresh database before the file's tests (and builds the
 * indexes of every model registered by then), drops it and disconnects after them. With
 * `monitorCommands`, the client reports every command it sends (support/command-monitor.ts).
 */
export function withTestMongoose(label?: string, opts: { monitorCommands?: boolean } = {}): TestMongoose {
  const state = { uri: '' };
  const hooks = jestHooks();
  hooks.beforeAll(async () => {
    state.uri = opts.monitorCommands ? withCommandMonitoring(testDbUri(label)) : testDbUri(label);
    await mongoose.connect(state.uri, { serverSelectionTimeoutMS: 10_000 });
    await Promise.all(mongoose.modelNames().map((name) => mongoose.model(name).init()));
  });
  hooks.afterAll(async () => {
    try {
      if (mongoose.connection.readyState === 1) await mongoose.connection.dropDatabase();
    } finally {
      await mongoose.disconnect();
    }
  });
  return {
    get uri() {
      return state.uri;
    },
  };
}

/**
 * Replaces the database part of a mongodb:// or mongodb+srv:// URI, keeping hosts and options.
 * With credentials and no authSource, the old database (or admin) stays the one to log in to.
 */
export function withDatabase(uri: string, dbName: string): string {
  const match = /^(mongodb(?:\+srv)?:\/\/)([^/?]*)(?:\/([^?]*))?(?:\?(.*))?$/.exec(uri);
  if (!match) throw new Error('OPSDESK_TEST_MONGODB_URI is not a mongodb:// URI');
  const [, scheme, authority, oldDb, query] = match;
  const options = (query ?? '').split('&').filter(Boolean);
  if (authority.includes('@') && !options.some((o) => o.startsWith('authSource='))) {
    options.push(`authSource=${oldDb || 'admin'}`);
  }
  return `${scheme}${authority}/${dbName}${options.length ? `?${options.join('&')}` : ''}`;
}

// The jest globals are reached through globalThis: this folder is also compiled without jest's types.
interface JestGlobals {
  beforeAll(fn: () => Promise<void>, timeout?: number): void;
  afterAll(fn: () => Promise<void>, timeout?: number): void;
  expect?: { getState(): { testPath?: string } };
}

function jestHooks(): JestGlobals {
  const g = globalThis as unknown as Partial<JestGlobals>;
  if (typeof g.beforeAll !== 'function' || typeof g.afterAll !== 'function') {
    throw new Error('withTestMongoose() must be called at the top of a jest test file');
  }
  return g as JestGlobals;
}

function currentTestPath(): string | undefined {
  return (globalThis as unknown as Partial<JestGlobals>).expect?.getState().testPath;
}
