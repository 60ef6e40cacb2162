import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { systemClock } from '../core/clock';
import { readKeyFile } from '../core/key-file';
import { PackageService } from '../packages/package-service';
import { releaseKeyPassphrase } from '../packages/signing';
import { botKeyFingerprints } from '../signing/bot-key';
import type { Config } from '../config/schema';
import { refusal, said } from '../i18n/refusal';
import { printer, withCliDatabase, type CliDeps } from './inventory';
import { say } from './terminal';

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
  const pkg = program.command('package').description(say('cli.package'));
  pkg
    .command('add')
    .description(say('cli.package.add'))
    .argument('<name>')
    .argument('<version>')
    .requiredOption('--install <file>', say('cli.package.install'))
    .requiredOption('--backout <file>', say('cli.package.backout'))
    .option('--check <file>', say('cli.package.check'))
    .option('--idempotent', say('cli.package.idempotent'))
    .option('--timeout <seconds>', say('cli.package.timeout'))
    .option('--description <text>', say('cli.package.description'))
    .option('--replace', say('cli.package.replace'))
    .option('-c, --config <file>', say('cli.opt.config'))
    .action(async (name: string, version: string, o: Record<string, string | boolean | undefined>) => {
      const timeout = o.timeout === undefined ? undefined : Number(o.timeout);
      if (timeout !== undefined && !(Number.isInteger(timeout) && timeout > 0))
        throw refusal('USAGE', said('cli.package.badTimeout'), said('cli.package.badTimeoutFix'));
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
      print(say('cli.package.added', { name: doc.name, version: doc.version }));
      print(doc.manifest.trimEnd());
    });
  pkg
    .command('manifest')
    .description(say('cli.package.manifest'))
    .argument('<name>')
    .argument('<version>')
    .option('-c, --config <file>', say('cli.opt.config'))
    .action(async (name: string, version: string, o: { config?: string }) => {
      const doc = await withCliDatabase(deps, o.config, (config) => service(config).get(name, version));
      print(doc.manifest.trimEnd());
    });
  pkg
    .command('sign')
    .description(say('cli.package.sign'))
    .argument('<name>')
    .argument('<version>')
    .option('--key <file>', say('cli.package.key'))
    .option('--signature <file>', say('cli.package.signature'))
    .option('-c, --config <file>', say('cli.opt.config'))
    .action(async (name: string, version: string, o: { key?: string; signature?: string; config?: string }) => {
      if (!o.key === !o.signature)
        throw refusal('USAGE', said('cli.package.keyOrSignature'), said('cli.package.keyOrSignatureFix'));
      // The release key is checked (owner, mode 0600) and its passphrase found before the database is opened.
      const key = o.key ? (await readKeyFile(o.key, said('cli.package.releaseKey'))).toString('utf8') : undefined;
      const passphrase = key ? await releaseKeyPassphrase(key, o.key!, process.env) : undefined;
      const doc = await withCliDatabase(deps, o.config, async (config) => {
        const s = service(config);
        if (o.signature) return s.attachSignature(name, version, await readFile(o.signature, 'utf8'));
        return s.sign(name, version, key!, passphrase);
      });
      print(say('cli.package.signed', { name: doc.name, version: doc.version, signer: doc.signedBy ?? '' }));
    });
  pkg
    .command('verify')
    .description(say('cli.package.verify'))
    .argument('<name>')
    .argument('[version]')
    .option('-c, --config <file>', say('cli.opt.config'))
    .action(async (name: string, version: string | undefined, o: { config?: string }) => {
      const r = await withCliDatabase(deps, o.config, (config) => service(config).check(name, version));
      if (!r.ok)
        throw refusal('PRECONDITION', said('cli.package.refused', { reason: r.said }), said('cli.package.refusedFix'));
      print(say('cli.package.verifies', { name: r.pkg.name, version: r.pkg.version, signer: r.signer }));
    });
  pkg
    .command('list')
    .description(say('cli.package.list'))
    .option('-c, --config <file>', say('cli.opt.config'))
    .action(async (o: { config?: string }) => {
      const all = await withCliDatabase(deps, o.config, (config) => service(config).list());
      for (const p of all) {
        const signed = p.signature
          ? say('cli.package.signedBy', { signer: p.signedBy ?? '' })
          : say('cli.package.unsigned');
        print(`${p.name}\t${p.version}\t${signed}\t${p.idempotent ? say('cli.package.isIdempotent') : ''}`);
      }
      print(say('cli.package.count', { count: all.length }));
    });
}
