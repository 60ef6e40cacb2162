import { raceSafeUpsert } from '../core/duplicate-key';
import mongoose, { Types } from 'mongoose';
import { claimStep } from '../db/claim-step';
import { claims } from '../db/claims';
import { caseRow, CASE_ROW_FIELDS, endedRow, filedAt, type RowSource, rowIsOpen } from './case-row';
import { type PackedRow, packRow } from './row-pack';
import {
  createdCollection,
  endedCollection,
  ROLLUP_OPEN,
  ROLLUP_PENDING,
  ROLLUP_STATE,
  rollupCollection,
  rollupCollectionNames,
  writeRollup,
} from './case-rollups';
import { Ticket } from './ticket.model';
import { sweepReported } from './new-case-rollups';

/**
 * Bumped when the rows change shape or place: a new generation is built once at start (claims.rollupBuild).
 * 2: collections by week, packed rows, slim ended rows filed by `filedAt`.
 */
export const ROLLUP_GENERATION = 2;
const BUILT_ID = 'built';
/** A pending mark older than this belongs to a write that died (a live one takes milliseconds). */
export const PENDING_STALE_MS = 60_000;
/** Rows held before they are written: the cases come in any order, spread over every day's collections. */
const BATCH = 20_000;

interface StateDoc {
  _id: string;
  generation: number;
  at: Date;
}
interface PendingDoc {
  _id: string;
  ticketId: string;
  at: Date;
}

/** Whether the roll-ups of this generation were built (else the readers aggregate the tickets). */
export async function rollupsBuilt(): Promise<boolean> {
  const doc = await rollupCollection<StateDoc>(ROLLUP_STATE).findOne({ _id: BUILT_ID });
  return doc?.generation === ROLLUP_GENERATION;
}

async function markBuilt(at: Date): Promise<void> {
  // Processes starting at once on an empty database each mark it.
  await raceSafeUpsert(() =>
    rollupCollection<StateDoc>(ROLLUP_STATE).replaceOne(
      { _id: BUILT_ID },
      { generation: ROLLUP_GENERATION, at },
      { upsert: true },
    ),
  );
}

/**
 * Rebuilds every row from the cases (one full read of the tickets): `opsdesk repair`, and the first
 * start on cases that have no roll-ups.
 */
export async function rebuildRollups(at = new Date()): Promise<number> {
  for (const name of await rollupCollectionNames())
    if (name !== ROLLUP_PENDING && name !== ROLLUP_STATE) await mongoose.connection.db!.dropCollection(name);
  let count = 0;
  let batch = new Map<string, PackedRow[]>();
  const flush = async () => {
    const todo = batch;
    batch = new Map();
    for (const [name, rows] of todo) {
      // Inserts (an update scans the collection on FerretDB). A row written meanwhile by a change
      // of the case refuses the insert and stands (run the repair again if cases changed during it).
      await rollupCollection(name)
        .insertMany(rows, { ordered: false })
        .catch((err: { writeErrors?: Array<{ code?: number }> | { code?: number } }) => {
          const errors = [err.writeErrors ?? []].flat();
          if (!errors.length || !errors.every((e) => e.code === 11000)) throw err;
        });
    }
  };
  for await (const t of Ticket.find({}, CASE_ROW_FIELDS).lean<RowSource[]>().cursor()) {
    const row = caseRow(t as RowSource);
    const put = (name: string, r: PackedRow) => {
      const rows = batch.get(name);
      if (rows) rows.push(r);
      else batch.set(name, [r]);
    };
    put(rowIsOpen(row) ? ROLLUP_OPEN : createdCollection(row.createdAt), packRow(row));
    if (!rowIsOpen(row)) put(endedCollection(filedAt(row)), packRow(endedRow(row)));
    if (++count % BATCH === 0) await flush();
  }
  await flush();
  await markBuilt(at);
  return count;
}

/**
 * At start: builds the roll-ups if this generation has none (once across processes; a database
 * without cases is marked built at once), then repairs the rows of writes that died.
 */
export async function ensureRollups(now: Date, owner = String(process.pid)): Promise<void> {
  if (!(await rollupsBuilt())) {
    if (!(await Ticket.exists({}))) {
      await markBuilt(now);
    } else if (await claimStep(claims.rollupBuild(ROLLUP_GENERATION), owner, now, 30 * 60_000)) {
      await rebuildRollups(now);
    }
  }
  await sweepPending(now);
  await sweepReported();
}

/**
 * Marks a case as being changed, before the change is written: should the process die before the
 * case's row is written, `sweepPending` (at start, and in the nightly housekeeping) writes it from
 * the case. One insert; `clearPending` deletes it after the row is written.
 */
export async function markPending(ticketId: unknown, at: Date): Promise<string> {
  const _id = new Types.ObjectId().toHexString();
  await rollupCollection<PendingDoc>(ROLLUP_PENDING).insertOne({ _id, ticketId: String(ticketId), at });
  return _id;
}

export async function clearPending(id: string): Promise<void> {
  await rollupCollection<PendingDoc>(ROLLUP_PENDING).deleteOne({ _id: id });
}

/** Writes the rows of the cases whose change died half-way (marks older than `PENDING_STALE_MS`). */
export async function sweepPending(now: Date): Promise<number> {
  const stale = await rollupCollection<PendingDoc>(ROLLUP_PENDING)
    .find({ at: { $lt: new Date(now.getTime() - PENDING_STALE_MS) } })
    .toArray();
  for (const mark of stale) {
    const t = await Ticket.findById(mark.ticketId, CASE_ROW_FIELDS).lean<RowSource>();
    if (t) await writeRollup(t);
    await clearPending(mark._id);
  }
  return stale.length;
}

/**
 * Writes a change of the case `before` (`write` returns the case after it, or null if nothing was
 * written) and then its roll-up, under a pending mark: a process that dies in between leaves the
 * mark, and the row is written from the case later. The mark is kept whenever the write throws
 * (it may have reached the server); sweeping a case that did not change rewrites the same row.
 */
export async function withRollup<T extends RowSource>(
  before: RowSource,
  at: Date,
  write: () => Promise<T | null>,
): Promise<T | null> {
  const mark = await markPending(before._id, at);
  const after = await write();
  if (after) await writeRollup(after, before);
  await clearPending(mark);
  return after;
}
