/**
 * `npm run docs`: rewrites the generated command reference in docs/commands.md from the command catalog.
 * A test fails while docs/commands.md is out of date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultCatalog } from '../../commands';
import { renderCommandReference, replaceCommandReference } from './command-reference';

export const COMMANDS_DOC_PATH = join(__dirname, '..', '..', '..', 'docs', 'commands.md');

if (require.main === module) {
  const doc = readFileSync(COMMANDS_DOC_PATH, 'utf8');
  const next = replaceCommandReference(doc, renderCommandReference(defaultCatalog().families));
  if (next !== doc) writeFileSync(COMMANDS_DOC_PATH, next);
  console.log(next === doc ? 'docs/commands.md is up to date.' : 'docs/commands.md: command reference updated.');
}
