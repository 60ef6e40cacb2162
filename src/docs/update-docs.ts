/**
 * `npm run docs`: rewrites the generated command reference in README.md from the command catalog.
 * A test fails while README.md is out of date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultCatalog } from '../../commands';
import { renderCommandReference, replaceCommandReference } from './command-reference';

export const README_PATH = join(__dirname, '..', '..', '..', 'README.md');

if (require.main === module) {
  const readme = readFileSync(README_PATH, 'utf8');
  const next = replaceCommandReference(readme, renderCommandReference(defaultCatalog().families));
  if (next !== readme) writeFileSync(README_PATH, next);
  console.log(next === readme ? 'README.md is up to date.' : 'README.md: command reference updated.');
}
