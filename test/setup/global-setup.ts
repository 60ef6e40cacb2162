import { startTestDatabase } from './test-database';
import { setRunningTestDatabase } from './running';

/** Starts (or picks) the run's database and tells the workers through the environment. */
export default async function globalSetup(): Promise<void> {
  const db = await startTestDatabase();
  setRunningTestDatabase(db);
  process.env.OPSDESK_TEST_MONGODB_URI = db.uri;
  process.env.OPSDESK_TEST_DB_ENGINE = db.engine;
  const where = db.engine === 'mongodb' ? 'MONGODB_URI' : db.uri;
  console.log(`\nopsdesk tests: database engine ${db.engine} (${where})`);
}
