import type { Model } from 'mongoose';
import { isDuplicateKey } from '../core/duplicate-key';

/** One version of a value: `version` counts from 1, `value` is the whole value at that version. */
export interface Version<T> {
  version: number;
  value: T;
}

/** How a value is stored: `_id` `<key>:<version>` and `version` set here, the rest from `toDoc`. */
export interface VersionedShape<T> {
  toDoc(key: string, value: T): Record<string, unknown>;
  fromDoc(doc: Record<string, unknown>): T;
  copy(value: T): T;
}

/**
 * A value kept as versions inserted by a deterministic `_id` (`<key>:<version>`), never updated: the latest version
 * is the value. Two writers at once cannot both insert the same version — the loser reads the winner's and applies
 * its change again — so no write is lost on a server whose updates are not atomic (FerretDB 1.x), and every read and
 * write goes by `_id`, whose cost does not grow with the documents kept (an update, or a find by another field,
 * scans the whole collection on FerretDB 1.x). The latest version is found from the one this process last saw (one
 * probes when nothing newer was written), else by doubling then halving (a few probes by `_id`).
 */
export class Versioned<T> {
  private readonly known = new Map<string, Version<T>>();

  constructor(
    private readonly model: Model<never>,
    private readonly shape: VersionedShape<T>,
    private readonly keep = 32,
  ) {}

  private id(key: string, version: number): string {
    return `${key}:${version}`;
  }

  private remember(key: string, v: Version<T>): void {
    this.known.delete(key);
    this.known.set(key, v);
    if (this.known.size > this.keep) this.known.delete(this.known.keys().next().value!);
  }

  private async exists(key: string, version: number): Promise<boolean> {
    return (await this.model.exists({ _id: this.id(key, version) })) !== null;
  }

  /** The latest version (its value is this instance's: copy it before changing it), or undefined. */
  async latest(key: string): Promise<Version<T> | undefined> {
    let seen = this.known.get(key);
    // Still there (a collection emptied meanwhile, as tests do, starts over).
    if (seen && !(await this.exists(key, seen.version))) {
      this.known.delete(key);
      seen = undefined;
    }
    let lo = seen?.version ?? 0;
    if (!lo) {
      if (!(await this.exists(key, 1))) return undefined;
      lo = 1;
    }
    let step = 1;
    while (await this.exists(key, lo + step)) {
      lo += step;
      step *= 2;
    }
    let hi = lo + step; // lo exists, hi does not
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (await this.exists(key, mid)) lo = mid;
      else hi = mid;
    }
    if (seen?.version === lo) return seen;
    const doc = await this.model.findById(this.id(key, lo)).lean<Record<string, unknown>>();
    if (!doc) return undefined;
    const v = { version: lo, value: this.shape.fromDoc(doc) };
    this.remember(key, v);
    return v;
  }

  /** Version 1 (a duplicate key error when there is one). */
  async first(key: string, value: T): Promise<void> {
    await this.insert(key, 1, value);
  }

  /**
   * Writes the next version: `change` gets a copy of the latest value (or of `start()`'s, version 0, when there is
   * none, written even unchanged) and changes it in place, returning false when there is nothing to write. A
   * version inserted meanwhile by another writer is read and `change` applied to it again. The value written, or
   * undefined when nothing was.
   */
  async write(key: string, change: (value: T) => boolean, start: () => Promise<T>): Promise<T | undefined> {
    for (let tries = 0; tries < 50; tries++) {
      const v = (await this.latest(key)) ?? { version: 0, value: await start() };
      const value = this.shape.copy(v.value);
      // A value started from `start()` is written even unchanged: its facts may already hold the change.
      if (!change(value) && v.version > 0) return undefined;
      try {
        await this.insert(key, v.version + 1, value);
      } catch (err) {
        if (isDuplicateKey(err)) continue;
        throw err;
      }
      return value;
    }
    throw new Error(`${key} kept changing under 50 writes`);
  }

  private async insert(key: string, version: number, value: T): Promise<void> {
    const doc = { ...this.shape.toDoc(key, value), _id: this.id(key, version), version, at: new Date() };
    await this.model.create(doc as never);
    this.remember(key, { version, value: this.shape.copy(value) });
  }
}
