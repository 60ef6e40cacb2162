/**
 * The inventory kept between reads (src/inventory/host-snapshot.ts): while the hosts are unchanged a read of the
 * whole inventory is one read of its stamp by `_id`; an import in another process is seen at the next read; a copy
 * is never kept while a write is under way or was left half-done, nor for hosts written without a stamp.
 */
import fc from 'fast-check';
import { ManualClock } from '../../../src/core/clock';
import { Host } from '../../../src/inventory/host.model';
import type { HostRecord } from '../../../src/inventory/host-record';
import { stampHosts } from '../../../src/inventory/host-snapshot';
import { InventoryService } from '../../../src/inventory/inventory-service';
import { commandsDuring } from '../../support/command-monitor';
import { withTestMongoose } from '../../support/db';
import { modelSeed } from '../../support/model-seed';

const clock = new ManualClock('2026-12-01T08:00:00Z');
/** Two bot processes, each with its own copy. */
const bot = new InventoryService({ clock });
const other = new InventoryService({ clock });

withTestMongoose('hostsnapshot', { monitorCommands: true });

const hosts = (n: number, address = '10.0.0'): HostRecord[] =>
  Array.from({ length: n }, (_, i) => ({
    name: `pc-${i}`,
    address: `${address}.${i}`,
    port: 22,
    groups: ['lab'],
    attributes: {},
  }));
const reads = async (service: InventoryService) =>
  (await commandsDuring(() => service.all())).map((e) => `${e.commandName} ${String(e.command[e.commandName])}`);

test('hosts written before stamps existed are read every time; after an import, one read of the stamp', async () => {
  await Host.insertMany(hosts(3).map((h) => ({ ...h, importedAt: clock.now() })));
  expect(await reads(bot)).toContain('find inventory_hosts');
  expect(await reads(bot)).toContain('find inventory_hosts');
  await bot.import(hosts(5));
  await bot.all();
  // Would catch the copy not kept: four whole reads of the inventory per /deploy.
  expect(await reads(bot)).toEqual(['find inventory_state']);
  expect((await bot.all()).map((h) => h.name).sort()).toEqual(['pc-0', 'pc-1', 'pc-2', 'pc-3', 'pc-4']);
});

test("an import by another process is seen at this process's next read", async () => {
  await bot.all();
  await other.import(hosts(5, '10.9.9'), { prune: true });
  // Would catch a copy kept past a change of the stamp.
  expect((await bot.all()).map((h) => h.address)).toContain('10.9.9.1');
  expect(await reads(bot)).toEqual(['find inventory_state']);
});

test('no copy while a write is under way, nor after a writer died half-way; the next import restores it', async () => {
  await stampHosts(true); // a writer began and died
  await Host.deleteOne({ name: 'pc-4' });
  expect((await bot.all()).map((h) => h.name)).not.toContain('pc-4');
  expect(await reads(bot)).toContain('find inventory_hosts');
  expect(await reads(bot)).toContain('find inventory_hosts');
  await other.import(hosts(5, '10.1.1'));
  await bot.all();
  expect(await reads(bot)).toEqual(['find inventory_state']);
  expect((await bot.all()).find((h) => h.name === 'pc-4')?.address).toBe('10.1.1.4');
});

test('the hosts handed out are frozen: a caller cannot change what the next caller reads', async () => {
  const [first] = await bot.all();
  expect(() => {
    (first as { address: string }).address = '6.6.6.6';
  }).toThrow(TypeError);
  expect(() => (first.groups as string[]).push('admins')).toThrow(TypeError);
  expect((await bot.all())[0].address).not.toBe('6.6.6.6');
});

test('model: reads and imports by two processes in any order; a read after an import never sees older hosts', async () => {
  // Would catch a read that joined (or kept) a copy taken before an import it started after.
  const seed = modelSeed('host-snapshot');
  let version = 100;
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.record({ who: fc.constantFrom(bot, other), act: fc.constantFrom('read', 'import', 'both') }), {
        minLength: 1,
        maxLength: 12,
      }),
      async (steps) => {
        for (const step of steps) {
          if (step.act === 'read') continue;
          const v = ++version;
          const reader = step.who === bot ? other : bot;
          // An import and a read started at the same moment may see either; a read after it, the new hosts.
          const racing = step.act === 'both' ? reader.all() : Promise.resolve([]);
          await step.who.import(hosts(2, `10.${Math.floor(v / 250)}.${v % 250}`), { prune: true });
          await racing;
          for (const s of [bot, other])
            expect((await s.all()).map((h) => h.address).sort()).toEqual(
              [0, 1].map((i) => `10.${Math.floor(v / 250)}.${v % 250}.${i}`),
            );
        }
      },
    ),
    { seed, numRuns: 50 },
  );
});
