import { rm } from 'node:fs/promises';
import { takeRunningTestDatabase, takeTestKeyDir } from './running';

/** Stops the database global-setup started and removes its temporary data and the run's signing key. */
export default async function globalTeardown(): Promise<void> {
  await takeRunningTestDatabase()?.stop();
  const keyDir = takeTestKeyDir();
  if (keyDir) await rm(keyDir, { recursive: true, force: true });
}
