import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import mongoose from 'mongoose';
import { refusal, said } from '../i18n/refusal';
import { cliLanguage, say } from './terminal';
import type { Config } from '../config/schema';
import { systemClock } from '../core/clock';
import { createLogger } from '../core/log';
import { connectDatabase } from '../db/connect';
import { startEmbeddedDatabase } from '../db/embedded';
import { InventoryService } from '../inventory/inventory-service';
import { parseInventory } from '../inventory/parse-inventory';
import { describeQuery, targetQuery } from '../inventory/select-targets';
import { tokenize } from '../core/tokenize';

/** What the inventory and package sub-commands need from the CLI. */
export interface CliDeps {
  resolveConfig(file: string | undefined): { config: Config };
  /** Opens the database (MONGODB_URI, else the embedded one) and returns how to close it. Tests pass their own. */
  connect?: (config: Config) => Promise<() => Promise<void>>;
  /** Where lines go (default: stdout). */
  print?: (line: string) => void;
}

async function defaultConnect(config: Config): Promise<() => Promise<void>> {
  const log = createLogger({ level: process.env.LOG_LEVEL ?? 'warn' });
  let uri = process.env.MONGODB_URI;
  const embedded = uri ? undefined : await startEmbeddedDatabase({ dataDir: config.database.dataDir, log });
  uri ??= embedded!.uri;
  await connectDatabase(uri, log);
  return async () => {
    await mongoose.disconnect();
    await embedded?.stop();
  };
}

/** Runs `fn` with the database open and the config loaded; closes the database whatever happens. */
export async function withCliDatabase<T>(
  deps: CliDeps,
  configFile: string | undefined,
  fn: (config: Config) => Promise<T>,
): Promise<T> {
  const { config } = deps.resolveConfig(configFile);
  const close = await (deps.connect ?? defaultConnect)(config);
  try {
    return await fn(config);
  } finally {
    await close();
  }
}

export function printer(deps: CliDeps): (line: string) => void {
  return deps.print ?? ((line) => console.log(line));
}

function formatOf(file: string, given?: string): 'yaml' | 'csv' {
  const f = (given ?? path.extname(file).slice(1)).toLowerCase();
  if (f === 'csv') return 'csv';
  if (f === 'yaml' || f === 'yml' || f === 'json') return 'yaml';
  throw refusal('USAGE', said('cli.inventory.unknownFormat', { file }), said('cli.inventory.unknownFormatFix'));
}

/** `opsdesk inventory import FILE [--prune]` and `opsdesk inventory list [TARGETS…]`. */
export function register(program: Command, deps: CliDeps): void {
  const print = printer(deps);
  const inv = program.command('inventory').description(say('cli.inventory'));
  inv
    .command('import')
    .description(say('cli.inventory.import'))
    .argument('<file>', say('cli.inventory.file'))
    .option('-c, --config <file>', say('cli.opt.config'))
    .option('--format <format>', say('cli.inventory.format'))
    .option('--prune', say('cli.inventory.prune'))
    .action(async (file: string, o: { config?: string; format?: string; prune?: boolean }) => {
      const parsed = parseInventory(await readFile(file, 'utf8'), formatOf(file, o.format), cliLanguage());
      if (parsed.errors.length) {
        const errors = parsed.errors.map((e) => `  - ${e}`).join('\n');
        throw refusal(
          'USAGE',
          said('cli.inventory.notImported', { file, errors }),
          said('cli.inventory.notImportedFix'),
        );
      }
      const r = await withCliDatabase(deps, o.config, () =>
        new InventoryService({ clock: systemClock }).import(parsed.hosts, { prune: o.prune }),
      );
      print(say(o.prune ? 'cli.inventory.importedPruned' : 'cli.inventory.imported', { file, ...r }));
    });
  inv
    .command('list')
    .description(say('cli.inventory.list'))
    .argument('[targets...]', say('cli.inventory.targets'))
    .option('-c, --config <file>', say('cli.opt.config'))
    .action(async (targets: string[], o: { config?: string }) => {
      const t = tokenize(targets.join(' '));
      const query = targetQuery(t.words, t.pairs);
      await withCliDatabase(deps, o.config, async () => {
        const hosts = await new InventoryService({ clock: systemClock }).resolve(query);
        for (const h of hosts) {
          const where = [h.school, h.role, h.segment, ...h.groups].filter(Boolean).join(',');
          print(`${h.name}\t${h.address}:${h.port}\t${where}\t${h.hostKey ?? say('cli.inventory.noPinnedKey')}`);
        }
        print(say('cli.inventory.count', { count: hosts.length, query: describeQuery(query) }));
      });
    });
}
