import { notFound, OpsdeskError, preconditionFailed } from '../core/errors';
import type { Clock } from '../core/clock';
import { buildManifest, manifestProblems, type ManifestSource } from './manifest';
import { Package, type PackageDoc } from './package.model';
import { openpgp as loadOpenpgp } from '../core/openpgp';
import { loadTrustedKeys, signDetached, verifyDetached, type TrustedKey } from './signing';

export interface PackageInput extends ManifestSource {
  description?: string;
}

export type PackageCheck =
  { ok: true; pkg: PackageDoc; signer: string } | { ok: false; pkg?: PackageDoc; reason: string };

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
        : new OpsdeskError('CONFIG', err.message, { fix: 'Fix deploy.trustedKeys in the config.' });
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
          throw new OpsdeskError(
            'CONFIG',
            `deploy.trustedKeys lists the bot's own signing key ${same} (in ${file}); the bot's key may not be a ` +
              `release key.`,
            {
              fix:
                `Remove ${file} from deploy.trustedKeys and trust the release managers' public keys instead; ` +
                `packages are signed with their keys (opsdesk package sign --key).`,
            },
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
      throw new OpsdeskError('CONFLICT', `${input.name} ${input.version} is already in the library.`, {
        fix: 'Give it a new version, or add --replace (its signature is dropped).',
      });
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
      throw notFound(
        `There is no package ${name}${version ? ` ${version}` : ''} in the library.`,
        'Add it with `opsdesk package add`.',
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
      throw new OpsdeskError(
        'CONFIG',
        `That is the bot's own signing key (${given.getFingerprint().toUpperCase()}), not a release key; the bot's ` +
          `key never signs packages.`,
        {
          fix: "Sign with a release manager's key (opsdesk package sign --key FILE).",
        },
      );
    }
    const { signature } = await signDetached(pkg.manifest, armoredPrivateKey, passphrase);
    return this.attachSignature(name, version, signature);
  }

  /** Stores a detached signature made elsewhere; refused unless it verifies against a trusted key. */
  async attachSignature(name: string, version: string, signature: string): Promise<PackageDoc> {
    const pkg = await this.get(name, version);
    const check = await verifyDetached(pkg.manifest, signature, await this.trustedKeys());
    if (!check.ok) throw preconditionFailed(`The signature for ${name} ${version} is refused: ${check.reason}.`);
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
      return { ok: false, reason: (err as Error).message };
    }
    return this.checkDoc(pkg);
  }

  async checkDoc(pkg: PackageDoc): Promise<PackageCheck> {
    const label = `${pkg.name} ${pkg.version}`;
    const problems = manifestProblems(pkg, pkg.manifest);
    if (problems.length) return { ok: false, pkg, reason: `${label}: ${problems.join('; ')}` };
    if (!pkg.signature) return { ok: false, pkg, reason: `${label} is not signed` };
    const sig = await verifyDetached(pkg.manifest, pkg.signature, await this.trustedKeys());
    if (!sig.ok) return { ok: false, pkg, reason: `${label}: ${sig.reason}` };
    return { ok: true, pkg, signer: sig.fingerprint };
  }

  /** The package, verified; a refusal names the reason. */
  async verified(name: string, version?: string): Promise<PackageDoc> {
    const r = await this.check(name, version);
    if (!r.ok)
      throw preconditionFailed(
        `The package does not verify: ${r.reason}.`,
        'Re-sign it with `opsdesk package sign`, or fix the scripts and add a new version.',
      );
    return r.pkg;
  }
}
