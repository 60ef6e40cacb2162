import { randomBytes } from 'node:crypto';
import mongoose, { Schema } from 'mongoose';
import { isDuplicateKey } from '../core/duplicate-key';
import { GroupInsert } from './group-insert';
import { isDatabaseUnreachable, whileUnreachable } from './while-unreachable';

interface ClaimDoc {
  _id: string;
  owner: string;
  at: Date;
}

const claimSchema = new Schema<ClaimDoc>(
  {
    _id: { type: String, required: true },
    owner: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);

export const Claim =
  (mongoose.models.Claim as mongoose.Model<ClaimDoc> | undefined) ??
  mongoose.model<ClaimDoc>('Claim', claimSchema, 'claims');

/** Claims made at the same time share one insert (a group commit): a deployment's 32 targets, reports at once. */
const inserts = new GroupInsert(() => Claim.collection as never);

/**
 * True for exactly one caller per key, across processes, on MongoDB and FerretDB alike: an
 * insert into a unique _id is the one write both servers arbitrate atomically.
 */
export async function claimOnce(key: string, owner: string, at = new Date()): Promise<boolean> {
  try {
    await inserts.insert({ _id: key, owner, at });
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

/** An owner that names one call (for `claimOnceRetried`): `who` and a random part. */
export function ownerOfThisCall(who: string): string {
  return `${who}:${randomBytes(3).toString('hex')}`;
}

/** How long `claimOnceRetried` tries again while the database cannot be reached. */
export const CLAIM_RETRY_MS = 10_000;

/**
 * `claimOnce` for an owner that names this one call (a new runner id, never shared with another caller), tried again
 * while the database cannot be reached. A claim whose insert was cut off (a database restart) may have been stored
 * all the same: the retry then finds the key taken, and the stored owner says whether it was this call's. Without
 * this a one-shot claim cut off that way held its key with nobody acting on it: a deployment start that neither ran
 * nor could be given up by the reconcile job, which claims the same key.
 */
export async function claimOnceRetried(key: string, owner: string, at = new Date()): Promise<boolean> {
  let cut = false;
  return whileUnreachable(
    async () => {
      try {
        if (await claimOnce(key, owner, at)) return true;
        return cut && (await claimOwner(key)) === owner;
      } catch (err) {
        cut ||= isDatabaseUnreachable(err);
        throw err;
      }
    },
    { forMs: CLAIM_RETRY_MS },
  );
}

/** Who holds a claim, if anyone. */
export async function claimOwner(key: string): Promise<string | undefined> {
  const doc = await Claim.findById(key).lean<ClaimDoc>();
  return doc?.owner;
}
