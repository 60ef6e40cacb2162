import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultCatalog } from '../../../commands';
import { REFERENCE_BEGIN, REFERENCE_END, renderCommandReference, replaceCommandReference } from '../../../src/docs/command-reference';

const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');

test('the README command reference is the one the catalog generates (run `npm run docs`)', () => {
  const generated = renderCommandReference(defaultCatalog().families);
  expect(replaceCommandReference(readme, generated)).toBe(readme);
});

test('the reference names every sub-command with its usage and who may run it', () => {
  const block = readme.slice(readme.indexOf(REFERENCE_BEGIN), readme.indexOf(REFERENCE_END));
  for (const family of defaultCatalog().families) {
    for (const sub of family.subcommands) {
      expect(block).toContain(`\`${sub.usage.replace(/\|/gu, '\\|')}\``);
    }
  }
  expect(block).toMatch(/\| `ticket assign CASE PERSON` \| .* \| operator/u);
});

test('the README has the two commands a newcomer needs', () => {
  expect(readme).toContain('npm install && npm start');
  expect(readme).toContain('npm test');
});
