/** A database server a fault test owns, so it can stop and start it: same port and data folder every time. */
import path from 'node:path';
import { findFerretDbBinary, type RunningDatabase, startFerretDb, startMemoryServer } from '../../src/db/embedded';

/** FerretDB (as CI runs) if a binary is there, else mongod; same port and data folder on every start. */
export async function startOwnDatabase(dataDir: string, port: number): Promise<RunningDatabase> {
  const binary = findFerretDbBinary();
  if (binary) return startFerretDb({ binary, dataDir: path.join(dataDir, 'ferretdb'), port });
  return startMemoryServer({ dbPath: path.join(dataDir, 'mongo'), port });
}
