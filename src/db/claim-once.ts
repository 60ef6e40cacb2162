import mongoose, { Schema } from 'mongoose';
import { isDuplicateKey } from '../core/duplicate-key';
import { GroupInsert } from './group-insert';

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

/** Who holds a claim, if anyone. */
export async function claimOwner(key: string): Promise<string | undefined> {
  const doc = await Claim.findById(key).lean<ClaimDoc>();
  return doc?.owner;
}
