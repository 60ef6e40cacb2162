/**
 * Importing an inventory writes in bulk: 1,000 hosts cost a fixed handful of database commands,
 * none an update (FerretDB performs each update as a read of the whole collection: the 40 s import
 * of issue 15), and a re-import changes exactly the hosts that changed, keeping their `_id` and the
 * fields the import does not set. Would catch a return to one write per host, or a re-import that
 * loses a host's id or other fields.
 */
import mongoose from 'mongoose';
import { ManualClock } from '../../../src/core/clock';
import { Host, type HostDoc } from '../../../src/inventory/host.model';
import { InventoryService } from '../../../src/inventory/inventory-service';
import type { HostRecord } from '../../../src/inventory/host-record';
import { connectDatabase } from '../../../src/db/connect';
import { createLogger } from '../../../src/core/log';
import { commandsDuring, monitoredDbUri } from '../../support/command-monitor';
import { dropTestDb } from '../../support/db';

let uri: string;
const inventory = new InventoryService({ clock: new ManualClock('2026-11-30T08:00:00Z') });

beforeAll(async () => {
  uri = monitoredDbUri();
  await connectDatabase(uri, createLogger({ level: 'silent' }));
});
afterAll(async () => {
  await mongoose.disconnect();
  await dropTestDb(uri);
});

const record = (i: number, address = `10.0.${Math.floor(i / 250)}.${i % 250}`): HostRecord => ({
  name: `pc-${String(i).padStart(4, '0')}`,
  address,
  port: 22,
  groups: [`seg-${i % 10}`],
  attributes: {},
});

const during = async (fn: () => Promise<unknown>) =>
  (await commandsDuring(fn)).map((e) => `${e.commandName} ${String(e.command[e.commandName])}`);

test('1,000 hosts in a fixed number of commands, none an update; a re-import writes only what changed', async () => {
  const records = Array.from({ length: 1000 }, (_, i) => record(i));
  let first: Awaited<ReturnType<InventoryService['import']>> | undefined;
  const t0 = performance.now();
  const commands = await during(async () => {
    first = await inventory.import(records);
  });
  const ms = performance.now() - t0;
  console.log(`imported 1,000 hosts in ${Math.round(ms)} ms with: ${commands.join(', ')}`);
  expect(first).toEqual({ created: 1000, updated: 0, unchanged: 0, removed: 0 });
  // Beside the hosts' writes, the inventory's stamp before and after (one document, host-snapshot.ts).
  expect(commands.filter((c) => !c.endsWith('inventory_state')).length).toBeLessThanOrEqual(3);
  expect(commands.filter((c) => c.endsWith('inventory_state'))).toEqual([
    'update inventory_state',
    'update inventory_state',
  ]);
  expect(commands.filter((c) => /^(update|findAndModify) inventory_hosts/u.test(c))).toEqual([]);
  expect(await Host.countDocuments()).toBe(1000);

  // A field the import does not own (set by something else) and the ids survive a re-import.
  await Host.collection.updateOne({ name: 'pc-0003' }, { $set: { runs: { demo: '1.0' } } });
  const before = new Map((await Host.find({}).lean<HostDoc[]>()).map((h) => [h.name, String(h._id)]));
  const changed = records.map((r, i) => (i % 100 === 3 ? record(i, `10.9.9.${i % 250}`) : r));
  const again = await during(async () => {
    expect(await inventory.import(changed.slice(0, 990), { prune: true })).toEqual({
      created: 0,
      updated: 10,
      unchanged: 980,
      removed: 10,
    });
  });
  expect(again.filter((c) => !c.endsWith('inventory_state')).length).toBeLessThanOrEqual(5);
  expect(again.filter((c) => c.startsWith('update inventory_hosts'))).toEqual([]);
  const after = await Host.find({}).lean<Array<HostDoc & { runs?: unknown }>>();
  expect(after).toHaveLength(990);
  for (const h of after) expect(String(h._id)).toBe(before.get(h.name));
  const pc3 = after.find((h) => h.name === 'pc-0003')!;
  expect(pc3).toMatchObject({ address: '10.9.9.3', runs: { demo: '1.0' } });
  expect(after.find((h) => h.name === 'pc-0004')!.address).toBe('10.0.0.4');
});
