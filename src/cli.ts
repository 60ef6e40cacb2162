#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Command, Option } from 'commander';
import { startBot } from './start-bot';
import { OpsdeskError } from './core/errors';
import { userTextIn } from './i18n/refusal';
import { cliLanguage, rememberOrganisation, say, sayCount } from './cli/terminal';
import { loadConfig } from './config/load-config';
import type { Config } from './config/schema';
import { createLogger } from './core/log';
import { defaultCatalog } from '../commands';
import { renderCommandReference } from './docs/command-reference';
import { register as registerInventoryCli } from './cli/inventory';
import { register as registerPackageCli } from './cli/package';
import { register as registerKeysCli } from './cli/keys';
import { register as registerAuditCli } from './cli/audit';
import { register as registerRepairCli } from './cli/repair';

const ROOT = path.resolve(__dirname, '..', '..');
const EXAMPLE_CONFIG = path.join(ROOT, 'fixtures', 'opsdesk.example.yaml');

function version(): string {
  try {
    return (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** The config from --config, OPSDESK_CONFIG, or the annotated example (so `npm start` just works). */
export function resolveConfig(file: string | undefined): { config: Config; source: string } {
  const chosen = file ?? process.env.OPSDESK_CONFIG ?? EXAMPLE_CONFIG;
  const config = loadConfig(chosen, cliLanguage());
  rememberOrganisation(config);
  return { config, source: chosen };
}

/** Where the console's log goes: `opsdesk.log` in the data folder (`./data/opsdesk.log` by default). */
export function consoleLogFile(config: Config): string {
  return path.resolve(config.database.dataDir, 'opsdesk.log');
}

async function run(kind: 'start' | 'console', options: { config?: string; as?: string }): Promise<void> {
  const { config, source } = resolveConfig(options.config);
  const useConsole = config.console.enabled;
  // In the console, log lines would land between the conversation's lines and over the prompt: they go
  // to a file unless LOG_LEVEL asks for them on stderr.
  const logFile = useConsole && !process.env.LOG_LEVEL ? consoleLogFile(config) : undefined;
  const log = createLogger({ file: logFile });
  if (logFile) process.stderr.write(`${say('cli.logTo', { file: logFile })}\n`);
  log.info({ config: source, version: version() }, 'opsdesk starting');
  const interactive = Boolean(process.stdin.isTTY);
  // Assigned once below; the shutdown handler must exist before the bot starts.
  // eslint-disable-next-line prefer-const
  let bot: Awaited<ReturnType<typeof startBot>> | undefined;
  let exiting = false;
  const shutdown = async (reason: string, code = 0) => {
    if (exiting) return;
    exiting = true;
    log.info({ reason }, 'shutting down');
    const force = setTimeout(() => {
      log.error('shutdown took too long; exiting');
      process.exit(code || 1);
    }, config.jobs.shutdownGraceMs + 10_000);
    force.unref();
    await bot?.stop().catch((err: Error) => log.error({ err: err.message }, 'stop failed'));
    process.exit(code);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  bot = await startBot({
    config,
    log,
    env: process.env,
    consoleOnly: kind === 'console',
    onDatabaseUnreachable: () => void shutdown('database-unreachable', 1),
    console: useConsole
      ? {
          input: process.stdin,
          output: process.stdout,
          prompt: interactive,
          user: options.as,
          onEnd: () => {
            // A person pressing Ctrl-D, or `opsdesk console` at the end of a script: leave.
            // `opsdesk start` fed by a pipe keeps serving (jobs, other adapters).
            if (kind === 'console' || interactive) void shutdown('console-input-ended');
            else log.info('console input ended; still serving');
          },
        }
      : undefined,
  });
  await bot.runtime.scheduleJobs();
  log.info({ platforms: bot.runtime.outbound.platforms() }, 'opsdesk is running');
}

export function buildProgram(): Command {
  const program = new Command()
    .name('opsdesk')
    .description(say('cli.description'))
    .version(version(), '-V, --version', say('cli.opt.version'))
    .helpOption('-h, --help', say('cli.opt.help'))
    .showHelpAfterError(say('cli.helpAfterError'));
  const configOption = () => new Option('-c, --config <file>', say('cli.opt.configDefault'));

  program
    .command('start')
    .description(say('cli.start'))
    .addOption(configOption())
    .option('--as <person>', say('cli.start.as'))
    .action((o: { config?: string; as?: string }) => run('start', o));

  program
    .command('console')
    .description(say('cli.console'))
    .addOption(configOption())
    .option('--as <person>', say('cli.console.as'))
    .action((o: { config?: string; as?: string }) => run('console', o));

  program
    .command('check-config')
    .description(say('cli.checkConfig'))
    .argument('[file]', say('cli.opt.config'), undefined)
    .action((file?: string) => {
      const { config, source } = resolveConfig(file);
      const { timezone } = config.organisation;
      console.log(
        say('cli.checkConfig.valid', { source, people: sayCount('cli.people', config.people.length), timezone }),
      );
    });

  program
    .command('commands')
    .description(say('cli.commands'))
    .option('--markdown', say('cli.commands.markdown'))
    .action(() => {
      console.log(renderCommandReference(defaultCatalog().families));
    });

  registerInventoryCli(program, { resolveConfig });
  registerPackageCli(program, { resolveConfig });
  registerKeysCli(program, { resolveConfig });
  registerAuditCli(program, { resolveConfig });
  registerRepairCli(program, { resolveConfig });
  return program;
}

export async function main(argv = process.argv): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (err) {
    if (err instanceof OpsdeskError) {
      console.error(userTextIn(err, cliLanguage()));
    } else {
      const e = err as Error & { code?: string };
      console.error(e.code === 'DB_EMBEDDED_UNAVAILABLE' ? e.message : `opsdesk: ${e.message}`);
    }
    process.exit(1);
  }
}

if (require.main === module) void main();
