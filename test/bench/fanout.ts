/**
 * Benchmark: fan-out of one command to 200 (OPSDESK_BENCH_FANOUT_TARGETS) loopback sshd "hosts" at parallelism 32,
 * opsdesk's
 * ssh2 executor (one Node process, one connection per host) against `parallel-ssh` (Debian's
 * pssh) and `xargs -P 32 ssh` (one OpenSSH client process per host) on the same targets in the
 * same run. Two scripts: `true` (pure connection cost) and `sleep 0.2`. Every side runs the same
 * script in /bin/sh (opsdesk sends it over stdin, the OpenSSH sides on the command line),
 * authenticates with the same key and checks the same pinned host key.
 * `run()` returns rows for the `npm run bench` table; `node dist/test/bench/fanout.js` prints them.
 */
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runOnHost } from '../../src/deploy/target-exec';
import { shellQuote } from '../../src/ssh/shell-quote';
import { forEachLimited } from '../../src/ssh/semaphore';
import type { SshClientOptions } from '../../src/ssh/ssh-session';
import { startSshdFarm, type SshdFarm } from '../platforms/sshd';
import { type BenchRow, round, versus } from './bench-row';

const run$ = promisify(execFile);
const TARGETS = Number(process.env.OPSDESK_BENCH_FANOUT_TARGETS ?? 200);
const PARALLEL = 32;
const SCRIPTS = [
  { label: 'true', script: 'true' },
  { label: '0.2 s script', script: 'sleep 0.2' },
];

const OPENSSH_OPTS = (farm: SshdFarm) => [
  '-i',
  farm.clientKeyFile,
  '-o',
  `UserKnownHostsFile=${farm.knownHostsFile}`,
  '-o',
  'StrictHostKeyChecking=yes',
  '-o',
  'BatchMode=yes',
  '-o',
  'LogLevel=ERROR',
  '-o',
  'ConnectTimeout=30',
];

/** The script as an OpenSSH command line (fine for a benchmark's `true`; opsdesk itself never does this). */
const commandLine = (script: string) => `exec /bin/sh -c ${shellQuote(script)} opsdesk`;

async function timed(fn: () => Promise<number>): Promise<{ seconds: number; ok: number }> {
  const t0 = performance.now();
  const ok = await fn();
  return { seconds: (performance.now() - t0) / 1000, ok };
}

async function opsdesk(farm: SshdFarm, command: string): Promise<number> {
  const opts: SshClientOptions = {
    privateKey: farm.clientKey,
    connectTimeoutMs: 30_000,
    keepaliveIntervalMs: 15_000,
    keepaliveCountMax: 3,
    maxSessions: 8,
    outputBytes: 64 * 1024,
  };
  let ok = 0;
  await forEachLimited(farm.ports, PARALLEL, async (port) => {
    const r = await runOnHost(
      { name: `h${port}`, address: '127.0.0.1', port, user: farm.user, hostKey: farm.hostKey },
      { script: command, env: {}, timeoutMs: 60_000 },
      opts,
    );
    if (r.state === 'succeeded') ok++;
  });
  return ok;
}

async function pssh(farm: SshdFarm, command: string, hostsFile: string): Promise<number> {
  const args = [
    '-p',
    String(PARALLEL),
    '-t',
    '60',
    '-h',
    hostsFile,
    '-l',
    farm.user,
    ...OPENSSH_OPTS(farm).flatMap((o, i, a) => (i % 2 === 0 ? ['-x', `${o} ${a[i + 1]}`] : [])),
    commandLine(command),
  ];
  const { stdout } = await run$('parallel-ssh', args, { maxBuffer: 16 * 1024 * 1024 }).catch(
    (err: { stdout?: string }) => ({ stdout: err.stdout ?? '' }),
  );
  return (stdout.match(/\[SUCCESS\]/gu) ?? []).length;
}

async function xargs(farm: SshdFarm, command: string, portsFile: string): Promise<number> {
  const ssh = [
    'ssh',
    ...OPENSSH_OPTS(farm),
    '-p',
    '{}',
    `${farm.user}@127.0.0.1`,
    commandLine(`${command} && echo opsdesk-ok`),
  ];
  const { stdout } = await run$('xargs', ['-a', portsFile, '-P', String(PARALLEL), '-I', '{}', ...ssh], {
    maxBuffer: 16 * 1024 * 1024,
  }).catch((err: { stdout?: string }) => ({ stdout: err.stdout ?? '' }));
  return (stdout.match(/opsdesk-ok/gu) ?? []).length;
}

export async function run(): Promise<BenchRow[]> {
  const farm = await startSshdFarm({ ports: TARGETS, maxStartups: '1000:30:2000', maxSessions: 20 });
  const rows: BenchRow[] = [];
  try {
    const hostsFile = join(farm.dir, 'pssh_hosts');
    const portsFile = join(farm.dir, 'ports');
    await writeFile(hostsFile, farm.ports.map((p) => `127.0.0.1:${p}`).join('\n') + '\n');
    await writeFile(portsFile, farm.ports.join('\n') + '\n');
    await readFile(farm.knownHostsFile);
    for (const { label, script } of SCRIPTS) {
      const ours = await timed(() => opsdesk(farm, script));
      const peerPssh = await timed(() => pssh(farm, script, hostsFile));
      const peerXargs = await timed(() => xargs(farm, script, portsFile));
      const check = (name: string, ok: number) => {
        if (ok !== TARGETS) throw new Error(`${name} (${label}) succeeded on ${ok} of ${TARGETS} targets`);
      };
      check('opsdesk', ours.ok);
      check('parallel-ssh', peerPssh.ok);
      check('xargs ssh', peerXargs.ok);
      const name = `fan-out ${TARGETS} hosts ×${PARALLEL}, ${label}`;
      rows.push(
        versus(
          `${name}: opsdesk vs parallel-ssh`,
          round(ours.seconds, 2),
          's',
          round(peerPssh.seconds, 2),
          'parallel-ssh -p 32 (Debian pssh), same targets and command',
        ),
      );
      rows.push(
        versus(
          `${name}: opsdesk vs xargs -P 32 ssh`,
          round(ours.seconds, 2),
          's',
          round(peerXargs.seconds, 2),
          'xargs -P 32 with the OpenSSH client, same targets and command',
        ),
      );
    }
  } finally {
    await farm.stop();
  }
  return rows;
}

if (require.main === module) {
  run().then(
    (rows) => console.table(rows),
    (err) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
