import mongoose from 'mongoose';
import type { Collection } from 'mongodb';
import { isDuplicateKey } from '../core/duplicate-key';
import {
  type CaseRow,
  caseRow,
  type EndedRow,
  endedRow,
  filedAt,
  newestRows,
  type RowSource,
  rowIsOpen,
} from './case-row';
import { type PackedRow, packRow, unpackRow } from './row-pack';

/**
 * The roll-ups the digest, `stats` and the SLA check read instead of the tickets: one small row per
 * case (src/tickets/case-row.ts), kept where those readers look for it:
 *
 *  - `rollup_open`: the cases open now (a few hundred at most; the SLA clocks run over them at read time);
 *  - `rollup_created_<yyyy>_<mm>_<dd>`: the cases not open, by the UTC week (named by its Monday)
 *    they were reported in (`stats`);
 *  - `rollup_ended_<yyyy>_<mm>_<dd>`: the same cases by the week they were last resolved or closed
 *    (`filedAt`), as slim rows (`EndedRow`: what the digest's "new and resolved since" and chart read).
 *
 * A reader reads only the collections of the weeks it needs, whole (no filter the server must scan
 * a big collection for: FerretDB 1.x scans on anything but a find by `_id`, and decodes every value
 * it returns, so rows are stored packed: src/tickets/row-pack.ts). Every write is the case's row,
 * a pure function of the case, written by `_id` with `replaceOne` (upsert) unless a newer row
 * (higher `v`) is there: writing it again, or from two processes, changes nothing, so each change
 * counts exactly once. A row moves by writing the new one before deleting the old; a reader keeps
 * the newest row of each case, so a row left behind by a crash is never counted. A crash between
 * the write of a case and of its row is repaired from `rollup_pending` (see `markPending`).
 */
export const ROLLUP_OPEN = 'rollup_open';
export const ROLLUP_PENDING = 'rollup_pending';
export const ROLLUP_STATE = 'rollup_state';
const CREATED = 'rollup_created_';
const ENDED = 'rollup_ended_';
/** Every roll-up collection's name starts with this. */
export const ROLLUP_PREFIX = 'rollup_';

const DAY_MS = 86_400_000;
/** `2026_03_09`: the Monday (UTC) of the week of `d`, as it sorts. 1 January 1970 was a Thursday. */
function week(d: Date): string {
  const days = Math.floor(new Date(d).getTime() / DAY_MS);
  const monday = days - ((((days + 3) % 7) + 7) % 7);
  return new Date(monday * DAY_MS).toISOString().slice(0, 10).replaceAll('-', '_');
}
export const createdCollection = (d: Date) => `${CREATED}${week(d)}`;
export const endedCollection = (d: Date) => `${ENDED}${week(d)}`;

export function rollupCollection<T extends { _id: string } = PackedRow>(name: string): Collection<T> {
  return mongoose.connection.collection(name) as unknown as Collection<T>;
}

/**
 * Writes the row unless a newer one of the case is there (the upsert then meets the unique `_id`).
 * A row moving into `name` (`moving`) is inserted first: an insert is arbitrated by the unique index,
 * while FerretDB performs every update as a read of the whole collection; only if a row is there
 * already (left by a crash or a late write) is it replaced.
 */
