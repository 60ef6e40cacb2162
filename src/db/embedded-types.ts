/** The shapes shared by the embedded database engines (src/db/embedded.ts). */

export type EmbeddedEngine = 'memory-server' | 'ferretdb';

/** The part of a pino logger used here. */
export interface DbLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface RunningDatabase {
  engine: EmbeddedEngine;
  /** mongodb://127.0.0.1:PORT/[db] */
  uri: string;
  /** Shuts the server down and waits for it to exit. Safe to call twice. */
  stop(): Promise<void>;
}

/** A logger that drops everything. */
export const NO_LOG: DbLog = { info() {}, warn() {}, error() {} };
