/** MongoDB's (and FerretDB's) error code for an insert or upsert that a unique index refused. */
const DUPLICATE_KEY = 11000;

/** True when `err` is a unique index refusing a write: someone else wrote that key first. */
export function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === DUPLICATE_KEY;
}
