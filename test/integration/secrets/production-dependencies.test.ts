/**
 * Supply chain: the production dependency tree holds no `request` (unmaintained; CVE-2023-28155),
 * no `tough-cookie` before 4.1.3 (CVE-2023-26136) and no `form-data` before 2.5.4 (CVE-2025-7783).
 * matrix-bot-sdk asks for all three; package.json `overrides` swap `request` for
 * `@cypress/request` and lift the other two. Checked twice: the installed tree as `npm ls` sees it
 * (real package names, so an alias named `request` counts as what it is), and package-lock.json,
 * which is what `npm ci` installs in CI and in the Docker image.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = join(__dirname, '..', '..', '..');
const run = promisify(execFile);

/** Below these versions a package is refused; `null`: refused in any version. */
const FLOORS: Record<string, string | null> = { request: null, 'tough-cookie': '4.1.3', 'form-data': '2.5.4' };

function atLeast(version: string, floor: string): boolean {
  const parse = (v: string) => v.split(/[.+-]/u).slice(0, 3).map(Number);
  const [a, b] = [parse(version), parse(floor)];
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return true;
}

function refusals(found: Array<{ name: string; version: string; where: string }>): string[] {
  return found
    .filter(({ name, version }) => name in FLOORS && (FLOORS[name] === null || !atLeast(version, FLOORS[name]!)))
    .map(({ name, version, where }) => `${name}@${version} at ${where}`);
}

/** npm as the running node has it (node's bin folder), else npm from PATH. */
function npmCommand(): { file: string; args: string[] } {
  const cli = join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js');
  return existsSync(cli) ? { file: process.execPath, args: [cli] } : { file: 'npm', args: [] };
}

interface LsNode {
  name?: string;
  version?: string;
  path?: string;
  dependencies?: Record<string, LsNode>;
}

test(
  'npm ls --omit=dev: no request, no tough-cookie < 4.1.3, no form-data < 2.5.4 (matrix-bot-sdk uses ' +
    '@cypress/request)',
  async () => {
    const npm = npmCommand();
    // --long adds each package's real name (an alias installed as node_modules/request is @cypress/request).
    const { stdout } = await run(npm.file, [...npm.args, 'ls', '--omit=dev', '--all', '--json', '--long'], {
      cwd: ROOT,
      maxBuffer: 64 * 1024 * 1024,
    }).catch((err: { stdout?: string; stderr?: string }) => {
      if (!err.stdout) throw new Error(`npm ls printed nothing: ${err.stderr}`);
      return { stdout: err.stdout };
    });
    const tree = JSON.parse(stdout) as LsNode;
    const found: Array<{ name: string; version: string; where: string }> = [];
    const walk = (node: LsNode, chain: string[]) => {
      for (const [key, dep] of Object.entries(node.dependencies ?? {})) {
        const name = dep.name ?? key;
        found.push({ name, version: dep.version ?? '0.0.0', where: [...chain, key].join(' > ') });
        walk(dep, [...chain, key]);
      }
    };
    walk(tree, []);
    expect(refusals(found)).toEqual([]);
    // Not a vacuous pass: the tree was walked, and matrix-bot-sdk's HTTP client is the maintained fork.
    const matrixRequest = found.find((f) => f.where === 'matrix-bot-sdk > request');
    expect(matrixRequest).toMatchObject({ name: '@cypress/request' });
    expect(found.filter((f) => f.name === 'tough-cookie').length).toBeGreaterThan(0);
    expect(found.some((f) => f.name === 'jest')).toBe(false);
  },
  60_000,
);

test('package-lock.json: the production packages npm ci installs pass the same floors', () => {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { name?: string; version?: string; dev?: boolean }>;
  };
  const found = Object.entries(lock.packages)
    .filter(([path, p]) => path !== '' && !p.dev)
    .map(([path, p]) => ({
      name: p.name ?? path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length),
      version: p.version ?? '0.0.0',
      where: path,
    }));
  expect(refusals(found)).toEqual([]);
  expect(found.find((f) => f.where === 'node_modules/request')).toMatchObject({ name: '@cypress/request' });
  const overrides = (
    JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { overrides?: Record<string, string> }
  ).overrides;
  expect(overrides).toMatchObject({ request: expect.stringMatching(/^npm:@cypress\/request@/u) });
});
