import mongoose, { Schema, type Model } from 'mongoose';
import { Versioned } from '../db/versioned';

/**
 * Which version of a package each host runs now, one version of the whole list per write, inserted by `_id`
 * `<package>:<n>` (src/db/versioned.ts) whenever installed-version facts are recorded: the downgrade check reads the
 * latest by `_id` instead of every fact of the package ever recorded (a find by `package` scans them all on FerretDB
 * 1.x, and they grow with every deployment). A package without one is read from its facts, and its first write
 * starts it from them.
 */
/** What a recorded installed-version fact says (installed.ts). */
export interface HostFact {
  host: string;
  package: string;
  version: string;
  action: 'install' | 'backout';
  at: Date;
}

interface PackageHostsDoc {
  _id: string;
  package: string;
  version: number;
  hosts: { host: string; version: string }[];
  at: Date;
}

const schema = new Schema<PackageHostsDoc>(
  {
    _id: { type: String, required: true },
    package: { type: String, required: true },
    version: { type: Number, required: true },
    hosts: { type: [{ host: String, version: String, _id: false }], default: [] },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);

export const PackageHosts =
  (mongoose.models.PackageHosts as mongoose.Model<PackageHostsDoc> | undefined) ??
  mongoose.model<PackageHostsDoc>('PackageHosts', schema, 'inventory_package_hosts');

const book = new Versioned<Map<string, string>>(PackageHosts as unknown as Model<never>, {
  toDoc: (pkg, hosts) => ({ package: pkg, hosts: [...hosts].map(([host, version]) => ({ host, version })) }),
  fromDoc: (doc) => new Map((doc.hosts as PackageHostsDoc['hosts']).map((h) => [h.host, h.version])),
  copy: (hosts) => new Map(hosts),
});

/** Facts applied in time order: an install sets the host's version, a backout of that version takes it off. */
export function applyFacts(hosts: Map<string, string>, facts: readonly HostFact[]): boolean {
  let changed = false;
  for (const f of [...facts].sort((a, b) => a.at.getTime() - b.at.getTime())) {
    if (f.action === 'backout') {
      if (hosts.get(f.host) === f.version) changed = hosts.delete(f.host) || changed;
    } else if (hosts.get(f.host) !== f.version) {
      hosts.set(f.host, f.version);
      changed = true;
    }
  }
  return changed;
}

/** The latest list of `pkg`, or undefined when it has none yet. */
export async function packageHosts(pkg: string): Promise<Map<string, string> | undefined> {
  return (await book.latest(pkg))?.value;
}

/** Writes the next list of each package the facts name (after they were inserted). */
export async function recordPackageHosts(
  facts: readonly HostFact[],
  allFacts: (pkg: string) => Promise<HostFact[]>,
): Promise<void> {
  const byPackage = new Map<string, HostFact[]>();
  for (const f of facts) byPackage.set(f.package, [...(byPackage.get(f.package) ?? []), f]);
  for (const [pkg, mine] of byPackage)
    await book.write(
      pkg,
      (hosts) => applyFacts(hosts, mine),
      async () => {
        const hosts = new Map<string, string>();
        applyFacts(hosts, await allFacts(pkg));
        return hosts;
      },
    );
}
