import mongoose, { Schema, Types, type Model } from 'mongoose';
import { Versioned } from '../db/versioned';
import { DeployTarget, type DeploymentDoc, type TargetDoc, type TargetState } from './deployment.model';

/** One target as a version of its deployment's book says. */
export interface BookEntry {
  host: string;
  wave: number;
  state: TargetState;
  attempts: number;
  endedAt?: Date;
  dropped?: boolean;
  chased?: boolean;
  retryApprovedBy?: string;
}

/**
 * The states of a deployment's targets (its target book), one version per write, inserted by `_id`
 * `<deploymentId>:<version>` (src/db/versioned.ts): `/deploy` inserts version 1 (the plan, all pending); a runner's
 * flush at a wave's end, a chase round or an operator's mark inserts the next, the whole list. No write is lost to
 * another at once, and every read and write goes by `_id`: its cost does not grow with the deployments kept (an
 * update, or a find by `deploymentId`, scans them all on FerretDB 1.x).
 */
interface BookDoc {
  _id: string;
  deploymentId: DeploymentDoc['_id'];
  version: number;
  targets: BookEntry[];
  at: Date;
}

const entrySchema = new Schema<BookEntry>(
  {
    host: { type: String, required: true },
    wave: { type: Number, required: true },
    state: { type: String, required: true },
    attempts: { type: Number, required: true },
    endedAt: Date,
    dropped: Boolean,
    chased: Boolean,
    retryApprovedBy: String,
  },
  { _id: false },
);

const bookSchema = new Schema<BookDoc>(
  {
    _id: { type: String, required: true },
    deploymentId: { type: Schema.Types.ObjectId, required: true },
    version: { type: Number, required: true },
    targets: { type: [entrySchema], default: [] },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);

export const TargetBook =
  (mongoose.models.TargetBook as mongoose.Model<BookDoc> | undefined) ??
  mongoose.model<BookDoc>('TargetBook', bookSchema, 'deploy_target_states');

type Id = DeploymentDoc['_id'];

const book = new Versioned<BookEntry[]>(TargetBook as unknown as Model<never>, {
  toDoc: (key, targets) => ({ deploymentId: new Types.ObjectId(key), targets }),
  fromDoc: (doc) => (doc.targets as BookEntry[]).map(clean),
  copy: (targets) => targets.map((e) => ({ ...e })),
});

/**
 * A deployment's targets as its book says now, ordered by wave and host. A deployment recorded before the books
 * (or by a test that wrote target documents) is read from its target documents.
 */
export async function readTargets(deploymentId: Id): Promise<TargetDoc[]> {
  const v = await book.latest(String(deploymentId));
  if (v) return v.value.map((e) => asTarget(deploymentId, e));
  return DeployTarget.find({ deploymentId }).sort({ wave: 1, host: 1 }).lean<TargetDoc[]>();
}

/** One target of a deployment, or undefined. */
export async function readTarget(deploymentId: Id, host: string): Promise<TargetDoc | undefined> {
  return (await readTargets(deploymentId)).find((t) => t.host === host);
}

/** Version 1: the plan `/deploy` recorded, every target pending, ordered by wave and host. */
export async function recordPlan(deploymentId: Id, planned: readonly TargetDoc[]): Promise<void> {
  const targets = planned
    .map((t) => clean({ host: t.host, wave: t.wave, state: t.state, attempts: t.attempts }))
    .sort((a, b) => a.wave - b.wave || (a.host < b.host ? -1 : a.host > b.host ? 1 : 0));
  await book.first(String(deploymentId), targets);
}

/**
 * Writes the next version: `change` gets a copy of the latest entries and changes them in place, returning false
 * when there is nothing to write (a version written meanwhile by another writer is read and `change` applied to it
 * again). The entries written, or undefined when nothing was. A deployment without a book starts it from its
 * target documents.
 */
export function writeTargets(
  deploymentId: Id,
  change: (targets: BookEntry[]) => boolean,
): Promise<BookEntry[] | undefined> {
  return book.write(String(deploymentId), change, async () =>
    (await DeployTarget.find({ deploymentId }).sort({ wave: 1, host: 1 }).lean<TargetDoc[]>()).map(clean),
  );
}

/** Marks every pending target skipped (a deployment ended before they started). */
export function skipPending(endedAt: Date): (targets: BookEntry[]) => boolean {
  return (targets) => {
    let changed = false;
    for (const t of targets)
      if (t.state === 'pending') {
        t.state = 'skipped';
        t.endedAt = endedAt;
        changed = true;
      }
    return changed;
  };
}

/** A stored entry without the empty fields the driver gives back. */
function clean(e: BookEntry): BookEntry {
  const out: BookEntry = { host: e.host, wave: e.wave, state: e.state, attempts: e.attempts };
  if (e.endedAt) out.endedAt = e.endedAt;
  if (e.dropped) out.dropped = true;
  if (e.chased) out.chased = true;
  if (e.retryApprovedBy) out.retryApprovedBy = e.retryApprovedBy;
  return out;
}

function asTarget(deploymentId: Id, e: BookEntry): TargetDoc {
  return { deploymentId, dropped: false, chased: false, ...e };
}
