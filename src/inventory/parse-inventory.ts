import { parse as parseCsv } from 'csv-parse/sync';
import YAML from 'yaml';
import { msg } from '../i18n/catalog';
import type { Lang } from '../i18n/languages';
import { issueIn, zodErrorsIn } from '../i18n/zod-issues';
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

/**
 * Parses an inventory file: YAML (`hosts:` list or a bare list) or CSV with a header row. The errors
 * are for the operator's terminal, in `lang`.
 */
export function parseInventory(text: string, format: 'yaml' | 'csv', lang: Lang = 'en'): InventoryParse {
  let rows: unknown[] | undefined;
  const notValid = (reason: string) => ({
    hosts: [],
    errors: [msg(lang, 'cli.import.notValid', { format: format.toUpperCase(), reason })],
  });
  try {
    rows = format === 'csv' ? csvRows(text) : yamlRows(text);
  } catch (err) {
    return notValid((err as Error).message);
  }
  if (!rows) return notValid(msg(lang, 'cli.import.notAList'));
  const hosts: HostRecord[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  rows.forEach((row, i) => {
    const where = msg(lang, format === 'csv' ? 'cli.import.row' : 'cli.import.host', { n: i + 1 });
    const result = hostRecordSchema.safeParse(row, zodErrorsIn(lang));
    if (!result.success) {
      const issue = result.error.issues[0];
      const name = typeof (row as { name?: unknown })?.name === 'string' ? ` (${(row as { name: string }).name})` : '';
      const field = issue.path.join('.') || msg(lang, 'cli.import.entry');
      errors.push(`${where}${name}: ${field}: ${issueIn(lang, issue)}`);
      return;
    }
    if (seen.has(result.data.name)) {
      errors.push(msg(lang, 'cli.import.twice', { where, name: result.data.name }));
      return;
    }
    seen.add(result.data.name);
    hosts.push(result.data);
  });
  return { hosts, errors };
}

/** The YAML file's hosts; undefined when it holds no list of them. */
function yamlRows(text: string): unknown[] | undefined {
  const doc = YAML.parse(text) as unknown;
  const list = Array.isArray(doc) ? doc : (doc as { hosts?: unknown })?.hosts;
  return Array.isArray(list) ? list : undefined;
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
