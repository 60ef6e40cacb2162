import path from 'node:path';
import type { Command } from 'commander';
import type { Config } from '../config/schema';
import { botKeyPassphrase } from '../signing/bot-key';
import { generateBotKey } from '../signing/generate-key';

export interface KeysCliDeps {
  resolveConfig(file: string | undefined): { config: Config; source: string };
}

/** `opsdesk keys init`: the bot's OpenPGP key for signed change records. */
export function register(program: Command, deps: KeysCliDeps): void {
  const keys = program.command('keys').description("the bot's OpenPGP signing key (signed change records)");
  keys
    .command('init')
    .description(
      'generate the signing key into changes.signing.keyDir (private key mode 0600; passphrase from ' +
        'OPSDESK_BOT_KEY_PASSPHRASE)',
    )
    .option('-c, --config <file>', 'config file')
    .option('--dir <dir>', 'write the key here instead of changes.signing.keyDir')
    .option('--name <name>', 'user id name', 'opsdesk')
    .option('--email <email>', 'user id email', 'opsdesk@localhost')
    .option('--force', 'replace an existing key')
    .action(async (o: { config?: string; dir?: string; name: string; email: string; force?: boolean }) => {
      const { config } = deps.resolveConfig(o.config);
      const dir = o.dir ?? config.changes.signing.keyDir;
      const { passphrase } = botKeyPassphrase(process.env, (message) => console.warn(`Warning: ${message}.`));
      const key = await generateBotKey({ dir, name: o.name, email: o.email, passphrase, force: o.force });
      console.log(
        `Signing key ${key.fingerprint} written:\n  private: ${key.privateKeyFile} (keep it secret; or pass it in ` +
          `OPSDESK_SIGNING_KEY)\n  public:  ${key.publicKeyFile}`,
      );
      console.log(
        `Verify an export with: gpg --import ` +
          `${path.relative(process.cwd(), key.publicKeyFile) || key.publicKeyFile} && gpg --verify RFC-1.json.asc ` +
          `RFC-1.json`,
      );
    });
}
