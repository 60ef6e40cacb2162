import mongoose, { Schema } from 'mongoose';
import { claimOnce } from './claim-once';
import { claims } from './claims';
import { isDuplicateKey } from '../core/duplicate-key';
import { withKeyLock } from './keyed-lock';

interface CounterDoc {
  _id: string;
  seq: number;
}

const counterSchema = new Schema<CounterDoc>(
  { _id: { type: String, required: true }, seq: { type: Number, required: true } },
  { versionKey: false },
);

/** High-water marks of sequences; a hint only: the claims decide. */
export const Counter =
  (mongoose.models.Counter as mongoose.Model<CounterDoc> | undefined) ??
  mongoose.model<CounterDoc>('Counter', counterSchema, 'counters');

/**
 * The next number of a sequence ('incident', 'rfc', …). Each number is claimed by a unique insert
 * (`seq:<name>:<n>`), so concurrent callers in any number of processes never share a number, on
 * MongoDB and FerretDB alike; within a process callers queue, so numbers come without gaps.
 */
export async function nextSequence(name: string): Promise<number> {
  return withKeyLock(`seq:${name}`, async () => {
    const mark = await Counter.findById(name).lean<CounterDoc>();
    let n = mark?.seq ?? 0;
    for (;;) {
      n++;
      if (await claimOnce(claims.seq(name, n), String(process.pid))) break;
    }
    try {
      await Counter.updateOne({ _id: name }, { $max: { seq: n } }, { upsert: true });
    } catch (err) {
      // Another process created the mark at the same moment; the claim above already decided.
      if (!isDuplicateKey(err)) throw err;
    }
    return n;
  });
}
