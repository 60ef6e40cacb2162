import { tokenize } from '../core/tokenize';
import { memberships } from '../inventory/host.model';
import { selectHosts, targetQuery, type Selectable } from '../inventory/select-targets';
import { CHANGE_STATES, type ChangeState } from './change-lifecycle';

/**
 * Planning-time conflicts (ServiceNow's "conflict detection"): a change whose targets share hosts
 * with another planned change while their windows overlap, or whose window overlaps a freeze that
 * covers any of its hosts. Pure: the caller gathers the other changes, the inventory and the freezes.
 */

/** States of changes still planned or running (proposed .. deploying): their window holds hosts. */
export const PLANNED_STATES: readonly ChangeState[] = CHANGE_STATES.slice(
  CHANGE_STATES.indexOf('proposed'),
  CHANGE_STATES.indexOf('deployed'),
);

export interface PlannedChange {
  key: string;
  title?: string;
  state?: ChangeState;
  targets: readonly string[];
  window?: { start: Date; end: Date };
}

export interface FreezeLike {
  group: string;
  from: Date;
  until: Date;
  reason: string;
  setBy: string;
}

export type Conflict =
  | { kind: 'rfc'; key: string; title: string; state: string; hosts: string[]; from: Date; until: Date }
  | { kind: 'freeze'; group: string; reason: string; setBy: string; hosts: string[]; from: Date; until: Date };

/**
 * What typed targets reach: the inventory hosts they resolve to, and the typed names the inventory does not know
 * (kept as names, so two changes on the same unknown group still meet).
 */
export function reach(targets: readonly string[], hosts: readonly Selectable[]): Set<string> {
  if (!targets.length) return new Set();
  const t = tokenize(targets.join(' '));
  let query;
  try {
    query = targetQuery(t.words, t.pairs);
  } catch {
    return new Set(targets.map((x) => x.toLowerCase()));
  }
  const { hosts: found, unknown } = selectHosts(hosts, query);
  return new Set([...found.map((h) => h.name), ...unknown.map((u) => u.toLowerCase())]);
}

function overlap(a: { start: Date; end: Date }, from: Date, until: Date): { from: Date; until: Date } | undefined {
  const s = Math.max(new Date(a.start).getTime(), new Date(from).getTime());
  const e = Math.min(new Date(a.end).getTime(), new Date(until).getTime());
  return s < e ? { from: new Date(s), until: new Date(e) } : undefined;
}

/** The conflicts of `subject` with the other planned changes and the freezes (none without a window or targets). */
export function findConflicts(
  subject: PlannedChange,
  others: readonly PlannedChange[],
  hosts: readonly Selectable[],
  freezes: readonly FreezeLike[],
): Conflict[] {
  const w = subject.window;
  if (!w || !subject.targets.length) return [];
  const mine = reach(subject.targets, hosts);
  const out: Conflict[] = [];
  for (const o of others) {
    if (o.key === subject.key || !o.window) continue;
    const when = overlap(w, o.window.start, o.window.end);
    if (!when) continue;
    const theirs = reach(o.targets, hosts);
    const shared = [...mine].filter((h) => theirs.has(h)).sort();
    if (shared.length)
      out.push({ kind: 'rfc', key: o.key, title: o.title ?? '', state: o.state ?? '', hosts: shared, ...when });
  }
  const byName = new Map(hosts.map((h) => [h.name, h]));
  for (const f of freezes) {
    const when = overlap(w, f.from, f.until);
    if (!when) continue;
    const group = f.group.toLowerCase();
    const covered = [...mine].filter((n) => {
      const h = byName.get(n);
      return n === group || group === 'all' || (h ? memberships(h).includes(group) : false);
    });
    if (covered.length)
      out.push({ kind: 'freeze', group, reason: f.reason, setBy: f.setBy, hosts: covered.sort(), ...when });
  }
  return out;
}
