import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultCatalog } from '../../../commands';
import {
  REFERENCE_BEGIN,
  REFERENCE_END,
  renderCommandReference,
  replaceCommandReference,
} from '../../../src/docs/command-reference';

const commandsDoc = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'commands.md'), 'utf8');

test('the command reference in docs/commands.md is the one the catalog generates (run `npm run docs`)', () => {
  const generated = renderCommandReference(defaultCatalog().families);
  expect(replaceCommandReference(commandsDoc, generated)).toBe(commandsDoc);
});

test('the reference names every sub-command with its usage and who may run it', () => {
  const block = commandsDoc.slice(commandsDoc.indexOf(REFERENCE_BEGIN), commandsDoc.indexOf(REFERENCE_END));
  for (const family of defaultCatalog().families) {
    for (const sub of family.subcommands) {
      expect(block).toContain(`\`${sub.usage.replace(/\|/gu, '\\|')}\``);
    }
  }
  expect(block).toMatch(/\| `ticket assign CASE PERSON` \| .* \| operator/u);
});
