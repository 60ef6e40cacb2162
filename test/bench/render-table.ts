import type { CpuInfo } from 'node:os';
import type { BenchRow } from './bench-row';

const fmt = (x: number | undefined): string =>
  x === undefined ? '' : x.toLocaleString('en', { maximumFractionDigits: 2 });

/** A Markdown table: name | value | unit | baseline | ratio (pastes into docs/benchmarks.md as is). */
export function renderTable(rows: readonly BenchRow[]): string {
  const cells = rows.map((r) => [
    r.name,
    fmt(r.value),
    r.unit,
    fmt(r.baseline),
    r.ratio === undefined ? '' : `${fmt(r.ratio)}x`,
  ]);
  const head = ['name', 'value', 'unit', 'baseline', 'ratio'];
  const width = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const right = [false, true, false, true, true];
  const line = (c: string[]) =>
    `| ${c.map((x, i) => (right[i] ? x.padStart(width[i]) : x.padEnd(width[i]))).join(' | ')} |`;
  const rule = `|${width.map((w, i) => (right[i] ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(head), rule, ...cells.map(line)].join('\n');
}

/** "Machine: Intel(R) Xeon(R) … , 2 cores, 7.8 GiB RAM, Node v24.21.0, database ferretdb". */
export function machineLine(cpuList: readonly CpuInfo[], memBytes: number, node: string, engine: string): string {
  const model = cpuList[0]?.model.trim().replace(/\s+/gu, ' ') ?? 'unknown CPU';
  return (
    `Machine: ${model}, ${cpuList.length} cores, ${(memBytes / 2 ** 30).toFixed(1)} GiB RAM, Node ${node}, ` +
    `database ${engine}`
  );
}

/** One line per baseline: the rows it serves (names without a closing parenthesis), then what it is. */
export function baselineNotes(rows: readonly BenchRow[]): string {
  const byNote = new Map<string, string[]>();
  for (const r of rows) {
    if (!r.note) continue;
    const names = byNote.get(r.note) ?? [];
    names.push(r.name.replace(/\s*\([^()]*\)$/u, ''));
    byNote.set(r.note, names);
  }
  return [...byNote].map(([note, names]) => `- ${[...new Set(names)].join('; ')}: ${note}`).join('\n');
}