async function put(name: string, row: CaseRow | EndedRow, moving = false): Promise<void> {
  const doc = packRow(row);
  try {
    if (moving) return void (await rollupCollection(name).insertOne(doc));
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  try {
    await rollupCollection(name).replaceOne({ _id: doc._id, v: { $lte: doc.v } }, doc, { upsert: true });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
}

/** Deletes the case's row from `name` if it is older than `v`. */
async function drop(name: string, id: string, v: number): Promise<void> {
  await rollupCollection(name).deleteOne({ _id: id, v: { $lt: v } });
}

/** New cases' rows not yet written, by case (written together within `NEW_CASE_FLUSH_MS`). */
const queued = new Map<string, CaseRow>();
let flushTimer: NodeJS.Timeout | undefined;
let flushing: Promise<void> = Promise.resolve();
export const NEW_CASE_FLUSH_MS = 500;

/**
 * A case just reported: its row is written off the path of the report, with the other new cases of
 * the next `NEW_CASE_FLUSH_MS` in one insert (readers in this process flush first). Should the
 * process die before, the case's `reported:` ref (written with its receipt's links) has it written
 * at the next start or by the nightly housekeeping (src/tickets/new-case-rollups.ts).
 */
export function queueNewCase(t: RowSource): void {
  const row = caseRow(t);
  queued.set(row._id, row);
  flushTimer ??= setTimeout(() => {
    flushTimer = undefined;
    flushNewCases().catch(() => undefined);
  }, NEW_CASE_FLUSH_MS);
  flushTimer.unref();
}

/** Writes the queued new cases' rows (inserts; a row already there is newer and stands). */
export async function flushNewCases(): Promise<void> {
  if (flushTimer) clearTimeout(flushTimer);
  flushTimer = undefined;
  const rows = [...queued.values()];
  queued.clear();
  if (rows.length)
    flushing = flushing.then(() =>
      rollupCollection(ROLLUP_OPEN)
        .insertMany(rows.map(packRow), { ordered: false })
        .then(
          () => undefined,
          (err: { writeErrors?: Array<{ code?: number }> | { code?: number } }) => {
            const errors = [err.writeErrors ?? []].flat();
            if (errors.length && errors.every((e) => e.code === 11000)) return;
            // Tried again with the next flush (the `reported:` refs cover a process that dies meanwhile).
            for (const row of rows) if (!queued.has(row._id)) queued.set(row._id, row);
          },
        ),
    );
  await flushing;
}

/**
 * Writes the roll-up of a case after it changed. `before` is the case as it was read before the
 * change ('new' for a case just reported; undefined when unknown, e.g. after a crash): it says
 * which old rows to delete. One write for a new case; a write and a read by `_id` for a change that
 * keeps it open.
 */
export async function writeRollup(t: RowSource, before?: RowSource | 'new'): Promise<void> {
  const row = caseRow(t);
  // A change before the new case's row was written: this row is newer.
  queued.delete(row._id);
  const old = before && before !== 'new' ? caseRow(before) : undefined;
  const oldEnded = old && !rowIsOpen(old) ? endedCollection(filedAt(old)) : undefined;
  if (rowIsOpen(row)) {
    await put(ROLLUP_OPEN, row, Boolean(old && !rowIsOpen(old)));
    if (before === 'new') return;
    // A late write (a slow process) of a case that has ended since: its newer row, in the week the
    // case was reported, wins. The writer of that row deletes open rows after writing it, and this
    // one checks for it after writing: whichever comes last sees the other.
    const created = createdCollection(row.createdAt);
    const newer = await rollupCollection(created).findOne({ _id: row._id }, { projection: { v: 1 } });
    if (newer && newer.v > row.v) return drop(ROLLUP_OPEN, row._id, newer.v);
    if (old && rowIsOpen(old)) return;
    await drop(created, row._id, row.v);
    if (oldEnded) await drop(oldEnded, row._id, row.v);
    return;
  }
  const wasOpen = Boolean(old && rowIsOpen(old));
  await put(createdCollection(row.createdAt), row, wasOpen);
  const ended = endedCollection(filedAt(row));
  await put(ended, endedRow(row), wasOpen || ended !== oldEnded);
  if (!old || rowIsOpen(old)) await drop(ROLLUP_OPEN, row._id, row.v);
  if (oldEnded && oldEnded !== ended) await drop(oldEnded, row._id, row.v);
}

/** The weeks from `from` (to `to`, else the newest) among collection `names` of `prefix`. */
function weeksOf(names: string[], prefix: string, from: Date, to?: Date): string[] {
  const first = `${prefix}${week(from)}`;
  const last = to ? `${prefix}${week(to)}` : undefined;
  // Only week names (a collection of an older generation, by month, is not read).
  const weekly = (n: string) => /^\d{4}_\d{2}_\d{2}$/u.test(n.slice(prefix.length));
  return names.filter((n) => n.startsWith(prefix) && weekly(n) && n >= first && (!last || n <= last)).sort();
}

export interface RollupQuery {
  /** Cases reported at or after this (and before `createdTo`, if given). */
  createdFrom?: Date;
  createdTo?: Date;
  /** Cases not open filed (`filedAt`: resolved, closed, or else reported) at or after this. */
  endedFrom?: Date;
}

/**
 * The newest row of every case open now, reported in the range, or ended since `endedFrom`, and
 * possibly some more (of the same weeks): callers filter by the exact times. Oldest first. A case
 * whose newest row was read from an ended week is an `EndedRow` (it is not open).
 */
export async function readRollups(q: RollupQuery & { endedFrom: Date }): Promise<Array<CaseRow | EndedRow>>;
export async function readRollups(q: RollupQuery): Promise<CaseRow[]>;
export async function readRollups(q: RollupQuery): Promise<Array<CaseRow | EndedRow>> {
  await flushNewCases();
  const all = await rollupCollectionNames();
  const names = [
    ROLLUP_OPEN,
    ...(q.createdFrom ? weeksOf(all, CREATED, q.createdFrom, q.createdTo) : []),
    ...(q.endedFrom ? weeksOf(all, ENDED, q.endedFrom) : []),
  ];
  const read = await Promise.all(names.map((n) => rollupCollection(n).find({}).toArray()));
  return sortRows(newestRows(read.flat()).map((doc) => unpackRow<CaseRow | EndedRow>(doc)));
}

/** The rows of the cases open now, oldest first (the SLA check: one small collection, not the tickets). */
export async function readOpenRollups(): Promise<CaseRow[]> {
  await flushNewCases();
  const docs = newestRows(await rollupCollection(ROLLUP_OPEN).find({}).toArray());
  return sortRows(docs.map((doc) => unpackRow(doc)).filter(rowIsOpen));
}

/** Every case's newest row in the roll-ups (the repair check and the model test; ended rows repeat created ones). */
export async function readAllRollups(): Promise<CaseRow[]> {
  return readRollups({ createdFrom: new Date(0) });
}

/** Oldest first (an `EndedRow` has no number: such rows sort by their `_id`, the case's ObjectId, on a tie). */
export function sortRows<T extends { _id: string; createdAt: Date; number?: number }>(rows: T[]): T[] {
  return rows.sort(
    (a, b) =>
      new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime() ||
      (a.number ?? 0) - (b.number ?? 0) ||
      a._id.localeCompare(b._id),
  );
}

/** The names of every roll-up collection (rows, pending marks and the built mark). */
export async function rollupCollectionNames(): Promise<string[]> {
  const names = await mongoose.connection.db!.listCollections({}, { nameOnly: true }).toArray();
  return names.map((c) => c.name).filter((n) => n.startsWith(ROLLUP_PREFIX));
}
