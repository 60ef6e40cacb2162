import { formatLocal } from '../core/format-time';
import type { Conflict } from './change-conflicts';

const SHOWN_HOSTS = 5;

/** "pc-01, pc-02, … and 8 more". */
export function someHosts(hosts: readonly string[], shown = SHOWN_HOSTS): string {
  const more = hosts.length - shown;
  return `${hosts.slice(0, shown).join(', ')}${more > 0 ? `, … and ${more} more` : ''}`;
}

function span(c: Conflict, timezone: string): string {
  return `${formatLocal(c.from, timezone)}..${formatLocal(c.until, timezone)}`;
}

const hostCount = (n: number) => `${n} ${n === 1 ? 'host' : 'hosts'}`;

/** One conflict for people: which change or freeze, the shared hosts, and when they overlap. */
export function conflictLine(c: Conflict, timezone: string): string {
  if (c.kind === 'rfc')
    return (
      `${c.key}${c.title ? ` ${c.title}` : ''} (${c.state}): ${hostCount(c.hosts.length)} in both ` +
      `(${someHosts(c.hosts)}), windows overlap ${span(c, timezone)}`
    );
  return (
    `freeze of ${c.group} by ${c.setBy} (${c.reason}): covers ${hostCount(c.hosts.length)} ` +
    `(${someHosts(c.hosts)}) ${span(c, timezone)}`
  );
}

/** What a conflict is with: the other change's key or `freeze GROUP`. */
export function conflictWith(c: Conflict): string {
  return c.kind === 'rfc' ? c.key : `freeze ${c.group}`;
}

/** A reply's note: "Conflicts (not blocking): …" or nothing. */
export function conflictsNote(lines: readonly string[], blocking = false): string {
  if (!lines.length) return '';
  const head = `${lines.length === 1 ? 'Conflict' : `${lines.length} conflicts`}${blocking ? '' : ' (not blocking)'}`;
  return `\n⚠ ${head}:\n${lines.map((l) => `• ${l}`).join('\n')}`;
}

export const CONFLICT_FIX =
  'Move the window (`rfc schedule RFC START..END`), narrow the targets, or agree the order with the other ' +
  "change's requester; `changes.policy.blockConflicts: false` makes conflicts a warning.";
