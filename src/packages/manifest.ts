import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { ScriptKind } from './package.model';
import { said, type Said } from '../i18n/refusal';

export const MANIFEST_FORMAT = 'opsdesk-package/1';

/** What the release manager signs: the package's identity, its promises and each script's SHA-256. */
export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  name: string;
  version: string;
  idempotent: boolean;
  timeoutSeconds?: number;
  scripts: Partial<Record<ScriptKind, string>> & { install: string; backout: string };
}

const sha = z.string().regex(/^[0-9a-f]{64}$/u);
const manifestSchema = z
  .object({
    format: z.literal(MANIFEST_FORMAT),
    name: z.string().min(1),
    version: z.string().min(1),
    idempotent: z.boolean(),
    timeoutSeconds: z.number().int().positive().optional(),
    scripts: z.object({ install: sha, backout: sha, check: sha.optional() }).strict(),
  })
  .strict();

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export interface ManifestSource {
  name: string;
  version: string;
  idempotent: boolean;
  timeoutSeconds?: number;
  scripts: { install: string; backout: string; check?: string };
}

/** The manifest text of a package: JSON with a fixed key order and a final newline, so it signs the same everywhere. */
export function buildManifest(pkg: ManifestSource): string {
  const m: Manifest = {
    format: MANIFEST_FORMAT,
    name: pkg.name,
    version: pkg.version,
    idempotent: pkg.idempotent,
    ...(pkg.timeoutSeconds ? { timeoutSeconds: pkg.timeoutSeconds } : {}),
    scripts: {
      install: sha256Hex(pkg.scripts.install),
      backout: sha256Hex(pkg.scripts.backout),
      ...(pkg.scripts.check !== undefined ? { check: sha256Hex(pkg.scripts.check) } : {}),
    },
  };
  return `${JSON.stringify(m, null, 2)}\n`;
}

export function parseManifest(text: string): Manifest | undefined {
  try {
    const r = manifestSchema.safeParse(JSON.parse(text));
    return r.success ? (r.data as Manifest) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Problems between a package as stored and its manifest: a script whose hash differs, a script
 * the manifest does not name, a name, version or promise that differs. Empty when they agree. By
 * catalog key: a `/deploy` refusal says them in the reader's language.
 */
export function manifestProblems(pkg: ManifestSource, manifestText: string): Said[] {
  const m = parseManifest(manifestText);
  if (!m) return [said('pkg.manifestInvalid')];
  const problems: Said[] = [];
  if (m.name !== pkg.name || m.version !== pkg.version)
    problems.push(said('pkg.manifestFor', { manifest: `${m.name} ${m.version}`, pkg: `${pkg.name} ${pkg.version}` }));
  if (m.idempotent !== pkg.idempotent) problems.push(said('pkg.idempotentDiffers'));
  if ((m.timeoutSeconds ?? undefined) !== (pkg.timeoutSeconds || undefined)) problems.push(said('pkg.timeoutDiffers'));
  for (const kind of ['install', 'backout', 'check'] as const) {
    const script = pkg.scripts[kind];
    const want = m.scripts[kind];
    if (script === undefined && want === undefined) continue;
    if (script === undefined) problems.push(said('pkg.scriptMissing', { kind }));
    else if (want === undefined) problems.push(said('pkg.scriptNotSigned', { kind }));
    else {
      const got = sha256Hex(script);
      if (got !== want) problems.push(said('pkg.scriptHash', { kind, want: want.slice(0, 12), got: got.slice(0, 12) }));
    }
  }
  return problems;
}
