import mongoose, { Schema } from 'mongoose';
import { applyFacts, packageHosts, recordPackageHosts } from './package-hosts';

/**
 * What each host runs: one fact per successful target (inserted once, never updated: FerretDB-friendly), the latest
 * per (host, package) wins. The deployment runner calls `recordInstalled` after each successful target.
 */
export interface InstalledDoc {
  /** `host|package|deployment` (one fact per target of a deployment). */
  _id: string;
  host: string;
  package: string;
  version: string;
  /** `install`, or `backout` when a rollback took the version off again. */
  action: 'install' | 'backout';
  rfcKey?: string;
  deployment?: string;
  at: Date;
}

const schema = new Schema<InstalledDoc>(
  {
    _id: { type: String, required: true },
    host: { type: String, required: true },
    package: { type: String, required: true },
    version: { type: String, required: true },
    action: { type: String, enum: ['install', 'backout'], required: true },
    rfcKey: String,
    deployment: String,
    at: { type: Date, required: true },
  },
  { versionKey: false },
);
schema.index({ host: 1, at: -1 });
schema.index({ package: 1, at: -1 });

export const Installed =
  (mongoose.models.Installed as mongoose.Model<InstalledDoc> | undefined) ??
  mongoose.model<InstalledDoc>('Installed', schema, 'inventory_installed');

type InstalledInput = Omit<InstalledDoc, '_id' | 'action'> & { action?: 'install' | 'backout' };

/** The fact with its `_id` (`host|package|deployment|action`: a repeat is the same fact). */
export function installedFact(input: InstalledInput): InstalledDoc {
  const run = input.deployment ?? input.at.toISOString();
  const action = input.action ?? 'install';
  return { ...input, action, _id: `${input.host}|${input.package}|${run}|${action}` };
}

/** Records that `host` now runs `package version` (or, with `backout`, no longer does). A repeat is ignored. */
export async function recordInstalled(input: InstalledInput) {
  await recordInstalledMany([installedFact(input)]);
}

/** Several facts in one write (the deployment runner's batches); repeats are ignored. */
export async function recordInstalledMany(facts: readonly InstalledDoc[]): Promise<void> {
  if (!facts.length) return;
  await Installed.insertMany(facts, { ordered: false }).catch((err: { code?: number; writeErrors?: unknown[] }) => {
    if (!allDuplicates(err)) throw err;
  });
  await recordPackageHosts(facts, factsOf);
}

/** Every fact of a package, oldest first (a scan on FerretDB 1.x: only for a package without its list yet). */
function factsOf(pkg: string): Promise<InstalledDoc[]> {
  return Installed.find({ package: String(pkg) })
    .sort({ at: 1 })
    .lean<InstalledDoc[]>();
}

/** A bulk insert whose only failures were documents already there. */
export function allDuplicates(err: { code?: number; writeErrors?: unknown[] }): boolean {
  const errors = (err.writeErrors ?? [err]) as { code?: number; err?: { code?: number } }[];
  return errors.length > 0 && errors.every((e) => (e.code ?? e.err?.code) === 11000);
}

/** The packages a host runs now: package -> version (a backout takes the package off). */
export async function installedOn(host: string): Promise<Map<string, InstalledDoc>> {
  const facts = await Installed.find({ host: String(host) })
    .sort({ at: 1 })
    .lean<InstalledDoc[]>();
  const now = new Map<string, InstalledDoc>();
  for (const f of facts) {
    if (f.action === 'backout') {
      if (now.get(f.package)?.version === f.version) now.delete(f.package);
    } else now.set(f.package, f);
  }
  return now;
}

/** The version of `pkg` each of `hosts` runs now (hosts without it left out). */
export async function versionsOf(pkg: string, hosts: readonly string[]): Promise<Map<string, string>> {
  let all = await packageHosts(String(pkg));
  if (!all) applyFacts((all = new Map()), await factsOf(pkg));
  const out = new Map<string, string>();
  for (const h of hosts) {
    const v = all.get(h);
    if (v !== undefined) out.set(h, v);
  }
  return out;
}

/** Compares versions part by part (numbers as numbers): negative when `a` is older than `b`. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.+:~-]/u);
  const pb = b.split(/[.+:~-]/u);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '';
    const y = pb[i] ?? '';
    const nx = /^\d+$/u.test(x) ? Number(x) : NaN;
    const ny = /^\d+$/u.test(y) ? Number(y) : NaN;
    const c = !isNaN(nx) && !isNaN(ny) ? nx - ny : x.localeCompare(y);
    if (c) return c;
  }
  return 0;
}
