import { OpsdeskError } from '../core/errors';
import { refusal, said, sayIn, type Said } from '../i18n/refusal';
import type { Clock } from '../core/clock';
import { buildManifest, manifestProblems, type ManifestSource } from './manifest';
import { Package, type PackageDoc } from './package.model';
import { openpgp as loadOpenpgp } from '../core/openpgp';
import { loadTrustedKeys, signDetached, verifyDetached, type TrustedKey } from './signing';

export interface PackageInput extends ManifestSource {
  description?: string;
}

/** A refusal's `reason` is English (the CLI, the log); `said` is the same by catalog key (a `/deploy` refusal). */
export type PackageCheck =
  { ok: true; pkg: PackageDoc; signer: string } | { ok: false; pkg?: PackageDoc; reason: string; said: Said };

const TRUSTED_KEYS_FIX = said('pkg.trustedKeysFix');

function failed(why: Said, pkg?: PackageDoc): PackageCheck {
  return { ok: false, ...(pkg ? { pkg } : {}), reason: sayIn('en', why), said: why };
}

/** The Definitive Software Library: packages, their signed manifests, and the one verdict that lets a package ship. */
export class PackageService {
  private trusted?: Promise<TrustedKey[]>;

  constructor(
    private readonly deps: {
      clock: Clock;
      trustedKeyFiles: readonly string[];
      /** Fingerprints (primary and subkeys) of the bot's own signing key, which is never a release key. */
      botKeyFingerprints: () => Promise<readonly string[]>;
    },
  ) {}

  private trustedKeys(): Promise<TrustedKey[]> {
    this.trusted ??= this.loadTrusted().catch((err: Error) => {
      this.trusted = undefined;
      throw err instanceof OpsdeskError
        ? err
        : new OpsdeskError('CONFIG', err.message, {
            fix: sayIn('en', TRUSTED_KEYS_FIX),
            localized: { fix: TRUSTED_KEYS_FIX },
          });
    });
    return this.trusted;
  }

  /**
   * The trusted release keys, refused as a whole when one of them is the bot's own key: the bot
   * holds its key unlocked to sign records, and a package it could sign would run as root on
   * every target.
   */
  private async loadTrusted(): Promise<TrustedKey[]> {
    const bot = new Set(await this.deps.botKeyFingerprints());
    const keys: TrustedKey[] = [];
    for (const file of this.deps.trustedKeyFiles) {
      for (const key of await loadTrustedKeys([file])) {
        const same = [key, ...key.getSubkeys()].map((k) => k.getFingerprint().toUpperCase()).find((fp) => bot.has(fp));
        if (same) {
          throw refusal(
            'CONFIG',
            said('pkg.botKeyTrusted', { fingerprint: same, file }),
            said('pkg.botKeyTrustedFix', { file }),
          );
        }
        keys.push(key);
      }
    }
    return keys;
  }

  /** Loads and checks deploy.trustedKeys now (start-up), so a mistake shows before the first deployment. */
  async checkTrustedKeys(): Promise<number> {
    return (await this.trustedKeys()).length;
  }

  /**
   * Stores a package (unsigned). An existing name+version is replaced only with `replace`, which drops its signature.
   */
  async add(input: PackageInput, opts: { replace?: boolean } = {}): Promise<PackageDoc> {
    const existing = await Package.findOne({
      name: String(input.name),
      version: String(input.version),
    }).lean<PackageDoc>();
    if (existing && !opts.replace) {
      throw refusal(
        'CONFLICT',
        said('pkg.exists', { name: input.name, version: input.version }),
        said('pkg.existsFix'),
      );
    }
    const doc = {
      name: input.name,
      version: input.version,
      description: input.description,
      idempotent: input.idempotent,
      timeoutSeconds: input.timeoutSeconds,
      scripts: {
        install: input.scripts.install,
        backout: input.scripts.backout,
        ...(input.scripts.check !== undefined ? { check: input.scripts.check } : {}),
      },
      manifest: buildManifest(input),
      addedAt: this.deps.clock.now(),
    };
    if (existing) {
      await Package.replaceOne({ _id: existing._id }, doc);
      return { ...doc, _id: existing._id } as PackageDoc;
    }
    const created = await Package.create(doc);
    return created.toObject() as PackageDoc;
  }

