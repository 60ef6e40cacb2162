import { takeRunningTestDatabase } from './running';

/** Stops the database global-setup started and removes its temporary data. */
export default async function globalTeardown(): Promise<void> {
  await takeRunningTestDatabase()?.stop();
}
