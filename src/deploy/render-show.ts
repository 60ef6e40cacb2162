import type { TargetDoc } from './deployment.model';
import { firstFew } from './render-hosts';

/** Groups a reply lists before "… and N more" (and host lines for one state). */
const GROUPS = 15;
/** Output lines shown for one host. */
const TAIL = 10;

/** The last non-empty line of a target's output (stderr and stdout as kept), else its error. */
export function errorLine(t: Pick<TargetDoc, 'output' | 'error' | 'state'>): string {
  const lines = (t.output ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return (t.state === 'succeeded' ? undefined : lines.at(-1)) ?? t.error ?? t.state;
}

/** Hosts in one state grouped by their error line, biggest group first: "disk full: 14 hosts (pc-01, …)". */
export function groupedByError(label: string, state: string, targets: readonly TargetDoc[]): string {
  if (!targets.length) return `${label}: no host is ${state}.`;
  const groups = new Map<string, string[]>();
  for (const t of targets) {
    // The host's own name in its line ("disk full on pc-s01-005") would make one group per host.
    const key = state === 'succeeded' ? 'succeeded' : errorLine(t).split(t.host).join('HOST').slice(0, 200);
    groups.set(key, [...(groups.get(key) ?? []), t.host]);
  }
  const sorted = [...groups.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
  const lines = sorted
    .slice(0, GROUPS)
    .map(
      ([line, hosts]) => `${line}: ${hosts.length} host${hosts.length === 1 ? '' : 's'} (${firstFew(hosts.sort())})`,
    );
  if (sorted.length > GROUPS) lines.push(`… and ${sorted.length - GROUPS} more kinds of error.`);
  return `${label}: ${targets.length} host(s) ${state}, by error line:\n${lines.join('\n')}`;
}

/** One host: state, error, attempts, the last lines of its output. */
export function hostDetail(label: string, t: TargetDoc): string {
  const tail = (t.output ?? '')
    .split('\n')
    .filter((l) => l.trim())
    .slice(-TAIL);
  return [
    `${label}, ${t.host}: ${t.state}${t.error ? ` (${t.error})` : ''}, ${t.attempts} attempt(s)` +
      `${t.dropped ? ', dropped from the chase list' : ''}.`,
    ...(tail.length ? [`Last ${tail.length} line(s) of output:`, ...tail.map((l) => `  ${l.slice(0, 300)}`)] : []),
  ].join('\n');
}