  async get(name: string, version?: string): Promise<PackageDoc> {
    const q = version ? { name: String(name), version: String(version) } : { name: String(name) };
    const pkg = await Package.findOne(q).sort({ addedAt: -1 }).lean<PackageDoc>();
    if (!pkg)
      throw refusal(
        'NOT_FOUND',
        said('pkg.notFound', { name: version ? `${name} ${version}` : name }),
        said('pkg.notFoundFix'),
      );
    return pkg;
  }

  async list(): Promise<PackageDoc[]> {
    return Package.find({}).sort({ name: 1, addedAt: -1 }).lean<PackageDoc[]>();
  }

  /**
   * Signs the stored manifest with a release key (armored private key text) and stores the detached signature. The
   * bot's key is refused.
   */
  async sign(name: string, version: string, armoredPrivateKey: string, passphrase?: string): Promise<PackageDoc> {
    const pkg = await this.get(name, version);
    const given = await (await loadOpenpgp()).readPrivateKey({ armoredKey: armoredPrivateKey }).catch(() => undefined);
    const bot = new Set(await this.deps.botKeyFingerprints());
    if (given && [given, ...given.getSubkeys()].some((k) => bot.has(k.getFingerprint().toUpperCase()))) {
      throw refusal(
        'CONFIG',
        said('pkg.botKeySigns', { fingerprint: given.getFingerprint().toUpperCase() }),
        said('pkg.botKeySignsFix'),
      );
    }
    const { signature } = await signDetached(pkg.manifest, armoredPrivateKey, passphrase);
    return this.attachSignature(name, version, signature);
  }

  /** Stores a detached signature made elsewhere; refused unless it verifies against a trusted key. */
  async attachSignature(name: string, version: string, signature: string): Promise<PackageDoc> {
    const pkg = await this.get(name, version);
    const check = await verifyDetached(pkg.manifest, signature, await this.trustedKeys());
    if (!check.ok) throw refusal('PRECONDITION', said('pkg.signatureRefused', { name, version, reason: check.said }));
    const signedAt = this.deps.clock.now();
    await Package.updateOne({ _id: pkg._id }, { $set: { signature, signedBy: check.fingerprint, signedAt } });
    return { ...pkg, signature, signedBy: check.fingerprint, signedAt };
  }

  /**
   * Checks the scripts against the signed manifest and the signature against the trusted keys. Never throws for a bad
   * package.
   */
  async check(name: string, version?: string): Promise<PackageCheck> {
    let pkg: PackageDoc;
    try {
      pkg = await this.get(name, version);
    } catch (err) {
      // `get`'s refusal by key; anything else (the database) as its message says it.
      const why = err instanceof OpsdeskError ? err.localized?.message : undefined;
      return failed(why ? (why as Said) : said('pkg.error', { error: (err as Error).message }));
    }
    return this.checkDoc(pkg);
  }

  async checkDoc(pkg: PackageDoc): Promise<PackageCheck> {
    const label = `${pkg.name} ${pkg.version}`;
    const problems = manifestProblems(pkg, pkg.manifest);
    if (problems.length)
      return failed(
        said('pkg.problems', { label, problems: problems.reduce((a, b) => said('pkg.list', { a, b })) }),
        pkg,
      );
    if (!pkg.signature) return failed(said('pkg.notSigned', { label }), pkg);
    const sig = await verifyDetached(pkg.manifest, pkg.signature, await this.trustedKeys());
    if (!sig.ok) return failed(said('pkg.problems', { label, problems: sig.said }), pkg);
    return { ok: true, pkg, signer: sig.fingerprint };
  }

  /** The package, verified; a refusal names the reason. */
  async verified(name: string, version?: string): Promise<PackageDoc> {
    const r = await this.check(name, version);
    if (!r.ok) throw refusal('PRECONDITION', said('pre.packageBad', { reason: r.said }), said('pkg.verifyFix'));
    return r.pkg;
  }
}
