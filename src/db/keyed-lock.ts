/**
 * In-process serialisation per key. FerretDB 1.x executes findAndModify/update as a read followed
 * by a write by _id, so two concurrent read-modify-writes of one document can both "win"; within a
 * process this lock removes that race (on MongoDB it merely orders work that was atomic anyway).
 * Across processes, use unique-index claims (`claimOnce`, `nextSequence`).
 */
const tails = new Map<string, Promise<unknown>>();

export async function withKeyLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const previous = tails.get(key) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((resolve) => (release = resolve));
  const tail = previous.then(() => mine);
  tails.set(key, tail);
  try {
    await previous.catch(() => undefined);
    return await fn();
  } finally {
    release();
    if (tails.get(key) === tail) tails.delete(key);
  }
}
