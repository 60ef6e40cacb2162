import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateBotKey } from '../../src/signing/generate-key';
import { startTestDatabase } from './test-database';
import { setRunningTestDatabase, setTestKeyDir } from './running';

/** Starts (or picks) the run's database and tells the workers through the environment. */
export default async function globalSetup(): Promise<void> {
  const db = await startTestDatabase();
  setRunningTestDatabase(db);
  process.env.OPSDESK_TEST_MONGODB_URI = db.uri;
  process.env.OPSDESK_TEST_DB_ENGINE = db.engine;
  const where = db.engine === 'mongodb' ? 'MONGODB_URI' : db.uri;
  console.log(`\nopsdesk tests: database engine ${db.engine} (${where})`);
  // One signing key for the run, as a deployment has one: every bot the tests start (in process or
  // as a child process, which inherits the environment) signs its change records with it. A test
  // about the key itself deletes OPSDESK_SIGNING_KEY_FILE in its own file.
  const keyDir = await mkdtemp(join(tmpdir(), 'opsdesk-test-keys-'));
  setTestKeyDir(keyDir);
  const key = await generateBotKey({ dir: keyDir, name: 'opsdesk tests', email: 'opsdesk@tests.invalid' });
  delete process.env.OPSDESK_SIGNING_KEY;
  delete process.env.OPSDESK_SIGNING_PASSPHRASE;
  process.env.OPSDESK_SIGNING_KEY_FILE = key.privateKeyFile;
  process.env.OPSDESK_TEST_SIGNING_PUBLIC_KEY = key.publicKeyFile;
}
