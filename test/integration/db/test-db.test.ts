import { MongoClient } from 'mongodb';
import { dropTestDb, testDbName, testDbUri, withDatabase } from '../../support/db';

describe('testDbUri', () => {
  const clients: MongoClient[] = [];
  const connect = async (uri: string) => {
    const client = await MongoClient.connect(uri, { serverSelectionTimeoutMS: 10_000 });
    clients.push(client);
    return client;
  };
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
  });

  it('gives each call its own database, invisible to the others', async () => {
    const a = testDbUri('a');
    const b = testDbUri('b');
    expect(a).not.toEqual(b);
    const ca = await connect(a);
    const cb = await connect(b);
    await ca.db().collection('things').insertOne({ name: 'only in a' });
    expect(await cb.db().collection('things').countDocuments()).toBe(0);
    expect(await ca.db().collection('things').countDocuments()).toBe(1);

    await dropTestDb(a);
    await dropTestDb(b);
    const names = (await ca.db().admin().listDatabases()).databases.map((d) => d.name);
    expect(names).not.toContain(ca.db().databaseName);
  });

  it('makes short names FerretDB accepts, even from odd labels', () => {
    const name = testDbName('a label with spaces/and.dots$'.repeat(4));
    expect(name).toMatch(/^opsdesk_t_[0-9a-f]{8}_\d+_\d+[0-9a-f]{6}_[A-Za-z0-9_-]{16}$/);
    expect(name.length).toBeLessThanOrEqual(63);
  });

  it('refuses to drop a database it did not name', async () => {
    await expect(dropTestDb(withDatabase(process.env.OPSDESK_TEST_MONGODB_URI!, 'opsdesk'))).rejects.toThrow(
      /not a test database/,
    );
  });
});

describe('withDatabase', () => {
  it('replaces the database and keeps hosts and options', () => {
    expect(withDatabase('mongodb://127.0.0.1:27017/', 'x')).toBe('mongodb://127.0.0.1:27017/x');
    expect(withDatabase('mongodb://h1,h2/app?replicaSet=rs0', 'x')).toBe('mongodb://h1,h2/x?replicaSet=rs0');
    expect(withDatabase('mongodb+srv://cluster.example', 'x')).toBe('mongodb+srv://cluster.example/x');
  });

  it('keeps logging in to the original database when credentials are given', () => {
    expect(withDatabase('mongodb://u:p@h/app', 'x')).toBe('mongodb://u:p@h/x?authSource=app');
    expect(withDatabase('mongodb://u:p@h', 'x')).toBe('mongodb://u:p@h/x?authSource=admin');
    expect(withDatabase('mongodb://u:p@h/app?authSource=admin', 'x')).toBe('mongodb://u:p@h/x?authSource=admin');
  });
});
