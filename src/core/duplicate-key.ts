/** MongoDB's (and FerretDB's) error code for an insert or upsert that a unique index refused. */
const DUPLICATE_KEY = 11000;

/** True when `err` is a unique index refusing a write: someone else wrote that key first. */
export function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === DUPLICATE_KEY;
}

/**
 * Runs an upsert by `_id` that another process (or this one) may run at the same moment: of two
 * upserts of one new `_id`, one inserts and the other may fail on the duplicate key (MongoDB and
 * FerretDB alike). Run again, it finds the document and updates it.
 */
export async function raceSafeUpsert<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    return write();
  }
}
