import mongoose from 'mongoose';
import type { Logger } from 'pino';
import { installDriverWriteGuard } from './driver-write-guard';

/** Redacts the password in a MongoDB URI for logs. */
export function redactUri(uri: string): string {
  return uri.replace(/\/\/([^:/@]+):([^@]+)@/u, '//$1:[redacted]@');
}

/** Connects the process-wide mongoose connection and builds the declared indexes. */
export async function connectDatabase(uri: string, log: Logger): Promise<typeof mongoose> {
  mongoose.set('strictQuery', true);
  installDriverWriteGuard((obj, msg) => log.warn(obj, msg));
  await mongoose.connect(uri, { serverSelectionTimeoutMS: 15_000, autoIndex: false });
  await Promise.all(
    Object.values(mongoose.models).map((m) =>
      m.syncIndexes().catch((err: Error) => {
        log.warn({ model: m.modelName, err: err.message }, 'index sync failed');
      }),
    ),
  );
  log.info({ uri: redactUri(uri) }, 'database connected');
  return mongoose;
}

/** Builds the indexes of models registered after connect (models are registered on import). */
export async function ensureIndexes(): Promise<void> {
  await Promise.all(Object.values(mongoose.models).map((m) => m.createIndexes()));
}
