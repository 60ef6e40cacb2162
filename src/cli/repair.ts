import type { Command } from 'commander';
import { IncidentNumbers } from '../tickets/incident-numbers';
import { linkAllThreads } from '../tickets/thread-links';
import { rebuildRollups } from '../tickets/rollup-build';
import { printer, withCliDatabase, type CliDeps } from './inventory';

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
    .description(
      "rebuild the cases' thread links, case number mark and digest/stats roll-ups from the cases (a full read)",
    )
    .option('-c, --config <file>', 'config file')
    .action(async (o: { config?: string }) => {
      await withCliDatabase(deps, o.config, async () => {
        print(`thread links added: ${await linkAllThreads()}`);
        print(`case number mark: ${await new IncidentNumbers().repair()}`);
        print(`roll-ups rebuilt from ${await rebuildRollups()} cases`);
      });
    });
}
