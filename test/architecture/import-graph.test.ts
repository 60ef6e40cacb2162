/**
 * The layer rule: imports point one way (adapters → src/bot → commands, jobs → src/<domain> → base),
 * with no circle. Checked twice: ESLint on every file as it is edited, and the whole graph here and in
 * `npm run lint`. Each check is shown to fail on a deliberately wrong import.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ESLint } from 'eslint';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildGraph, findCycles, layerViolations } = require('./import-graph.js');

const ROOT = join(__dirname, '..', '..');

test('the source has no import circle and no import against the layers', () => {
  const graph = buildGraph();
  expect(graph.size).toBeGreaterThan(150);
  expect(findCycles(graph)).toEqual([]);
  expect(layerViolations(graph)).toEqual([]);
});

test('the graph check finds a circle and a domain file importing the runtime', () => {
  const dir = mkdtempSync(join(tmpdir(), 'opsdesk-graph-'));
  try {
    const files: Record<string, string> = {
      'src/tickets/a.ts': "import { b } from '../bot/b';\nexport const a = b;\n",
      'src/bot/b.ts': "import type { a } from '../tickets/a';\nexport const b = 1;\n",
      'adapters/slack/c.ts': "import { a } from '../../src/tickets/a';\nexport const c = a;\n",
      'src/core/d.ts': 'export const d = 1;\n',
    };
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, rel)), { recursive: true });
      writeFileSync(join(dir, rel), text);
    }
    const graph = buildGraph(
      dir,
      Object.keys(files).map((f) => join(dir, f)),
    );
    expect(findCycles(graph)).toEqual([['src/bot/b.ts', 'src/tickets/a.ts']]);
    expect(layerViolations(graph)).toEqual([
      'src/tickets/a.ts → src/bot/b.ts (domain may not import bot)',
      'adapters/slack/c.ts → src/tickets/a.ts (adapters may not import domain)',
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('ESLint refuses an import against the layers', () => {
  // The project's own config, passed in (ESLint's loader imports it dynamically, which jest's VM refuses).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const config = require('../../eslint.config.mjs').default;
  const eslint = new ESLint({ cwd: ROOT, overrideConfigFile: true, overrideConfig: config });
  const restricted = async (filePath: string, code: string) =>
    (await eslint.lintText(code, { filePath: join(ROOT, filePath) }))[0].messages
      .filter((m) => m.ruleId === 'no-restricted-imports')
      .map((m) => m.message);

  test.each([
    ['src/tickets/probe.ts', "import { Intake } from '../bot/intake';"],
    ['src/votes/probe.ts', "import type { ReactionContext } from '../../commands/command';"],
    ['src/deploy/probe.ts', "import { buildAdapters } from '../../adapters';"],
    ['src/db/probe.ts', "import { Ticket } from '../tickets/ticket.model';"],
    ['commands/probe.ts', "import { Runtime } from '../src/bot/runtime';"],
    ['jobs/probe.ts', "import { startBot } from '../src/start-bot';"],
    ['adapters/slack/probe.ts', "import { TicketService } from '../../src/tickets/ticket-service';"],
    ['adapters/matrix/probe.ts', "import { defaultCatalog } from '../../commands';"],
  ])('%s: %s', async (file, code) => {
    expect(await restricted(file, `${code}\nexport {};\n`)).toHaveLength(1);
  });

  test.each([
    ['src/tickets/probe.ts', "import { usageError } from '../core/errors';"],
    ['commands/probe.ts', "import { TicketService } from '../src/tickets/ticket-service';"],
    ['adapters/slack/probe.ts', "import type { ChatEvent } from '../../src/chat/chat-event';"],
    ['src/bot/probe.ts', "import { defaultCatalog } from '../../commands';"],
  ])('allowed: %s: %s', async (file, code) => {
    expect(await restricted(file, `${code}\nexport {};\n`)).toEqual([]);
  });
});
