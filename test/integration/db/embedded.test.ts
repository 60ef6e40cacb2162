import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { EmbeddedDatabaseUnavailableError, startEmbeddedDatabase, type DbLog } from '../../../src/db/embedded';
import { startMemoryServer } from '../../../src/db/embedded-mongod';

jest.setTimeout(120_000);

function recordingLog() {
  const lines: { level: string; msg?: string; obj: object }[] = [];
  const at = (level: string) => (obj: object, msg?: string) => lines.push({ level, obj, msg });
  const log: DbLog = { info: at('info'), warn: at('warn'), error: at('error') };
  return { log, lines };
}

async function withClient<T>(uri: string, fn: (client: MongoClient) => Promise<T>): Promise<T> {
  const client = await MongoClient.connect(uri, { serverSelectionTimeoutMS: 10_000 });
  try {
    return await fn(client);
  } finally {
    await client.close();
  }
}

describe('startEmbeddedDatabase', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'opsdesk-embedded-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps a document across a stop and a new start, on loopback', async () => {
    const { log, lines } = recordingLog();
    const first = await startEmbeddedDatabase({ dataDir, log });
    try {
      expect(first.uri).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+\/opsdesk$/);
      expect(lines).toContainEqual(
        expect.objectContaining({ level: 'info', msg: `embedded database: ${first.engine}` }),
      );
      await withClient(first.uri, (c) => c.db().collection('incidents').insertOne({ number: 'INC-1042' }));
    } finally {
      await first.stop();
    }
    await first.stop(); // twice is harmless

    const second = await startEmbeddedDatabase({ dataDir, log });
    try {
      expect(second.engine).toBe(first.engine);
      const found = await withClient(second.uri, (c) => c.db().collection('incidents').findOne({ number: 'INC-1042' }));
      expect(found).toMatchObject({ number: 'INC-1042' });
    } finally {
      await second.stop();
    }
  });

  it('never falls back to another engine once the folder holds data', async () => {
    const { log } = recordingLog();
    // Both engines made unusable: only the one that holds the data may be tried.
    const attempt = startEmbeddedDatabase({ dataDir, log, stallTimeoutMs: 1, ferretdbBinary: '/nonexistent/ferretdb' });
    await expect(attempt).rejects.toBeInstanceOf(EmbeddedDatabaseUnavailableError);
    const err = (await attempt.catch((e: EmbeddedDatabaseUnavailableError) => e)) as EmbeddedDatabaseUnavailableError;
    expect(err.attempts).toHaveLength(2);
    expect(err.attempts[0]).toMatch(/holds (memory-server|ferretdb) data/);
  });

  it('says how to use your own MongoDB when no engine can start', async () => {
    const { log, lines } = recordingLog();
    const empty = await mkdtemp(join(tmpdir(), 'opsdesk-embedded-none-'));
    try {
      const attempt = startEmbeddedDatabase({
        dataDir: empty,
        log,
        engines: ['ferretdb'],
        ferretdbBinary: '/nonexistent/ferretdb',
      });
      await expect(attempt).rejects.toMatchObject({
        code: 'DB_EMBEDDED_UNAVAILABLE',
        message: expect.stringContaining('Set MONGODB_URI=mongodb://'),
      });
      expect(lines.map((l) => l.level)).toEqual(['warn', 'error']);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});

describe('startMemoryServer', () => {
  it('gives up on a mongod download that stalls', async () => {
    // A "download server" that accepts the connection and never answers.
    const sockets: Socket[] = [];
    const server = createServer((s) => sockets.push(s));
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as AddressInfo;
    const downloadDir = await mkdtemp(join(tmpdir(), 'opsdesk-mongod-dl-'));
    const env = {
      MONGOMS_DOWNLOAD_MIRROR: `http://127.0.0.1:${port}`,
      MONGOMS_DOWNLOAD_DIR: downloadDir,
      MONGOMS_PREFER_GLOBAL_PATH: 'false',
      MONGOMS_USE_HTTP: 'true',
    };
    Object.assign(process.env, env);
    const started = Date.now();
    try {
      await expect(startMemoryServer({ stallTimeoutMs: 1500 })).rejects.toThrow(/no progress for 2 s/);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      for (const key of Object.keys(env)) delete process.env[key];
      sockets.forEach((s) => s.destroy());
      await new Promise((done) => server.close(done));
      await rm(downloadDir, { recursive: true, force: true });
    }
  });
});
