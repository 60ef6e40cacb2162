/**
 * `npm run bench`: runs every bench module in turn and prints one table (name | value | unit |
 * baseline | ratio) and the machine it ran on. Modules owned by other features (votes, fanout) are
 * loaded with a guarded require: a missing one is skipped with a note. `OPSDESK_BENCH_ONLY=digest,latency`
 * runs a subset; `OPSDESK_BENCH_JSON=file` also writes the rows as JSON. The restart bench (SIGKILL and
 * restart, Slack and Matrix; minutes) runs only with `OPSDESK_BENCH_RESTART=1` or when named in ONLY.
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import type { BenchModule, BenchRow } from './bench-row';
import { baselineNotes, machineLine, renderTable } from './render-table';

const MODULES = [
  'digest',
  'latency',
  'memory',
  'inventory',
  'votes',
  'fanout',
  'deploy-history',
  'hostile',
  'restart',
] as const;
/** Modules run only when asked for (their flag set, or named in OPSDESK_BENCH_ONLY): they take minutes. */
const ON_REQUEST: Partial<Record<(typeof MODULES)[number], string>> = { restart: 'OPSDESK_BENCH_RESTART' };

function load(name: string): BenchModule | string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(`./${name}`) as Partial<BenchModule>;
    return typeof mod.run === 'function' ? (mod as BenchModule) : `test/bench/${name} exports no run()`;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'MODULE_NOT_FOUND' && e.message.includes(`./${name}`))
      return `test/bench/${name}.ts is not written yet`;
    return `test/bench/${name} does not load: ${e.message.split('\n')[0]}`;
  }
}

async function main(): Promise<void> {
  const only = process.env.OPSDESK_BENCH_ONLY?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const rows: BenchRow[] = [];
  const notes: string[] = [];
  const engines = new Set<string>();
  const started = Date.now();
  const loadBefore = loadavg()[0];
  for (const name of MODULES) {
    if (only && !only.includes(name)) continue;
    const flag = ON_REQUEST[name];
    if (flag && !only?.includes(name) && process.env[flag] !== '1') {
      notes.push(`skipped ${name}: set ${flag}=1 to run it`);
      continue;
    }
    const mod = load(name);
    if (typeof mod === 'string') {
      notes.push(`skipped ${name}: ${mod}`);
      continue;
    }
    const t0 = Date.now();
    process.stderr.write(`bench ${name}…\n`);
    try {
      const got = await mod.run();
      rows.push(...got);
      for (const r of got) if (r.engine) engines.add(r.engine);
    } catch (err) {
      notes.push(`${name} failed: ${(err as Error).message.split('\n')[0]}`);
    }
    process.stderr.write(`bench ${name}: ${Math.round((Date.now() - t0) / 1000)} s\n`);
  }
  const table = rows;
  const engine = process.env.MONGODB_URI ? 'MongoDB at MONGODB_URI' : [...engines].join(', ') || 'embedded';
  console.log(renderTable(table));
  if (table.some((r) => r.note)) console.log(`\nBaselines (measured in the same run):\n${baselineNotes(table)}`);
  const loadLine =
    `load average ${loadBefore.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end ` +
    `(other work on the machine skews every figure)`;
  console.log(
    `\n${machineLine(cpus(), totalmem(), process.version, engine)}; ${loadLine}; bench took ` +
      `${Math.round((Date.now() - started) / 1000)} s`,
  );
  for (const n of notes) console.log(`note: ${n}`);
  if (process.env.OPSDESK_BENCH_JSON)
    writeFileSync(process.env.OPSDESK_BENCH_JSON, JSON.stringify({ rows: table, notes, engine }, null, 2));
  if (notes.some((n) => n.includes(' failed: '))) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
