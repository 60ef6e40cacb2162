import { parse as parseCsv } from 'csv-parse/sync';
import YAML from 'yaml';
import { hostRecordSchema, type HostRecord } from './host-record';

export interface InventoryParse {
  hosts: HostRecord[];
  /** "row 3 (pc-01): port: expected …" — the import is refused when there is any. */
  errors: string[];
}

const CSV_ALIASES: Record<string, string> = {
  host: 'name',
  hostname: 'name',
  ip: 'address',
  host_key: 'hostKey',
  hostkey: 'hostKey',
  fingerprint: 'hostKey',
  group: 'groups',
};

/** Parses an inventory file: YAML (`hosts:` list or a bare list) or CSV with a header row. */
export function parseInventory(text: string, format: 'yaml' | 'csv'): InventoryParse {
  let rows: unknown[];
  try {
    rows = format === 'csv' ? csvRows(text) : yamlRows(text);
  } catch (err) {
    return { hosts: [], errors: [`not valid ${format.toUpperCase()}: ${(err as Error).message}`] };
  }
  const hosts: HostRecord[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  rows.forEach((row, i) => {
    const where = `${format === 'csv' ? 'row' : 'host'} ${i + 1}`;
    const result = hostRecordSchema.safeParse(row);
    if (!result.success) {
      const issue = result.error.issues[0];
      const name = typeof (row as { name?: unknown })?.name === 'string' ? ` (${(row as { name: string }).name})` : '';
      errors.push(`${where}${name}: ${issue.path.join('.') || 'entry'}: ${issue.message}`);
      return;
    }
    if (seen.has(result.data.name)) {
      errors.push(`${where}: ${result.data.name} appears twice`);
      return;
    }
    seen.add(result.data.name);
    hosts.push(result.data);
  });
  return { hosts, errors };
}

function yamlRows(text: string): unknown[] {
  const doc = YAML.parse(text) as unknown;
  const list = Array.isArray(doc) ? doc : (doc as { hosts?: unknown })?.hosts;
  if (!Array.isArray(list)) throw new Error('expected a list of hosts, or `hosts:` with one');
  return list;
}

function csvRows(text: string): unknown[] {
  const records = parseCsv(text, { columns: true, skip_empty_lines: true, trim: true, comment: '#' }) as Record<
    string,
    string
  >[];
  return records.map((rec) => {
    const out: Record<string, unknown> = {};
    const attributes: Record<string, string> = {};
    for (const [rawKey, value] of Object.entries(rec)) {
      if (value === '') continue;
      const lower = rawKey.trim();
      const key = CSV_ALIASES[lower.toLowerCase()] ?? lower;
      if (key === 'groups') out.groups = value.split(/[;|\s]+/u).filter(Boolean);
      else if (key.startsWith('attr.')) attributes[key.slice(5)] = value;
      else if (['name', 'address', 'port', 'user', 'school', 'role', 'segment', 'hostKey'].includes(key))
        out[key] = value;
      else attributes[key] = value;
    }
    out.attributes = attributes;
    return out;
  });
}
