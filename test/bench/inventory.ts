/**
 * Benchmark: importing an inventory of 1,000 hosts (InventoryService.import, as `opsdesk inventory
 * import` and `/inventory import` run it): a first import into an empty inventory, and a re-import in
 * which 100 hosts changed, each against a bare `insertMany` of the same 1,000 host documents into
 * the same database in the same run. Also the whole CLI (`opsdesk inventory import FILE`: a process
 * start, config, connection and index check, parse and import, on a database opsdesk used before)
 * beside a bare `node -e` that connects mongoose and inserts the same documents.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import mongoose from 'mongoose';
import { ManualClock } from '../../src/core/clock';
import { Host } from '../../src/inventory/host.model';
import type { HostRecord } from '../../src/inventory/host-record';
import { InventoryService } from '../../src/inventory/inventory-service';
import { benchDatabase } from './bench-database';
import { type BenchRow, round, runAlone, versus } from './bench-row';

const HOSTS = Number(process.env.OPSDESK_BENCH_HOSTS ?? 1000);
const REPO = path.join(__dirname, '..', '..', '..');

const record = (i: number, address = `10.${Math.floor(i / 250) % 250}.${i % 250}.10`): HostRecord => ({
  name: `pc-${String(i).padStart(5, '0')}`,
  address,
  port: 22,
  school: `school${i % 20}`,
  role: i % 7 === 0 ? 'server' : 'client',
  groups: [`seg-${i % 10}`, i % 3 ? 'labs' : 'staff'],
  attributes: { os: 'debian12', room: String(100 + (i % 40)) },
});

async function ms(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return round(performance.now() - t);
}

export async function run(): Promise<BenchRow[]> {
  const db = await benchDatabase('opsdesk_bench_inventory');
  const dir = await mkdtemp(path.join(tmpdir(), 'opsdesk-bench-inventory-'));
  const rows: BenchRow[] = [];
  try {
    await mongoose.connect(db.uri, { serverSelectionTimeoutMS: 15_000 });
    await mongoose.connection.dropDatabase();
    await Host.init();
    const inventory = new InventoryService({ clock: new ManualClock(new Date()) });
    const records = Array.from({ length: HOSTS }, (_, i) => record(i));
    const bareDocs = () => records.map((r) => ({ ...r, importedAt: new Date() }));
    const bare = mongoose.connection.db!.collection('bench_bare_hosts');
    const bareMs = await ms(() => bare.insertMany(bareDocs(), { ordered: false }));
    const first = await ms(() => inventory.import(records));
    const changed = records.map((r, i) => (i % 10 === 0 ? record(i, `10.200.${Math.floor(i / 250)}.${i % 250}`) : r));
    const again = await ms(() => inventory.import(changed));
    const note = `a bare insertMany of the same ${HOSTS.toLocaleString('en')} host documents, same database`;
    rows.push(
      versus(
        `inventory import of ${HOSTS.toLocaleString('en')} hosts into an empty inventory`,
        first,
        'ms',
        bareMs,
        note,
      ),
      versus(`inventory re-import of ${HOSTS.toLocaleString('en')} hosts, 10% changed`, again, 'ms', bareMs, note),
    );

    // The whole CLI, a fresh process, beside a bare process doing the same insert.
    await mongoose.connection.dropDatabase();
    const file = path.join(dir, 'hosts.csv');
    const csv = [
      'name,address,port,school,role,groups',
      ...records.map((r) => [r.name, r.address, r.port, r.school, r.role, r.groups.join(';')].join(',')),
    ];
    await writeFile(file, `${csv.join('\n')}\n`);
    const env = { ...process.env, MONGODB_URI: db.uri, OPSDESK_LOG_LEVEL: 'error' };
    const run = promisify(execFile);
    const cli = path.join(REPO, 'dist', 'src', 'cli.js');
    const bareScript =
      "const m=require('mongoose');const n=Number(process.argv[1]);m.connect(process.env.MONGODB_URI).then(()=>" +
      "m.connection.db.collection('bench_bare_hosts2').insertMany(Array.from({length:n},(_, i)=>({name:'pc-'+i," +
      "address:'10.0.0.'+(i%250),port:22,groups:['labs'],attributes:{}})))).then(()=>m.disconnect())";
    const bareCli = await ms(() => run(process.execPath, ['-e', bareScript, String(HOSTS)], { cwd: REPO, env }));
    let out = '';
    const config = path.join(REPO, 'fixtures', 'test-config.yaml');
    const importCli = async () => {
      out = (await run(process.execPath, [cli, 'inventory', 'import', file, '-c', config], { cwd: REPO, env })).stdout;
    };
    // Once to create every collection's indexes (a first start on an empty database), then timed on
    // an empty inventory of a database opsdesk has used before.
    await importCli();
    await Host.deleteMany({});
    const cliMs = await ms(importCli);
    rows.push(
      versus(
        `opsdesk inventory import FILE: ${HOSTS.toLocaleString('en')} hosts, whole process (${out.trim().split('\n').pop()?.slice(0, 60)})`,
        cliMs,
        'ms',
        bareCli,
        'a bare `node -e` process: require mongoose, connect, insertMany the same number of hosts',
      ),
    );
  } finally {
    await mongoose.connection.dropDatabase().catch(() => undefined);
    await mongoose.disconnect();
    await db.stop();
    await rm(dir, { recursive: true, force: true });
  }
  return rows.map((row) => ({ ...row, engine: db.engine }));
}

if (require.main === module) runAlone(run);
