/**
 * Install scripts travel over the SSH channel's stdin, never on the remote command line: a pupil
 * logged in on a classroom PC sees every command line (`ps`, /proc/PID/cmdline) but not another
 * user's stdin. Proved against the real OpenSSH sshd: while a deployment script runs, it records
 * every command line on the host, and a second session runs `ps` the way a local user would; neither
 * holds the script's text or its parameters. The same scan of the old way (script in `sh -c`) finds
 * the script, so the scan does see what it looks for.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runOnHost } from '../../../src/deploy/target-exec';
import { REMOTE_SCRIPT_COMMAND, remoteScript, shellQuote } from '../../../src/ssh/shell-quote';
import { SshSession, type SshClientOptions, type SshHost } from '../../../src/ssh/ssh-session';
import { startSshdFarm, type SshdFarm } from '../../platforms/sshd';

let farm: SshdFarm;
let opts: SshClientOptions;
let out: string;

beforeAll(async () => {
  farm = await startSshdFarm({ ports: 1, maxSessions: 4 });
  opts = {
    privateKey: farm.clientKey,
    connectTimeoutMs: 5000,
    keepaliveIntervalMs: 1000,
    keepaliveCountMax: 3,
    maxSessions: 3,
    outputBytes: 64 * 1024,
  };
  out = await mkdtemp(join(tmpdir(), 'opsdesk-argv-'));
}, 30_000);
afterAll(async () => {
  await farm?.stop();
  if (out) await rm(out, { recursive: true, force: true });
});

const host = (): SshHost => ({
  name: 'pc-argv',
  address: '127.0.0.1',
  port: farm.ports[0],
  user: farm.user,
  hostKey: farm.hostKey,
});

async function session(): Promise<SshSession> {
  const r = await SshSession.open(host(), opts);
  if (!r.ok) throw new Error(r.failure.error);
  return r.session;
}

/**
 * A script that, while it runs, writes every command line on the host (one per line, NULs as
 * spaces), its own and its parent's, then says it is ready and sleeps. Nothing it starts has the
 * marker or the parameter in its own command line: `tr` reads the files through redirections.
 */
function spyScript(marker: string, dir: string): string {
  return [
    `# ${marker}: this comment is only in the script text`,
    `for f in /proc/[0-9]*/cmdline; do tr '\\000' ' ' <"$f" 2>/dev/null; echo; done >"${dir}/all"`,
    `tr '\\000' ' ' </proc/$$/cmdline >"${dir}/self"`,
    `tr '\\000' ' ' </proc/$PPID/cmdline >"${dir}/parent"`,
    `[ -n "$OPSDESK_SECRET_PARAM" ] && echo "${marker}-ran" >"${dir}/ran"`,
    `: >"${dir}/ready"`,
    'sleep 2',
  ].join('\n');
}

