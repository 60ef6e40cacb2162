import type { Command } from 'commander';
import { verifyEveryRecord } from '../../commands/use-cases/audit-verify';
import { AuditLog } from '../changes/audit-log';
import { createLogger } from '../core/log';
import { loadSigningState } from '../signing/record-keys';
import { printer, withCliDatabase, type CliDeps } from './inventory';
import { cliLanguage, say } from './terminal';

/** `opsdesk audit verify`: checks every change record's hash chain and signatures; exit 1 if any is broken. */
export function register(program: Command, deps: CliDeps): void {
  const print = printer(deps);
  const audit = program.command('audit').description(say('cli.audit'));
  audit
    .command('verify')
    .description(say('cli.audit.verify'))
    .option('-c, --config <file>', say('cli.opt.config'))
    .action(async (o: { config?: string }) => {
      const result = await withCliDatabase(deps, o.config, async (config) => {
        const log = createLogger({ level: process.env.LOG_LEVEL ?? 'warn' });
        // Verifying needs the bot's public key only; the private key, if present, adds its own.
        const state = loadSigningState(config.changes.signing, process.env);
        return verifyEveryRecord(new AuditLog({ config, log, signing: () => state }), cliLanguage());
      });
      for (const line of result.lines) print(line);
      if (!result.ok) process.exitCode = 1;
    });
}
