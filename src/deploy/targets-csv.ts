import type { OutFile } from '../chat/out-message';
import type { TargetDoc } from './deployment.model';
import { errorLine } from './render-show';

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, a quote or a line break. A cell that a spreadsheet would
 * take for a formula (`=`, `+`, `-`, `@`, a tab or a carriage return first: a host's output is not to be trusted)
 * gets a leading `'`, so opening the file runs nothing.
 */
export function csvCell(value: unknown): string {
  let v = value === undefined || value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/u.test(v)) v = `'${v}`;
  return /[",\r\n]/u.test(v) ? `"${v.replace(/"/gu, '""')}"` : v;
}

export const TARGET_CSV_HEADER = ['host', 'state', 'attempts', 'error', 'last_line', 'dropped', 'ended_at'] as const;

/** The hosts of a deployment as CSV, one row per target, sorted by host; the file `deploy show … --csv` attaches. */
export function targetsCsv(
  number: number,
  what: string,
  targets: readonly Pick<TargetDoc, 'host' | 'state' | 'attempts' | 'error' | 'output' | 'dropped' | 'endedAt'>[],
): OutFile {
  const rows = [...targets]
    .sort((a, b) => a.host.localeCompare(b.host))
    .map((t) =>
      [
        t.host,
        t.state,
        t.attempts,
        t.error ?? '',
        errorLine(t),
        t.dropped ? 'yes' : 'no',
        t.endedAt ? new Date(t.endedAt).toISOString() : '',
      ]
        .map(csvCell)
        .join(','),
    );
  const text = [TARGET_CSV_HEADER.join(','), ...rows].join('\r\n') + '\r\n';
  return {
    data: Buffer.from(text, 'utf8'),
    filename: `deploy-D-${number}-${what}.csv`,
    mimetype: 'text/csv',
    title: `D-${number}: ${targets.length} host(s) ${what}`,
  };
}
