/**
 * Counting database round trips with the MongoDB driver's command monitoring: a test connects with
 * `monitoredDbUri()` and wraps the work in `commandsDuring`.
 */
import type { CommandStartedEvent } from 'mongodb';
import mongoose from 'mongoose';
import { testDbUri, withCommandMonitoring } from './db';

/** Reads and writes; not the handshakes, index builds or `getMore`s of the driver itself. */
const CRUD = new Set(['find', 'insert', 'update', 'delete', 'findAndModify', 'aggregate', 'count', 'distinct']);

/** A fresh test database whose client reports every command it sends. */
export function monitoredDbUri(): string {
  return withCommandMonitoring(testDbUri());
}

/** The reads and writes sent on the mongoose connection while `fn` runs, but those on `except` collections. */
export async function commandsDuring(
  fn: () => Promise<unknown>,
  except: readonly string[] = [],
): Promise<CommandStartedEvent[]> {
  const client = mongoose.connection.getClient();
  if (client.options.monitorCommands !== true) throw new Error('connect with monitoredDbUri() to count commands');
  const seen: CommandStartedEvent[] = [];
  const listen = (e: CommandStartedEvent) => {
    if (CRUD.has(e.commandName) && !except.includes(String(e.command[e.commandName]))) seen.push(e);
  };
  client.on('commandStarted', listen);
  try {
    await fn();
  } finally {
    client.off('commandStarted', listen);
  }
  return seen;
}

/** `find tickets ["_id"]`: the command, its collection and the fields its filter names. */
export function describeCommand(e: CommandStartedEvent): string {
  const filter = (e.command.filter ?? e.command.q ?? {}) as Record<string, unknown>;
  return `${e.commandName} ${String(e.command[e.commandName])} ${JSON.stringify(Object.keys(filter))}`;
}
