import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { startEmbeddedDatabase } from '../../src/db/embedded';

export interface BenchDatabase {
  /** mongodb://…/<dbName> */
  uri: string;
  /** 'MONGODB_URI', 'memory-server' or 'ferretdb'. */
  engine: string;
  stop(): Promise<void>;
}

/** MONGODB_URI with the database name replaced, else an embedded engine in a temporary folder. */
export async function benchDatabase(dbName: string): Promise<BenchDatabase> {
  const given = process.env.MONGODB_URI;
  if (given) {
    return { uri: withDbName(given, dbName), engine: 'MONGODB_URI', stop: async () => {} };
  }
  const dataDir = await mkdtemp(join(tmpdir(), `opsdesk-${dbName}-`));
  const server = await startEmbeddedDatabase({ dataDir, log: pino({ level: 'silent' }), dbName });
  return {
    uri: server.uri,
    engine: server.engine,
    async stop() {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** `mongodb://h:1,h2:2/opsdesk?x=y` -> `mongodb://h:1,h2:2/<dbName>?x=y` (also without a path). */
export function withDbName(uri: string, dbName: string): string {
  const m = /^(mongodb(?:\+srv)?:\/\/[^/?]+)(?:\/[^?]*)?(\?.*)?$/u.exec(uri);
  if (!m) throw new Error('MONGODB_URI: expected mongodb://HOST[:PORT][/DB][?OPTIONS]');
  return `${m[1]}/${dbName}${m[2] ?? ''}`;
}