async function waitForFile(file: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`${file} did not appear`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test(
  'the remote command line holds no script text and no parameter: /proc of the running script and a concurrent ' +
    'ps agree',
  async () => {
    const marker = `opsdesk-script-marker-${randomBytes(6).toString('hex')}`;
    const param = `param-value-${randomBytes(6).toString('hex')}`;
    const dir = await mkdtemp(join(out, 'stdin-'));
    const s = await session();
    try {
      const { command, input } = remoteScript(spyScript(marker, dir), {
        OPSDESK_HOST: 'pc-argv',
        OPSDESK_SECRET_PARAM: param,
      });
      expect(command).toBe(REMOTE_SCRIPT_COMMAND);
      expect(command).not.toContain(marker);
      const running = s.exec(command, 20_000, input);
      await waitForFile(join(dir, 'ready'), 15_000);
      // Another user's view while the script still runs: every process's arguments.
      const ps = await s.exec('ps -eo pid=,args=', 10_000);
      const result = await running;
      expect(result).toMatchObject({ kind: 'exited', exitCode: 0 });
      expect(ps).toMatchObject({ kind: 'exited', exitCode: 0 });

      const all = await readFile(join(dir, 'all'), 'utf8');
      const self = await readFile(join(dir, 'self'), 'utf8');
      const parent = await readFile(join(dir, 'parent'), 'utf8');
      // The script ran with its parameter, and the scan saw the host's processes, this shell among them.
      expect(await readFile(join(dir, 'ran'), 'utf8')).toBe(`${marker}-ran\n`);
      expect(all.split('\n').length).toBeGreaterThan(5);
      expect(self).toMatch(/^\/bin\/sh -c opsdesk_script=\s/u);
      expect(all).toContain(self.trim());
      expect(parent).toMatch(/sshd/u);
      expect(ps.output).toContain('opsdesk_line');
      for (const [where, text] of [
        ['/proc/*/cmdline', all],
        ['own command line', self],
        ['parent command line', parent],
        ['ps', ps.output],
      ]) {
        expect({
          where,
          marker: text.includes(marker),
          param: text.includes(param),
          body: text.includes('/proc/[0-9]*/cmdline'),
        }).toEqual({ where, marker: false, param: false, body: false });
      }
    } finally {
      s.close();
    }
  },
  60_000,
);

test('the same scan finds the script when it is on the command line (the old way), so it does look', async () => {
  const marker = `opsdesk-script-marker-${randomBytes(6).toString('hex')}`;
  const dir = await mkdtemp(join(out, 'argv-'));
  const s = await session();
  try {
    const script = `OPSDESK_SECRET_PARAM=x\n${spyScript(marker, dir)}`;
    const r = await s.exec(`exec /bin/sh -c ${shellQuote(script)} opsdesk`, 20_000);
    expect(r).toMatchObject({ kind: 'exited', exitCode: 0 });
    expect(await readFile(join(dir, 'self'), 'utf8')).toContain(marker);
    expect(await readFile(join(dir, 'all'), 'utf8')).toContain(marker);
  } finally {
    s.close();
  }
}, 60_000);

test(
  'a deployment (runOnHost: check script, then install script) puts neither script on the command ' + 'line',
  async () => {
    const marker = `opsdesk-script-marker-${randomBytes(6).toString('hex')}`;
    const dir = await mkdtemp(join(out, 'deploy-'));
    const check = `# ${marker}-check\ntr '\\000' ' ' </proc/$$/cmdline >"${dir}/check-self"\nexit 1`;
    const r = await runOnHost(
      host(),
      {
        script: spyScript(marker, dir),
        check,
        env: { OPSDESK_HOST: 'pc-argv', OPSDESK_SECRET_PARAM: 'p' },
        timeoutMs: 20_000,
      },
      opts,
    );
    expect(r).toMatchObject({ state: 'succeeded', exitCode: 0 });
    expect(await readFile(join(dir, 'check-self'), 'utf8')).toMatch(/^\/bin\/sh -c opsdesk_script=/u);
    for (const f of ['check-self', 'self', 'all']) expect(await readFile(join(dir, f), 'utf8')).not.toContain(marker);
  },
  60_000,
);

test(
  'a command in the script that reads stdin gets end-of-file, not the rest of the script; exit codes and $0 are ' +
    'kept',
  async () => {
    const s = await session();
    try {
      const { command, input } = remoteScript('read line; echo "read[$line]"\ncat\necho "after $0"\nexit 4');
      const r = await s.exec(command, 10_000, input);
      expect(r).toMatchObject({ kind: 'exited', exitCode: 4 });
      expect(r.output).toBe('read[]\nafter opsdesk\n');
    } finally {
      s.close();
    }
  },
  30_000,
);

test('a script that arrives cut off (no end line) does not run at all', async () => {
  const flag = join(out, `cut-${randomBytes(4).toString('hex')}`);
  const { command, input } = remoteScript(`touch ${flag}\necho whole`);
  const cut = input.slice(0, input.lastIndexOf('#opsdesk:end') + 5);
  const s = await session();
  try {
    const r = await s.exec(command, 10_000, cut);
    expect(r).toMatchObject({ kind: 'exited', exitCode: 125 });
    expect(r.output).toContain('did not arrive whole');
    expect(existsSync(flag)).toBe(false);
  } finally {
    s.close();
  }
}, 30_000);

test('every byte of every line arrives as written: backslashes, blanks at both ends, a CR, a here-document', async () => {
  // Would catch the shell's `read` without -r (backslashes eaten) or with IFS (blanks trimmed): the script is read
  // line by line since `$(cat)` (a fork and an exec on every target) was dropped.
  const script = [
    "printf '%s|' 'a\\b' '  both ends  ' \"$OPSDESK_X\"; echo",
    'printf "[%s]\\n" "tab\there"',
    'cat <<EOF',
    '  indented \\$notvar $((1 + 2))',
    'EOF',
    "printf 'cr\\r\\n' | od -c | head -1 | tr -s ' '",
    'echo "${opsdesk_line-no-reader-variable-left}"',
  ].join('\n');
  const { command, input } = remoteScript(script, { OPSDESK_X: 'it\'s "q" $HOME `x`' });
  const s = await session();
  try {
    const r = await s.exec(command, 10_000, input);
    expect(r).toMatchObject({ kind: 'exited', exitCode: 0 });
    expect(r.output).toBe(
      'a\\b|  both ends  |it\'s "q" $HOME `x`|\n[tab\there]\n  indented $notvar 3\n0000000 c r \\r \\n\n' +
        'no-reader-variable-left\n',
    );
  } finally {
    s.close();
  }
}, 30_000);

test('the remote command reads the script with the shell itself: no command substitution, so no fork on the target', () => {
  // Would catch a return of `$(cat)`: a fork and an exec per target, ~2 ms of the host's CPU (issue 18's bench).
  expect(REMOTE_SCRIPT_COMMAND).not.toMatch(/\$\(|`/u);
  expect(REMOTE_SCRIPT_COMMAND).toContain('read -r');
});
