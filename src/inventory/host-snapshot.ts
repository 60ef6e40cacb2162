import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { raceSafeUpsert } from '../core/duplicate-key';
import { Host, type HostDoc } from './host.model';

/**
 * The inventory's stamp (`inventory_state`, `_id: 'hosts'`): a new random `v` for every change of the hosts, and
 * `writing` while one is under way. Every writer of `inventory_hosts` (the import, in any process) stamps before and
 * after it writes; a writer that dies half-way leaves `writing`, and then no reader keeps a copy until the next
 * write completes.
 */
interface StampDoc {
  _id: 'hosts';
  v: string;
  writing: boolean;
}

const stamps = () => mongoose.connection.collection<StampDoc>('inventory_state');

async function readStamp(): Promise<StampDoc | null> {
  return stamps().findOne({ _id: 'hosts' });
}

/** Marks the hosts as being changed (before a write) or changed (after it): a new stamp either way. */
export async function stampHosts(writing: boolean): Promise<void> {
  await raceSafeUpsert(() =>
    stamps().updateOne({ _id: 'hosts' }, { $set: { v: randomUUID(), writing } }, { upsert: true }),
  );
}

/**
 * The whole inventory as last read, kept while its stamp stands: a `/deploy` reads it four times (targets, the
 * policy's check, the planning conflicts, the runner's gate), each a read of every host; now each is one read of
 * the stamp by `_id` unless the hosts changed (issue 18). A copy is kept only when the stamp was the same before
 * and after the read and no write was under way, so a copy never mixes two versions. Without a stamp (hosts written
 * before stamps existed) nothing is kept. The hosts are frozen: callers share them.
 */
export class HostSnapshot {
  private kept?: { v: string; hosts: readonly HostDoc[] };
  private reading?: { v: string | undefined; hosts: Promise<readonly HostDoc[]> };

  async all(): Promise<HostDoc[]> {
    const before = await readStamp();
    if (before && !before.writing && this.kept?.v === before.v) return [...this.kept.hosts];
    // Callers at the same moment share one read, if it began under the stamp they saw.
    if (before && !before.writing && this.reading?.v === before.v) return [...(await this.reading.hosts)];
    const reading = { v: before?.v, hosts: this.read(before) };
    this.reading = reading;
    try {
      return [...(await reading.hosts)];
    } finally {
      if (this.reading === reading) this.reading = undefined;
    }
  }

  private async read(before: StampDoc | null): Promise<readonly HostDoc[]> {
    const hosts = (await Host.find({}).lean<HostDoc[]>()).map(freezeHost);
    const after = await readStamp();
    if (before && after && !before.writing && !after.writing && before.v === after.v) this.kept = { v: after.v, hosts };
    else this.kept = undefined;
    return hosts;
  }
}

function freezeHost(h: HostDoc): HostDoc {
  for (const value of Object.values(h)) if (Array.isArray(value) || isPlain(value)) Object.freeze(value);
  return Object.freeze(h);
}

function isPlain(value: unknown): value is object {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}
