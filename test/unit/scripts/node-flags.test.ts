/**
 * opsdesk is started with the same V8 flags wherever production starts it: the Dockerfile's
 * ENTRYPOINT and `npm start` / `npm run console` carry exactly `PRODUCTION_NODE_FLAGS`, the list the
 * memory bench gives the bot and its bare baseline. Would catch the flag dropped from one place (an
 * idle bot then holds about 20 MiB more) or a bench that measures a start production does not use.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PRODUCTION_NODE_FLAGS } from '../../bench/node-flags';

const REPO = join(__dirname, '..', '..', '..');

/** The node options between `node` and the script in a command line. */
function flagsBefore(script: string, words: string[]): string[] {
  const node = words.lastIndexOf('node', words.indexOf(script));
  expect(node).toBeGreaterThanOrEqual(0);
  return words.slice(node + 1, words.indexOf(script));
}

test('the Docker image starts node with the production flags', () => {
  const line = readFileSync(join(REPO, 'Dockerfile'), 'utf8')
    .split('\n')
    .find((l) => l.startsWith('ENTRYPOINT'));
  const words = JSON.parse(line!.slice('ENTRYPOINT'.length)) as string[];
  expect(flagsBefore('dist/src/cli.js', words)).toEqual(PRODUCTION_NODE_FLAGS);
});

test('npm start and npm run console start node with the production flags', () => {
  const { scripts } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  for (const name of ['start', 'console']) {
    const words = scripts[name].split(/\s+/u);
    expect([name, flagsBefore('dist/src/cli.js', words)]).toEqual([name, PRODUCTION_NODE_FLAGS]);
  }
});
