/**
 * The MongoDB driver hang behind "the pool stays wedged after the database restarts"
 * (src/db/driver-write-guard.ts), shown without a database: the server closes a connection cleanly,
 * and a command is sent in the moment before the driver saw 'close' (what the server monitor's
 * heartbeat does when a failed operation asks for an immediate check). The driver as published
 * waits for ever; with the guard the command fails with a network error, which the driver handles.
 */
import { createRequire } from 'node:module';
import net from 'node:net';
import { installDriverWriteGuard } from '../../../src/db/driver-write-guard';

/** The driver mongoose uses (mongoose 9 pins its own copy). */
const driver = createRequire(createRequire(__filename).resolve('mongoose'));
const { Connection } = driver('mongodb/lib/cmap/connection') as {
  Connection: new (socket: net.Socket, options: object) => DriverConnection;
};
const { ns } = driver('mongodb/lib/utils') as { ns: (name: string) => unknown };

interface DriverConnection {
  closed: boolean;
  command(ns: unknown, cmd: object, options: object): Promise<unknown>;
}

let server: net.Server;
beforeAll(async () => {
  // A server that accepts, then closes the connection cleanly (FIN), as FerretDB does at shutdown.
  server = net.createServer((s) => setTimeout(() => s.end(), 50));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/**
 * Sends `hello` in the moment after the server's FIN, before the driver saw the socket close; how it ends within 3 s.
 */
async function helloInTheWindow(): Promise<string> {
  const socket = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  const conn = new Connection(socket, { id: '<monitor>', hostAddress: { toString: () => 'test' }, generation: 0 });
  await new Promise((resolve) => socket.once('end', () => setImmediate(resolve)));
  const sent = conn.command(ns('admin.$cmd'), { hello: 1 }, { socketTimeoutMS: 30_000 });
  const outcome = await Promise.race([
    sent.then(
      () => 'answered',
      (err: Error) => `failed: ${err.name}`,
    ),
    new Promise<string>((resolve) => setTimeout(resolve, 3000, 'still waiting')).finally(() => socket.destroy()),
  ]);
  return outcome;
}

test('the published driver waits for ever (when this fails, the driver is fixed: remove the guard)', async () => {
  expect(await helloInTheWindow()).toBe('still waiting');
});

test('with the guard the command fails at once with a network error', async () => {
  expect(installDriverWriteGuard().length).toBeGreaterThanOrEqual(1);
  const started = Date.now();
  expect(await helloInTheWindow()).toBe('failed: MongoNetworkError');
  expect(Date.now() - started).toBeLessThan(2500);
});
