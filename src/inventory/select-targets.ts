import { msg } from '../i18n/catalog';
import type { Lang } from '../i18n/languages';
import { checkGlob, globMatcher } from './glob';
import { memberships } from './host.model';

/** What a target selection says: names (hosts or groups, any of them) and filters (all of them). */
export interface TargetQuery {
  /** Host or group names; empty means every host. */
  names: string[];
  /** `school=nordby role=classroom,staff name=pc-*`: every filter must match; commas are alternatives. */
  filters: Record<string, string>;
}

export interface Selectable {
  name: string;
  school?: string;
  role?: string;
  segment?: string;
  groups: string[];
  attributes: Record<string, string>;
}

export interface Selection<H> {
  hosts: H[];
  /** Names that are neither a host nor a group. */
  unknown: string[];
}

function valueMatches(actual: readonly string[], wanted: string): boolean {
  return wanted.split(',').some((alt) => {
    const w = alt.trim().toLowerCase();
    if (!w) return false;
    if (w.includes('*')) {
      const matches = globMatcher(w);
      return actual.some(matches);
    }
    return actual.some((a) => a.toLowerCase() === w);
  });
}

function fieldValues(h: Selectable, key: string): string[] {
  switch (key) {
    case 'name':
    case 'host':
      return [h.name];
    case 'school':
    case 'role':
    case 'segment':
      return h[key] ? [h[key]] : [];
    case 'group':
    case 'groups':
      return memberships(h);
    default: {
      const v = Object.entries(h.attributes ?? {}).find(([k]) => k.toLowerCase() === key.toLowerCase())?.[1];
      return v === undefined ? [] : [String(v)];
    }
  }
}

/** Hosts named, or in a named group, that pass every filter; sorted by name. Pure. */
export function selectHosts<H extends Selectable>(all: readonly H[], query: TargetQuery): Selection<H> {
  const unknown: string[] = [];
  let chosen: H[];
  if (query.names.length) {
    const picked = new Set<H>();
    for (const raw of query.names) {
      const n = raw.toLowerCase();
      const glob = n.includes('*') ? globMatcher(n) : undefined;
      const matches = glob
        ? all.filter((h) => glob(h.name))
        : all.filter((h) => h.name === n || memberships(h).includes(n));
      if (!matches.length) unknown.push(raw);
      for (const h of matches) picked.add(h);
    }
    chosen = [...picked];
  } else {
    chosen = [...all];
  }
  for (const [key, wanted] of Object.entries(query.filters)) {
    chosen = chosen.filter((h) => valueMatches(fieldValues(h, key.toLowerCase()), wanted));
  }
  chosen.sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
  return { hosts: chosen, unknown };
}

/**
 * `to pilot school=nordby` → { names: ['pilot'], filters: { school: 'nordby' } }; a leading `to` is
 * optional. A pattern (`pc-*`) over the caps of glob.ts is refused here, with a usage error.
 */
export function targetQuery(words: readonly string[], pairs: Readonly<Record<string, string>>): TargetQuery {
  const names = words[0]?.toLowerCase() === 'to' ? words.slice(1) : [...words];
  const query = { names: names.flatMap((w) => w.split(',')).filter(Boolean), filters: { ...pairs } };
  checkTargetPatterns(query);
  return query;
}

/** Refuses a query with a name or filter pattern over the caps (MAX_GLOB_LENGTH, MAX_GLOB_STARS). */
export function checkTargetPatterns(query: TargetQuery): void {
  for (const name of query.names) checkGlob(name.trim());
  for (const wanted of Object.values(query.filters)) for (const alt of wanted.split(',')) checkGlob(alt.trim());
}

/** Words for people: "group pilot, school=nordby". */
export function describeQuery(q: TargetQuery, lang?: Lang): string {
  const parts = [...q.names, ...Object.entries(q.filters).map(([k, v]) => `${k}=${v}`)];
  return parts.length ? parts.join(' ') : msg(lang, 'inventory.allHosts');
}
