import { Socket } from 'node:net';
import { remoteScript } from '../../../src/ssh/shell-quote';
import { SshSession, type SshClientOptions, type SshHost } from '../../../src/ssh/ssh-session';
import { startSshdFarm, type SshdFarm } from '../../platforms/sshd';

let farm: SshdFarm;
let opts: SshClientOptions;

beforeAll(async () => {
  farm = await startSshdFarm({ ports: 2, roguePorts: 1, closedPorts: 1, maxSessions: 4 });
  opts = {
    privateKey: farm.clientKey,
    connectTimeoutMs: 5000,
    keepaliveIntervalMs: 1000,
    keepaliveCountMax: 3,
    maxSessions: 3,
    outputBytes: 1024,
  };
}, 30_000);
afterAll(() => farm?.stop());

const host = (port: number, hostKey?: string): SshHost => ({
  name: `h${port}`,
  address: '127.0.0.1',
  port,
  user: farm.user,
  hostKey,
});

/** Runs a script the way deployments do: fixed command, script and parameters on stdin. */
function runScript(s: SshSession, script: string, timeoutMs: number, env: Record<string, string> = {}) {
  const { command, input } = remoteScript(script, env);
  return s.exec(command, timeoutMs, input);
}

async function session(h: SshHost): Promise<SshSession> {
  const r = await SshSession.open(h, opts);
  if (!r.ok) throw new Error(r.failure.error);
  return r.session;
}

test('runs a script with quoted parameters and reports the exit code and output', async () => {
  const s = await session(host(farm.ports[0], farm.hostKey));
  const evil = `it's "$(touch /tmp/pwned)" \`id\` ; rm -rf /nothing`;
  const r = await runScript(s, 'printf "%s|%s" "$OPSDESK_HOST" "$X"; echo; echo err >&2; exit 7', 5000, {
    OPSDESK_HOST: 'pc-01',
    X: evil,
  });
  s.close();
  expect(r).toMatchObject({ kind: 'exited', exitCode: 7 });
  expect(r.output).toContain(`pc-01|${evil}`);
  expect(r.output).toContain('err');
});

test('keeps only the end of long output', async () => {
  const s = await session(host(farm.ports[0], farm.hostKey));
  const r = await runScript(s, 'i=0; while [ $i -lt 500 ]; do echo "line $i"; i=$((i+1)); done', 5000);
  s.close();
  expect(r.output.length).toBeLessThanOrEqual(1024);
  expect(r.output.endsWith('line 499\n')).toBe(true);
  expect(r.output).not.toContain('line 1\n');
});

test('times a command out', async () => {
  const s = await session(host(farm.ports[1], farm.hostKey));
  // Long enough for the first line to arrive on a busy machine, far shorter than the command.
  const r = await runScript(s, 'echo started; sleep 30', 2500);
  expect(r.kind).toBe('timed-out');
  expect(r.output).toContain('started');
});

test('runs channels in parallel on one connection, at most maxSessions at once', async () => {
  const s = await session(host(farm.ports[0], farm.hostKey));
  const rs = await Promise.all(
    Array.from({ length: 6 }, () => runScript(s, 'a=$(date +%s%N); sleep 0.3; echo "$a $(date +%s%N)"', 5000)),
  );
  s.close();
  expect(rs.every((r) => r.kind === 'exited' && r.exitCode === 0)).toBe(true);
  const spans = rs.map((r) => r.output.trim().split(' ').map(Number));
  const overlap = (t: number) => spans.filter(([a, b]) => a <= t && t < b).length;
  const most = Math.max(...spans.map(([a]) => overlap(a)));
  expect(most).toBeGreaterThanOrEqual(2);
  expect(most).toBeLessThanOrEqual(3);
});

test('refuses a changed host key, an unpinned host and a closed port', async () => {
  const changed = await SshSession.open(host(farm.roguePorts[0], farm.hostKey), opts);
  expect(changed).toMatchObject({ ok: false, failure: { kind: 'host-key-mismatch', presented: farm.rogueHostKey } });
  const unpinned = await SshSession.open(host(farm.ports[0]), opts);
  expect(unpinned).toMatchObject({ ok: false, failure: { kind: 'host-key-mismatch', presented: farm.hostKey } });
  const closed = await SshSession.open(host(farm.closedPorts[0], farm.hostKey), opts);
  expect(closed).toMatchObject({ ok: false, failure: { kind: 'unreachable' } });
  expect(!closed.ok && closed.failure.error).toContain('ECONNREFUSED');
});

test("every session's socket has Nagle's algorithm off (setNoDelay), so packets are not held for the peer's ACK", async () => {
  // Would catch losing `setNoDelay(true)`: ssh2 without its native binding sends each packet in several
  // writes, and Nagle held the later ones ~0.2 s per session (issue 18).
  const calls: Array<{ port: number | undefined; noDelay: boolean | undefined }> = [];
  const original = Socket.prototype.setNoDelay;
  Socket.prototype.setNoDelay = function (this: Socket, noDelay?: boolean) {
    calls.push({ port: this.remotePort, noDelay });
    return original.call(this, noDelay);
  };
  try {
    const s = await session(host(farm.ports[1], farm.hostKey));
    const r = await runScript(s, 'echo ok', 5000);
    s.close();
    expect(r).toMatchObject({ kind: 'exited', exitCode: 0 });
  } finally {
    Socket.prototype.setNoDelay = original;
  }
  expect(calls.map((c) => c.noDelay)).toContain(true);
  expect(calls.filter((c) => c.noDelay === false)).toEqual([]);
});
