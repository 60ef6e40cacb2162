import mongoose from 'mongoose';
import { InboundReceipt } from '../../src/db/inbound-receipt.model';

/**
 * Collections written whatever the input: the delivery receipts (one per event, the intake's
 * de-duplication) and process heartbeats (written on a timer so other processes see this one alive).
 */
export const ALWAYS_WRITTEN = new Set([InboundReceipt.collection.name, 'heartbeats']);

/**
 * The roll-up rows (src/tickets/case-rollups.ts): a new case's row is written in a half-second batch after its report,
 * so it may land while a later input is handled. They are a function of the cases, which are watched and snapshot;
 * `test/integration/tickets/rollups.model.test.ts` checks the rows against the cases.
 */
const isRollup = (name: string) => name.startsWith('rollup_');

/** A delivery's `done:` claim (src/bot/event-claim.ts): written for every input, like its receipt. */
const DONE_CLAIM = /^done:/u;

/** The case-number mark, written back on its own timer (src/tickets/incident-numbers.ts), off any input's path. */
function isNumberMarkWrite(command: Record<string, unknown>): boolean {
  const updates = command.updates as Array<{ q?: { _id?: unknown } }> | undefined;
  return !!updates?.length && updates.every((u) => u.q?._id === 'incident');
}

function isDoneClaimInsert(command: Record<string, unknown>): boolean {
  const docs = command.documents as Array<{ _id?: unknown }> | undefined;
  return !!docs?.length && docs.every((d) => DONE_CLAIM.test(String(d._id)));
}

/**
 * Every collection of the connected database but those ALWAYS_WRITTEN, as JSON: equal snapshots
 * before and after an input mean it changed nothing.
 */
export async function dataSnapshot(): Promise<string> {
  const db = mongoose.connection.db;
  if (!db) throw new Error('no database connection');
  const names = (await db.listCollections().toArray())
    .map((c) => c.name)
    .filter((n) => !ALWAYS_WRITTEN.has(n) && !isRollup(n))
    .sort();
  const docs = await Promise.all(
    names.map(async (name) => {
      const filter =
        name === 'claims' ? { _id: { $not: DONE_CLAIM } } : name === 'counters' ? { _id: { $ne: 'incident' } } : {};
      return `${name}\n${JSON.stringify(
        await db
          .collection(name)
          .find(filter as never)
          .toArray(),
      )}`;
    }),
  );
  return docs.join('\n');
}

const WRITE_COMMANDS = new Set([
  'insert',
  'update',
  'delete',
  'findAndModify',
  'create',
  'drop',
  'dropDatabase',
  'createIndexes',
  'dropIndexes',
  'renameCollection',
]);

/**
 * Records every write command the process sends (driver command monitoring: the connection must
 * be opened with `monitorCommands=true`), as "insert tickets", except to ALWAYS_WRITTEN
 * collections. Cheaper than two snapshots per input, and it sees writes that are undone again.
 */
export function watchWrites(): { writes: string[]; stop(): void } {
  const writes: string[] = [];
  const client = mongoose.connection.getClient();
  const listener = (ev: { commandName: string; command: Record<string, unknown> }) => {
    if (!WRITE_COMMANDS.has(ev.commandName)) return;
    const target = String(ev.command[ev.commandName]);
    if (ev.commandName === 'insert' && target === 'claims' && isDoneClaimInsert(ev.command)) return;
    if (ev.commandName === 'update' && target === 'counters' && isNumberMarkWrite(ev.command)) return;
    if (isRollup(target)) return;
    if (!ALWAYS_WRITTEN.has(target)) writes.push(`${ev.commandName} ${target}`);
  };
  client.on('commandStarted', listener);
  return { writes, stop: () => void client.off('commandStarted', listener) };
}
