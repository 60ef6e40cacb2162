/**
 * `npm start`'s build step (scripts/build-if-stale.js) on a tiny project: the first run compiles and
 * says so on stderr, a second run with nothing changed does not run tsc at all (and prints nothing),
 * and a changed source compiles again, naming the file. Catches every `npm start` paying for tsc.
 */
import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

jest.setTimeout(120_000);

const REPO = join(__dirname, '..', '..', '..');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'opsdesk-build-'));
  await mkdir(join(dir, 'scripts'));
  await mkdir(join(dir, 'src'));
  await copyFile(join(REPO, 'scripts', 'build-if-stale.js'), join(dir, 'scripts', 'build-if-stale.js'));
  await symlink(join(REPO, 'node_modules'), join(dir, 'node_modules'));
  const options = { outDir: 'dist', rootDir: '.', incremental: true, module: 'commonjs', types: [] };
  await writeFile(join(dir, 'tsconfig.build.json'), JSON.stringify({ compilerOptions: options, include: ['src'] }));
  await writeFile(join(dir, 'src', 'a.ts'), 'export const a: number = 1;\n');
  // The file the script checks for: opsdesk's entry point.
  await writeFile(join(dir, 'src', 'cli.ts'), 'export const cli = true;\n');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function build(): { stderr: string; status: number | null } {
  const r = spawnSync(process.execPath, [join(dir, 'scripts', 'build-if-stale.js')], { encoding: 'utf8' });
  expect(r.stdout).toBe('');
  return { stderr: r.stderr, status: r.status };
}

test('builds once, skips tsc while dist/ is current, builds again after a change', async () => {
  const first = build();
  expect(first.status).toBe(0);
  expect(first.stderr).toMatch(/^opsdesk: compiling TypeScript into dist\/ \(no build yet\)/u);
  expect(first.stderr).toMatch(/opsdesk: built in \d+\.\d s\n$/u);
  expect(existsSync(join(dir, 'dist', 'src', 'a.js'))).toBe(true);

  const second = build();
  expect(second).toEqual({ stderr: '', status: 0 });

  // A source newer than the last build (set a second ahead: file times may be coarse).
  const later = new Date(Date.now() + 2000);
  await utimes(join(dir, 'src', 'a.ts'), later, later);
  const third = build();
  expect(third.status).toBe(0);
  expect(third.stderr).toMatch(/changed since the last build: src\/a\.ts\) … only what changed/u);
});

test('output removed by hand is compiled again, although no source changed', async () => {
  await rm(join(dir, 'dist', 'src'), { recursive: true, force: true });
  const again = build();
  expect(again.status).toBe(0);
  expect(again.stderr).toMatch(/\(no build yet\) … the first build/u);
  expect(existsSync(join(dir, 'dist', 'src', 'cli.js'))).toBe(true);
});
