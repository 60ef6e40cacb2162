/**
 * The SDK's `IStorageProvider` on MongoDB: sync token, filter and small key/values, one document
 * per key in `matrix_state`, keyed by the bot's user id so several bot accounts can share a
 * database. A restart (or a second process) continues from the stored sync token.
 *
 * The SDK would save the token before its handlers finish; opsdesk's sync loop (sync-client.ts)
 * calls `setSyncToken` itself, only after every event of the batch was handled.
 */
import mongoose, { type Connection, Schema } from 'mongoose';
import { raceSafeUpsert } from '../../src/core/duplicate-key';
import type { IFilterInfo, IStorageProvider } from 'matrix-bot-sdk';

interface MatrixStateDoc {
  _id: string;
  value: unknown;
  updatedAt: Date;
}

const schema = new Schema<MatrixStateDoc>(
  {
    _id: { type: String, required: true },
    value: { type: Schema.Types.Mixed },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);

function stateModel(conn: Connection): mongoose.Model<MatrixStateDoc> {
  return (
    (conn.models.MatrixState as mongoose.Model<MatrixStateDoc> | undefined) ??
    conn.model<MatrixStateDoc>('MatrixState', schema, 'matrix_state')
  );
}

export class MongoStorageProvider implements IStorageProvider {
  private readonly model: mongoose.Model<MatrixStateDoc>;

  constructor(
    /** The bot's user id: the namespace of every key. */
    private readonly account: string,
    conn: Connection = mongoose.connection,
  ) {
    this.model = stateModel(conn);
  }

  private id(key: string): string {
    return `${this.account}|${key}`;
  }

  private async read<T>(key: string): Promise<T | null> {
    const doc = await this.model.findById(this.id(key)).lean<MatrixStateDoc>();
    return (doc?.value as T | undefined) ?? null;
  }

  private async write(key: string, value: unknown): Promise<void> {
    // Two processes on one account (a takeover, a rolling restart) may write a key's first value at once.
    await raceSafeUpsert(() =>
      this.model.updateOne({ _id: this.id(key) }, { $set: { value, updatedAt: new Date() } }, { upsert: true }),
    );
  }

  async setSyncToken(token: string | null): Promise<void> {
    await this.write('syncToken', token);
  }

  getSyncToken(): Promise<string | null> {
    return this.read<string>('syncToken');
  }

  async setFilter(filter: IFilterInfo): Promise<void> {
    await this.write('filter', filter);
  }

  // The SDK's interface says IFilterInfo, but it treats a missing filter as null.
  getFilter(): Promise<IFilterInfo> {
    return this.read<IFilterInfo>('filter') as Promise<IFilterInfo>;
  }

  async storeValue(key: string, value: string): Promise<void> {
    await this.write(`kv.${key}`, value);
  }

  readValue(key: string): Promise<string | null> {
    return this.read<string>(`kv.${key}`);
  }
}
