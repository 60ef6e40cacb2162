import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { OpsdeskError } from '../core/errors';
import { systemClock } from '../core/clock';
import { readKeyFile } from '../core/key-file';
import { PackageService } from '../packages/package-service';
import { releaseKeyPassphrase } from '../packages/signing';
import { botKeyFingerprints } from '../signing/bot-key';
import type { Config } from '../config/schema';
import { printer, withCliDatabase, type CliDeps } from './inventory';

const service = (config: Config) =>
  new PackageService({
    clock: systemClock,
    trustedKeyFiles: config.deploy.trustedKeys,
    botKeyFingerprints: () => botKeyFingerprints(config.changes.signing, process.env),
  });

async function readOptional(file: string | undefined): Promise<string | undefined> {
  return file === undefined ? undefined : readFile(file, 'utf8');
}

/** `opsdesk package add|sign|verify|list|manifest`. */
export function register(program: Command, deps: CliDeps): void {
  const print = printer(deps);
  const pkg = program
    .command('package')
    .description('the software library: add packages, sign their manifests, verify them');
  pkg
    .command('add')
    .description(
      'add a package: install and backout scripts (and an optional check script); prints the manifest to sign',
    )
    .argument('<name>')
    .argument('<version>')
    .requiredOption('--install <file>', 'install script')
    .requiredOption('--backout <file>', 'backout script')
    .option('--check <file>', 'check script: exits 0 when the change is in place')
    .option('--idempotent', 'the scripts may run again on a host where they already ran (the convention)')
    .option('--timeout <seconds>', 'longest a script may run on one host')
    .option('--description <text>')
    .option('--replace', 'replace an existing version (drops its signature)')
    .option('-c, --config <file>', 'config file')
    .action(async (name: string, version: string, o: Record<string, string | boolean | undefined>) => {
      const timeout = o.timeout === undefined ? undefined : Number(o.timeout);
      if (timeout !== undefined && !(Number.isInteger(timeout) && timeout > 0))
        throw new OpsdeskError('USAGE', '--timeout must be a whole number of seconds.');
      const scripts = {
        install: (await readOptional(o.install as string))!,
        backout: (await readOptional(o.backout as string))!,
        check: await readOptional(o.check as string | undefined),
      };
      const doc = await withCliDatabase(deps, o.config as string | undefined, (config) =>
        service(config).add(
          {
            name,
            version,
            idempotent: o.idempotent === true,
            timeoutSeconds: timeout,
            description: o.description as string | undefined,
            scripts,
          },
          { replace: o.replace === true },
        ),
      );
      print(
        `Added ${doc.name} ${doc.version} (unsigned). Sign it with: opsdesk package sign ${doc.name} ${doc.version} ` +
          `--key FILE`,
      );
      print(doc.manifest.trimEnd());
    });
  pkg
    .command('manifest')
    .description('print the manifest text to sign elsewhere (gpg --detach-sign --armor)')
    .argument('<name>')
    .argument('<version>')
    .option('-c, --config <file>', 'config file')
    .action(async (name: string, version: string, o: { config?: string }) => {
      const doc = await withCliDatabase(deps, o.config, (config) => service(config).get(name, version));
      print(doc.manifest.trimEnd());
    });
  pkg
    .command('sign')
    .description(
      'sign a package manifest with a release key (--key, mode 0600; passphrase in OPSDESK_RELEASE_KEY_PASSPHRASE) ' +
        'or attach a detached signature (--signature)',
    )
    .argument('<name>')
    .argument('<version>')
    .option('--key <file>', 'armored OpenPGP private key')
    .option('--signature <file>', 'armored detached signature made elsewhere')
    .option('-c, --config <file>', 'config file')
    .action(async (name: string, version: string, o: { key?: string; signature?: string; config?: string }) => {
      if (!o.key === !o.signature) throw new OpsdeskError('USAGE', 'Give either --key FILE or --signature FILE.');
      // The release key is checked (owner, mode 0600) and its passphrase found before the database is opened.
      const key = o.key ? (await readKeyFile(o.key, 'the release key')).toString('utf8') : undefined;
      const passphrase = key ? await releaseKeyPassphrase(key, o.key!, process.env) : undefined;
      const doc = await withCliDatabase(deps, o.config, async (config) => {
        const s = service(config);
        if (o.signature) return s.attachSignature(name, version, await readFile(o.signature, 'utf8'));
        return s.sign(name, version, key!, passphrase);
      });
      print(`Signed ${doc.name} ${doc.version} by ${doc.signedBy}.`);
    });
  pkg
    .command('verify')
    .description('check the scripts against the signed manifest and the signature against the trusted release keys')
    .argument('<name>')
    .argument('[version]')
    .option('-c, --config <file>', 'config file')
    .action(async (name: string, version: string | undefined, o: { config?: string }) => {
      const r = await withCliDatabase(deps, o.config, (config) => service(config).check(name, version));
      if (!r.ok) throw new OpsdeskError('PRECONDITION', `Refused: ${r.reason}.`);
      print(`${r.pkg.name} ${r.pkg.version} verifies: signed by ${r.signer}, scripts match the manifest.`);
    });
  pkg
    .command('list')
    .description('list the packages in the library')
    .option('-c, --config <file>', 'config file')
    .action(async (o: { config?: string }) => {
      const all = await withCliDatabase(deps, o.config, (config) => service(config).list());
      for (const p of all) {
        const signed = p.signature ? `signed by ${p.signedBy}` : 'unsigned';
        print(`${p.name}\t${p.version}\t${signed}\t${p.idempotent ? 'idempotent' : ''}`);
      }
      print(`${all.length} package(s).`);
    });
}
