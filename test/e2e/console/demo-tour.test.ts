/**
 * The README's scripted tour as a newcomer runs it: `npx opsdesk console < fixtures/demo.txt` and
 * `npm run -s console < fixtures/demo.txt` from the repository (the example config with its data
 * folder moved aside). stdout must be only the conversation: no JSON log line, no npm header, no
 * ANSI codes; the log goes to <dataDir>/opsdesk.log, whose path is printed once on stderr.
 * Catches: `opsdesk` not runnable as written, log lines or npm's header in the conversation, an internal note
 * shown to the teacher, a one-tap answer not taken, a tour that no longer reaches its end (the case closed,
 * statistics, help).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { exampleConsole, type ExampleConsole } from '../../support/example-console';

jest.setTimeout(180_000);

const REPO = join(__dirname, '..', '..', '..');
const DEMO = readFileSync(join(REPO, 'fixtures', 'demo.txt'), 'utf8');
let example: ExampleConsole;

beforeAll(async () => {
  example = await exampleConsole('tour');
});

afterAll(async () => {
  await example.cleanup();
});

function run(tool: 'npx' | 'npm', args: string[]): { stdout: string; stderr: string; status: number | null } {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH}` };
  delete env.MONGODB_URI;
  delete env.OPSDESK_CONFIG;
  delete env.LOG_LEVEL;
  // npx runs the project's own bin by installing a link to it into its cache (~/.npm/_npx/<hash of
  // the path>); an entry left there by an earlier run or another checkout at the same path (one
  // whose install was cut short has no bin link: "sh: opsdesk: not found", exit 127) must not decide
  // this test. Each run gets an empty cache of its own; the link needs no network.
  env.npm_config_cache = npmCache;
  // npm and npx from PATH (beside node in CI's Node.js, a system npm elsewhere), run by this node.
  const r = spawnSync(tool, args, {
    cwd: REPO,
    input: DEMO,
    env,
    encoding: 'utf8',
    timeout: 150_000,
  });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

let npmCache: string;
beforeAll(() => {
  npmCache = mkdtempSync(join(tmpdir(), 'opsdesk-npm-cache-'));
});
afterAll(() => {
  rmSync(npmCache, { recursive: true, force: true });
});

function expectTheTour(out: { stdout: string; stderr: string; status: number | null }): void {
  // On a failure, what the tool said (npx's "not found", npm's error) is the message.
  expect({ status: out.status, stderr: out.status === 0 ? '' : out.stderr }).toEqual({ status: 0, stderr: '' });
  const lines = out.stdout.split('\n');
  expect(lines[0]).toMatch(/^opsdesk console — you are anna, in a DM with the bot\./u);
  expect(out.stdout).not.toMatch(/"level":|^> opsdesk@/mu);
  expect(out.stdout).not.toContain('\u001b[');
  // Nor on the terminal's other stream: the log is in the file.
  expect(out.stderr).not.toMatch(/"level":/u);
  expect(out.stdout).toMatch(/DM anna: INC-1 the printer in room 12 prints nothing {2}\[NEW\]/u);
  expect(out.stdout).toMatch(/DM anna: INC-1 is now resolved: restarted the print spooler/u);
  // The operator's request to the school's ICT contact and her answer are internal: never in the teacher's DM.
  expect(out.stdout).toMatch(/DM oscar: Ingrid Lie added an internal note to INC-1: the paper tray is full/u);
  expect(lines.filter((l) => /DM anna/u.test(l) && /paper tray/u.test(l))).toEqual([]);
  // She confirms with one tap (the reaction on the question).
  expect(out.stdout).toMatch(/DM anna: Thanks! INC-1 is closed\./u);
  expect(out.stdout).toMatch(/Answered ✅ yes by Anna Berg\./u);
  expect(out.stdout).toMatch(/DM oscar: Statistics: last 7 days/u);
  expect(out.stdout).toMatch(/DM oscar: opsdesk help/u);
  const logFile = join(example.dir, 'data', 'opsdesk.log');
  expect(out.stderr.split(`logging to ${logFile}`)).toHaveLength(2);
  expect(readFileSync(logFile, 'utf8')).toMatch(/"msg":"opsdesk starting"/u);
}

test('npx opsdesk console < fixtures/demo.txt: the whole tour, only the conversation on stdout', () => {
  expectTheTour(run('npx', ['--no-install', 'opsdesk', 'console', '--config', example.configPath]));
});

test('npm run -s console < fixtures/demo.txt: no npm header either', () => {
  // The first run's cases are there: the tour's INC-1 is INC-2 now; start from a new data folder.
  spawnSync('rm', ['-rf', join(example.dir, 'data')]);
  expect(existsSync(join(example.dir, 'data'))).toBe(false);
  expectTheTour(run('npm', ['run', '-s', 'console', '--', '--config', example.configPath]));
});
