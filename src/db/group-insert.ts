import type { Collection, Document } from 'mongodb';
import type { AnyObject, HydratedDocument, Model } from 'mongoose';

interface Pending {
  doc: Document;
  resolve: () => void;
  reject: (err: unknown) => void;
}

interface WriteErrorLike {
  index: number;
  code?: number;
  errmsg?: string;
  err?: { code?: number; errmsg?: string; keyValue?: unknown };
}

/** A write error of one document of a batch, shaped as `insertOne` would have thrown it. */
export class InsertRefused extends Error {
  constructor(
    readonly code: number | undefined,
    message: string,
    readonly keyValue?: unknown,
  ) {
    super(message);
    this.name = 'InsertRefused';
  }
}

/**
 * Group commit for inserts into one collection: each caller inserts one document and hears about that document
 * only (done, or the error `insertOne` would have thrown, a duplicate key included), while the inserts of callers
 * that overlap share one `insertMany` (unordered). With nothing in flight an insert leaves at once (after the
 * current tick, so callers in the same tick share it); those that arrive while a batch is in flight leave together
 * when it returns, or after `holdMs` if it has not: a batch stuck in a database outage never holds back the inserts
 * behind it for longer than that. At a few writes a second nothing waits; under load the round trips (and the
 * database's per-command cost: on FerretDB a SQLite transaction each) are shared instead of queued (issue 18). A
 * failure of the whole command (the network) fails every insert of its batch, as it would have failed each alone.
 */
export class GroupInsert {
  private queue: Pending[] = [];
  private inFlight = 0;
  private soon = false;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly collection: () => Collection,
    private readonly opts: { maxBatch?: number; holdMs?: number } = {},
  ) {}

  insert(doc: Document): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ doc, resolve, reject });
      if (this.inFlight === 0) {
        if (this.soon) return;
        this.soon = true;
        process.nextTick(() => {
          this.soon = false;
          this.send();
        });
      } else {
        this.timer ??= setTimeout(() => this.send(), this.opts.holdMs ?? 20);
      }
    });
  }

  private send(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.queue.length) {
      const batch = this.queue.splice(0, this.opts.maxBatch ?? 500);
      this.inFlight++;
      void this.write(batch).finally(() => {
        this.inFlight--;
        if (this.queue.length && !this.soon) this.send();
      });
    }
  }

  private async write(batch: Pending[]): Promise<void> {
    try {
      if (batch.length === 1) await this.collection().insertOne(batch[0].doc);
      else
        await this.collection().insertMany(
          batch.map((p) => p.doc),
          { ordered: false },
        );
    } catch (err) {
      const bulk = err as { writeErrors?: WriteErrorLike[] | WriteErrorLike; insertedCount?: unknown };
      const writeErrors = [bulk.writeErrors ?? []].flat();
      const refused = new Map<number, InsertRefused>();
      for (const w of writeErrors) {
        const code = w.code ?? w.err?.code;
        refused.set(w.index, new InsertRefused(code, w.errmsg ?? w.err?.errmsg ?? `E${code ?? '?'}`, w.err?.keyValue));
      }
      // A document is inserted only by the server's word: its reply refused some documents and counted every other
      // one as inserted. The driver wraps a failure of the command itself (the network, a server going down) in
      // the same error class, with no write errors and nothing counted: every other insert of the batch failed as
      // far as anyone knows, as it would have failed alone. (Taking "no write error" for "inserted" told reporters
      // "Logged as INC-…" for cases never stored, and could have let two processes win one claim.)
      const answered = batch.length > 1 && refused.size > 0 && bulk.insertedCount === batch.length - refused.size;
      batch.forEach((p, i) => {
        const e = refused.get(i);
        if (e) p.reject(e);
        else if (answered) p.resolve();
        else p.reject(err);
      });
      return;
    }
    for (const p of batch) p.resolve();
  }
}

/**
 * `Model.create` for one document, through a group commit: the document is cast, given its defaults and
 * timestamps and validated as `create` does, then inserted with the others of its moment. (No `save` hooks run:
 * the models given here have none.)
 */
export function groupedCreate<T>(model: Model<T>): (fields: AnyObject) => Promise<HydratedDocument<T>> {
  const group = new GroupInsert(() => model.collection as unknown as Collection);
  return async (fields) => {
    const doc = new model(fields);
    (doc as { initializeTimestamps?: () => void }).initializeTimestamps?.();
    await doc.validate();
    await group.insert(doc.toBSON() as Document);
    return doc;
  };
}
