/**
 * Works around a hang in the MongoDB Node driver (7.8 and 7.9, `Connection.writeCommand`) that
 * left opsdesk cut off from a database that was back: after FerretDB restarts, every operation
 * failed with "connection N … closed" for good, while a fresh client connected at once.
 *
 * When the server closes a connection cleanly (FerretDB closes every connection at its shutdown
 * deadline), Node destroys the socket after 'end' but emits 'close' only on a later turn of the
 * event loop, so the driver still takes the connection for open. A command started in between
 * writes to the destroyed socket: `write()` returns false and the driver waits for 'drain' or
 * 'error', neither of which comes on a destroyed socket. When that command is the server monitor's
 * heartbeat, the monitor never runs again: the server stays Unknown, the pool stays paused, and
 * mongoose stays disconnected until the process restarts. (Found and measured in a reproduction:
 * 8 wedges in 40 database restarts without the guard, none in 40 with it.)
 *
 * The guard wraps the driver's own `writeCommand`: a command on a connection whose socket is
 * already destroyed fails at once with a network error, and a write left waiting for 'drain' fails
 * when the socket closes. A network error is what the driver handles: the monitor marks the server
 * Unknown, checks again and reconnects. It patches every copy of the driver opsdesk loads (mongoose
 * 9 pins its own mongodb under node_modules/mongoose/node_modules), and stands down with a warning
 * on a driver whose connection no longer has these members. Remove it once the driver is fixed.
 */
import { createRequire } from 'node:module';

const GUARDED = Symbol.for('opsdesk.driverWriteGuard');

interface DriverConnection {
  id: number | string;
  address: string;
  closed: boolean;
  socket: NodeJS.EventEmitter & { destroyed: boolean };
  onError(err: Error): void;
  writeCommand(command: unknown, options: unknown): Promise<void>;
}

type Warn = (obj: object, msg: string) => void;

/** Installs the guard on every copy of the driver in use; returns the copies guarded. */
export function installDriverWriteGuard(warn: Warn = () => undefined): string[] {
  const entries = new Set<string>();
  for (const from of [__filename, safeResolve('mongoose')]) {
    const entry = from && safeResolve('mongodb', from);
    if (entry) entries.add(entry);
  }
  return [...entries].filter((entry) => guard(entry, warn));
}

function safeResolve(id: string, from: string = __filename): string | undefined {
  try {
    return createRequire(from).resolve(id);
  } catch {
    return undefined;
  }
}

function guard(entry: string, warn: Warn): boolean {
  const load = createRequire(entry);
  let Connection: { prototype: DriverConnection } | undefined;
  let MongoNetworkError: new (message: string) => Error;
  try {
    Connection = (load('./cmap/connection') as { Connection?: { prototype: DriverConnection } }).Connection;
    MongoNetworkError = (load(entry) as { MongoNetworkError: new (message: string) => Error }).MongoNetworkError;
  } catch (err) {
    warn(
      { driver: entry, err: (err as Error).message },
      'mongodb write guard not installed: the driver layout changed',
    );
    return false;
  }
  const proto = Connection?.prototype as (DriverConnection & { [GUARDED]?: boolean }) | undefined;
  if (!proto || typeof proto.writeCommand !== 'function' || typeof proto.onError !== 'function') {
    warn({ driver: entry }, 'mongodb write guard not installed: the driver connection changed');
    return false;
  }
  if (proto[GUARDED]) return true;
  const writeCommand = proto.writeCommand;

  proto.writeCommand = async function guardedWriteCommand(
    this: DriverConnection,
    command: unknown,
    options: unknown,
  ): Promise<void> {
    const socket = this.socket;
    const closedError = () => new MongoNetworkError(`connection ${this.id} to ${this.address} closed`);
    if (this.closed || socket.destroyed) {
      const err = closedError();
      this.onError(err);
      throw err;
    }
    let onClose!: () => void;
    const closed = new Promise<never>((_, reject) => {
      onClose = () => reject(closedError());
      socket.once('close', onClose);
    });
    closed.catch(() => undefined);
    try {
      // A write the socket took settles first; one waiting for 'drain' on a socket that closes fails here.
      await Promise.race([writeCommand.call(this, command, options), closed]);
    } catch (err) {
      if (!this.closed) this.onError(err as Error);
      throw err;
    } finally {
      socket.off('close', onClose);
    }
  };
  proto[GUARDED] = true;
  return true;
}
