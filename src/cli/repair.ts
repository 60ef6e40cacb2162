import type { Command } from 'commander';
import { IncidentNumbers } from '../tickets/incident-numbers';
import { linkAllThreads } from '../tickets/thread-links';
import { rebuildRollups } from '../tickets/rollup-build';
import { printer, withCliDatabase, type CliDeps } from './inventory';
import { say } from './terminal';

/**
 * `opsdesk repair`: rebuilds what the hot paths keep beside the records, from the records: every
 * case's thread links (so replies are found by `_id`), the case number mark, and the roll-ups the
 * digest and `stats` read (src/tickets/case-rollups.ts; a full read of the cases). Safe to run while
 * the bot runs, and again (a case changed during the rebuild may need another run).
 */
export function register(program: Command, deps: CliDeps): void {
  const print = printer(deps);
  program
    .command('repair')
    .description(say('cli.repair'))
    .option('-c, --config <file>', say('cli.opt.config'))
    .action(async (o: { config?: string }) => {
      await withCliDatabase(deps, o.config, async () => {
        print(say('cli.repair.links', { count: await linkAllThreads() }));
        print(say('cli.repair.mark', { mark: await new IncidentNumbers().repair() }));
        print(say('cli.repair.rollups', { count: await rebuildRollups() }));
      });
    });
}
