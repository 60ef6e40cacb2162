import path from 'node:path';
import type { Command } from 'commander';
import type { Config } from '../config/schema';
import { botKeyPassphrase } from '../signing/bot-key';
import { generateBotKey } from '../signing/generate-key';
import { sayIn } from '../i18n/refusal';
import { cliLanguage, say } from './terminal';

export interface KeysCliDeps {
  resolveConfig(file: string | undefined): { config: Config; source: string };
}

/** `opsdesk keys init`: the bot's OpenPGP key for signed change records. */
export function register(program: Command, deps: KeysCliDeps): void {
  const keys = program.command('keys').description(say('cli.keys'));
  keys
    .command('init')
    .description(say('cli.keys.init'))
    .option('-c, --config <file>', say('cli.opt.config'))
    .option('--dir <dir>', say('cli.keys.dir'))
    .option('--name <name>', say('cli.keys.name'), 'opsdesk')
    .option('--email <email>', say('cli.keys.email'), 'opsdesk@localhost')
    .option('--force', say('cli.keys.force'))
    .action(async (o: { config?: string; dir?: string; name: string; email: string; force?: boolean }) => {
      const { config } = deps.resolveConfig(o.config);
      const dir = o.dir ?? config.changes.signing.keyDir;
      const { passphrase } = botKeyPassphrase(process.env, (_english, text) =>
        console.warn(say('cli.keys.warning', { message: sayIn(cliLanguage(), text) })),
      );
      const key = await generateBotKey({ dir, name: o.name, email: o.email, passphrase, force: o.force });
      const { fingerprint, privateKeyFile: privateFile, publicKeyFile: publicFile } = key;
      console.log(say('cli.keys.written', { fingerprint, privateFile, publicFile }));
      console.log(say('cli.keys.verifyHint', { publicFile: path.relative(process.cwd(), publicFile) || publicFile }));
    });
}
