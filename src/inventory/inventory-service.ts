import { refusal, said } from '../i18n/refusal';
import type { Clock } from '../core/clock';
import { Host, memberships, type HostDoc } from './host.model';
import type { HostRecord } from './host-record';
import { HostSnapshot, stampHosts } from './host-snapshot';
import { describeQuery, selectHosts, type TargetQuery } from './select-targets';

/** Fields of a host an import sets only when its record has them. */
const OPTIONAL_FIELDS = ['user', 'school', 'role', 'segment', 'hostKey'] as const;

export interface ImportResult {
  created: number;
  updated: number;
  unchanged: number;
  removed: number;
}

/** The configuration database: hosts, their groups and pinned keys, and target selection. */
export class InventoryService {
  private readonly snapshot = new HostSnapshot();

  constructor(private readonly deps: { clock: Clock }) {}

  /**
   * Upserts hosts by name; with `prune`, hosts not in `records` are removed. In bulk, whatever the
   * number of hosts: one read of the inventory, one insert of the new hosts, and for changed hosts one
   * delete and one insert by `_id` (fields the import does not set are kept): no update per host,
   * each of which FerretDB would perform as a read of the whole collection. While changed hosts are
   * written, a reader may for a moment not see them.
   */
  async import(records: readonly HostRecord[], opts: { prune?: boolean } = {}): Promise<ImportResult> {
    const now = this.deps.clock.now();
    // Readers keep no copy of the hosts while they change (a stamp before and after: host-snapshot.ts).
    await stampHosts(true);
    const existing = new Map((await Host.find({}).lean<HostDoc[]>()).map((h) => [h.name, h]));
    const result: ImportResult = { created: 0, updated: 0, unchanged: 0, removed: 0 };
    const created: Record<string, unknown>[] = [];
    const changed: Record<string, unknown>[] = [];
    for (const r of records) {
      const doc = {
        name: r.name,
        address: r.address,
        port: r.port,
        groups: r.groups,
        attributes: r.attributes,
        ...(r.user ? { user: r.user } : {}),
        ...(r.school ? { school: r.school } : {}),
        ...(r.role ? { role: r.role } : {}),
        ...(r.segment ? { segment: r.segment } : {}),
        ...(r.hostKey ? { hostKey: r.hostKey } : {}),
      };
      const old = existing.get(r.name);
      if (old && sameHost(old, doc)) {
        result.unchanged++;
        continue;
      }
      if (!old) {
        created.push({ ...doc, importedAt: now });
        continue;
      }
      const kept: Record<string, unknown> = { ...old };
      for (const k of OPTIONAL_FIELDS) if (!(k in doc)) delete kept[k];
      changed.push({ ...kept, ...doc, importedAt: now });
    }
    if (changed.length) {
      await Host.deleteMany({ _id: { $in: changed.map((h) => h._id as HostDoc['_id']) } });
      // Through the driver: written back as read, with fields this schema does not know (set by others).
      await Host.collection.insertMany(changed, { ordered: false });
    }
    if (created.length) await Host.insertMany(created, { ordered: false });
    result.created = created.length;
    result.updated = changed.length;
    if (opts.prune) {
      const keep = new Set(records.map((r) => r.name));
      const gone = [...existing.values()].filter((h) => !keep.has(h.name)).map((h) => h._id);
      if (gone.length) result.removed = (await Host.deleteMany({ _id: { $in: gone } })).deletedCount ?? 0;
    }
    await stampHosts(false);
    return result;
  }

  /** Every host, frozen (shared with other callers): a read of the inventory's stamp while the hosts are unchanged. */
  async all(): Promise<HostDoc[]> {
    return this.snapshot.all();
  }

  async get(name: string): Promise<HostDoc> {
    const h = await Host.findOne({ name: String(name).toLowerCase() }).lean<HostDoc>();
    if (!h) throw refusal('NOT_FOUND', said('inventory.noHost', { name: String(name) }), said('inventory.noHostFix'));
    return h;
  }

  async byNames(names: readonly string[]): Promise<HostDoc[]> {
    const wanted = new Set(names.map(String));
    return (await this.all()).filter((h) => wanted.has(h.name));
  }

  /** Hosts for a target selection; refuses unknown names and empty results, saying which. */
  async resolve(query: TargetQuery): Promise<HostDoc[]> {
    const { hosts, unknown } = selectHosts(await this.all(), query);
    if (unknown.length) {
      const names = unknown.map((u) => `\`${u}\``).join(', ');
      throw refusal(
        'PRECONDITION',
        said(unknown.length === 1 ? 'pre.targetsUnknown.one' : 'pre.targetsUnknown.other', { names }),
        said('pre.targetsUnknownFix'),
      );
    }
    if (!hosts.length) {
      const all = !query.names.length && !Object.keys(query.filters).length;
      throw refusal(
        'PRECONDITION',
        said('pre.targetsEmpty', { query: all ? said('inventory.allHosts') : describeQuery(query) }),
        said('pre.targetsEmptyFix'),
      );
    }
    return hosts;
  }

  /** Group names with their host counts (groups, schools, roles, segments). */
  async groups(): Promise<Array<{ name: string; hosts: number }>> {
    const counts = new Map<string, number>();
    for (const h of await this.all())
      for (const g of memberships(h)) if (g !== 'all') counts.set(g, (counts.get(g) ?? 0) + 1);
    return [...counts.entries()].map(([name, hosts]) => ({ name, hosts })).sort((a, b) => a.name.localeCompare(b.name));
  }
}

function sameHost(old: HostDoc, doc: Record<string, unknown>): boolean {
  const pick = (h: Record<string, unknown>) =>
    JSON.stringify([
      h.address,
      h.port,
      h.user,
      h.school,
      h.role,
      h.segment,
      h.groups,
      sortKeys(h.attributes as Record<string, string>),
      h.hostKey,
    ]);
  return pick(old as unknown as Record<string, unknown>) === pick(doc);
}

function sortKeys(o: Record<string, string> = {}): Array<[string, string]> {
  return Object.entries(o).sort(([a], [b]) => a.localeCompare(b));
}
