/**
 * A database server a fault test owns, so it can stop and start it: FerretDB (as CI runs) if a
 * binary is there, else mongod; the same port and data folder on every start.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freeLoopbackPort } from '../../src/db/child-process';
import type { RunningDatabase } from '../../src/db/embedded';
import { findFerretDbBinary, startFerretDb } from '../../src/db/embedded-ferretdb';
import { startMemoryServer } from '../../src/db/embedded-mongod';

export class OwnDatabase {
  private running?: RunningDatabase;
  /** The server's URI (`mongodb://127.0.0.1:PORT/`), the same across restarts. */
  private base = '';

  private constructor(
    readonly dir: string,
    private readonly port: number,
  ) {}

  /** A server in a new temporary folder (`opsdesk-<name>-…`) on a free loopback port. */
  static async start(name: string): Promise<OwnDatabase> {
    const db = new OwnDatabase(mkdtempSync(path.join(tmpdir(), `opsdesk-${name}-`)), await freeLoopbackPort());
    await db.up();
    return db;
  }

  /** The URI of database `name` on this server (the same across restarts). */
  uri(name: string): string {
    return `${this.base}${name}`;
  }

  /** Starts the server again on its port and data. */
  async up(): Promise<void> {
    const binary = findFerretDbBinary();
    this.running = binary
      ? await startFerretDb({ binary, dataDir: path.join(this.dir, 'ferretdb'), port: this.port })
      : await startMemoryServer({ dbPath: path.join(this.dir, 'mongo'), port: this.port });
    this.base = this.running.uri.endsWith('/') ? this.running.uri : `${this.running.uri}/`;
  }

  /** Stops the server, keeping its data. */
  async down(): Promise<void> {
    await this.running?.stop();
    this.running = undefined;
  }

  /** Stops the server and removes its data. */
  async remove(): Promise<void> {
    await this.down();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
