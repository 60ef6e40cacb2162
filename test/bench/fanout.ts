/**
 * Benchmark: a whole `/deploy` (the bot running in its own process, the RFC scheduled beforehand, records,
 * claims, the job and the progress message included) to 200 loopback sshd "hosts" at ×32, against
 * `parallel-ssh -p 32` and `xargs -P 32 ssh` on the same targets in the same run (clush is not installed
 * here), all with `KexAlgorithms=curve25519-sha256` (what ssh2 negotiates), plus OpenSSH's default key
 * exchange and opsdesk's executor alone for information. The script is `true`; every side authenticates
 * with the same key and checks the same pinned host key; the sshd sessions run no shell start-up file
 * (`SetEnv SHLVL=1`). Rounds are interleaved (`OPSDESK_BENCH_ROUNDS`, default 3): medians, with the spread
 * (min-max) in the name. Beside it: the sshd-bound limit (the farm's sshd CPU per session × targets /
 * cores), the database commands per target, and 1,000 targets (the same ports, five names each) against
 * 200 with the bot's peak RSS (`OPSDESK_BENCH_FANOUT_1000=0` skips it).
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runOnHost } from '../../src/deploy/target-exec';
import { forEachLimited } from '../../src/ssh/semaphore';
import { shellQuote } from '../../src/ssh/shell-quote';
import type { SshClientOptions } from '../../src/ssh/ssh-session';
import type { SshdFarm } from '../platforms/sshd';
import { benchDatabase } from './bench-database';
import { type BenchRow, round, runAlone, versus } from './bench-row';
import { bareRss, peakRss } from './deploy-rss';
import {
  commandsPer,
  databasePid,
  median,
  procCpuSeconds,
  reapedChildrenCpuSeconds,
  sshdCpuSeconds,
  startDeployBench,
  type DeployBench,
} from './deploy-world';

const run$ = promisify(execFile);
const TARGETS = Number(process.env.OPSDESK_BENCH_FANOUT_TARGETS ?? 200);
const ROUNDS = Number(process.env.OPSDESK_BENCH_ROUNDS ?? 3);
const WITH_1000 = process.env.OPSDESK_BENCH_FANOUT_1000 !== '0';
const PARALLEL = 32;
const CURVE = 'KexAlgorithms=curve25519-sha256';

function openSshOpts(farm: SshdFarm, kex?: string): string[] {
  return [
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
    ...(kex ? ['-o', kex] : []),
  ];
}

/** The script as an OpenSSH command line (fine for a benchmark's `true`; opsdesk itself never does this). */
const commandLine = (script: string) => `exec /bin/sh -c ${shellQuote(script)} opsdesk`;

/** opsdesk's executor alone in this process (ssh2, one connection per host): no records, claims, job or progress. */
async function executor(farm: SshdFarm): Promise<number> {
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
      { script: 'true', env: {}, timeoutMs: 60_000 },
      opts,
    );
    if (r.state === 'succeeded') ok++;
  });
  return ok;
}

async function pssh(farm: SshdFarm, hostsFile: string, kex?: string): Promise<number> {
  const opts = openSshOpts(farm, kex).flatMap((o, i, a) => (i % 2 === 0 ? ['-x', `${o} ${a[i + 1]}`] : []));
  const args = ['-p', String(PARALLEL), '-t', '60', '-h', hostsFile, '-l', farm.user, ...opts, commandLine('true')];
  const { stdout } = await run$('parallel-ssh', args, { maxBuffer: 16 * 1024 * 1024 }).catch(
    (err: { stdout?: string }) => ({ stdout: err.stdout ?? '' }),
  );
  return (stdout.match(/\[SUCCESS\]/gu) ?? []).length;
}

async function xargs(farm: SshdFarm, portsFile: string, kex?: string): Promise<number> {
  const ssh = [
    'ssh',
    ...openSshOpts(farm, kex),
    '-p',
    '{}',
    `${farm.user}@127.0.0.1`,
    commandLine('true && echo opsdesk-ok'),
  ];
  const { stdout } = await run$('xargs', ['-a', portsFile, '-P', String(PARALLEL), '-I', '{}', ...ssh], {
    maxBuffer: 16 * 1024 * 1024,
  }).catch((err: { stdout?: string }) => ({ stdout: err.stdout ?? '' }));
  return (stdout.match(/opsdesk-ok/gu) ?? []).length;
}

interface Side {
  name: string;
  note: string;
  run(): Promise<number>;
  /** CPU seconds used so far on the client side (the tool's processes; opsdesk's bot and database server). */
  clientCpu(): Promise<number>;
  seconds: number[];
  cpuPerSession: number[];
  clientCpuPerSession: number[];
}

/** Times one side: wall seconds, and the sshd and client CPU it cost per session. */
async function timeSide(b: DeployBench, side: Side, sessions: number): Promise<void> {
  const cpu0 = sshdCpuSeconds(b.farm);
  const client0 = await side.clientCpu();
  const t0 = performance.now();
  const ok = await side.run();
  side.seconds.push((performance.now() - t0) / 1000);
  side.cpuPerSession.push((sshdCpuSeconds(b.farm) - cpu0) / sessions);
  side.clientCpuPerSession.push(((await side.clientCpu()) - client0) / sessions);
  if (ok !== sessions) throw new Error(`${side.name} succeeded on ${ok} of ${sessions} targets`);
}

const spread = (xs: number[]) => `${round(Math.min(...xs), 2)}-${round(Math.max(...xs), 2)} s`;

export async function run(): Promise<BenchRow[]> {
  const db = await benchDatabase('opsdesk_bench_fanout');
  const groups: Record<string, number> = { g200: TARGETS, ...(WITH_1000 ? { g1000: 1000 } : {}) };
  const b = await startDeployBench({
    uri: db.uri,
    ports: TARGETS,
    groups,
    rfcsPerGroup: { g200: ROUNDS, ...(WITH_1000 ? { g1000: 1 } : {}) },
  });
  const rows: BenchRow[] = [];
  try {
    const hostsFile = join(b.farm.dir, 'pssh_hosts');
    const portsFile = join(b.farm.dir, 'ports');
    await writeFile(hostsFile, b.farm.ports.map((p) => `127.0.0.1:${p}`).join('\n') + '\n');
    await writeFile(portsFile, b.farm.ports.join('\n') + '\n');
    const rfcs = [...b.rfcs.g200];
    const reaped = async () => reapedChildrenCpuSeconds();
    const side = (name: string, note: string, fn: () => Promise<number>, clientCpu = reaped): Side => ({
      name,
      note,
      run: fn,
      clientCpu,
      seconds: [],
      cpuPerSession: [],
      clientCpuPerSession: [],
    });
    const dbPid = databasePid(db.uri);
    const botAndDb = async () => (await b.bot.cpu()) + (dbPid ? procCpuSeconds(dbPid) : 0);
    const self = async () => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1e6;
    };
    const perTarget: number[] = [];
    let detail = '';
    const ours = side(
      'opsdesk /deploy',
      '',
      async () => {
        const before = await b.bot.commands();
        await b.bot.deploy(rfcs.shift()!, 'g200', PARALLEL);
        const c = commandsPer(before, await b.bot.commands(), TARGETS);
        perTarget.push(c.total);
        detail = c.detail;
        return TARGETS;
      },
      botAndDb,
    );
    const peers: Side[] = [
      side('parallel-ssh', `parallel-ssh -p 32 (Debian pssh), ${CURVE}`, () => pssh(b.farm, hostsFile, CURVE)),
      side('xargs+ssh', `xargs -P 32 with the OpenSSH client, ${CURVE}`, () => xargs(b.farm, portsFile, CURVE)),
    ];
    const defaults: Side[] = [
      side(
        'opsdesk executor alone',
        'runOnHost ×32 in the bench process (ssh2 negotiates curve25519): no records, claims, job or progress',
        () => executor(b.farm),
        self,
      ),
      side('parallel-ssh (default kex)', "parallel-ssh -p 32, OpenSSH's default key exchange", () =>
        pssh(b.farm, hostsFile),
      ),
      side('xargs+ssh (default kex)', "xargs -P 32 ssh, OpenSSH's default key exchange", () =>
        xargs(b.farm, portsFile),
      ),
    ];
    for (let r = 0; r < ROUNDS; r++) {
      process.stderr.write(`fanout round ${r + 1} of ${ROUNDS}\n`);
      for (const s of [ours, ...peers, ...defaults]) await timeSide(b, s, TARGETS);
    }
    const name = `/deploy ${TARGETS} targets ×${PARALLEL} (median of ${ROUNDS}, ${spread(ours.seconds)})`;
    const best = [...peers].sort((x, y) => median(x.seconds) - median(y.seconds))[0];
    for (const p of [...peers, ...defaults])
      rows.push(
        versus(
          `${name} vs ${p.name}${p === best ? ' (best curve25519 peer)' : ''} (${spread(p.seconds)})`,
          round(median(ours.seconds), 2),
          's',
          round(median(p.seconds), 2),
          `${p.note}, same targets and script`,
        ),
      );
    const ms = (x: number) => round(x * 1000, 1);
    for (const s of [ours, defaults[0]])
      rows.push(
        versus(
          `client CPU per target: ${s === ours ? 'opsdesk /deploy (bot + database server)' : s.name} vs ${best.name}`,
          ms(median(s.clientCpuPerSession)),
          'ms',
          ms(median(best.clientCpuPerSession)),
          `${best.name}: its processes and their ssh clients (reaped children's CPU), same runs`,
        ),
      );
    const cpu = median([ours, ...peers].flatMap((s) => s.cpuPerSession));
    const limit = (cpu * TARGETS) / cpus().length;
    rows.push(
      versus(
        `${name} vs the sshd-bound limit (${round(cpu * 1000, 1)} ms sshd CPU per session × ${TARGETS} / ` +
          `${cpus().length} cores)`,
        round(median(ours.seconds), 2),
        's',
        round(limit, 2),
        'the sshd CPU per session (the farm sshd processes and their reaped children, median over the runs above)',
      ),
    );
    rows.push(
      versus(
        `database commands per target during /deploy ${TARGETS} (${detail})`,
        round(median(perTarget), 2),
        'per target',
        2,
        'a claim and an outcome insert per target: the least for a run decided once with its outcome kept',
      ),
    );
    if (WITH_1000) rows.push(...(await thousand(b, db.uri, median(ours.seconds))));
  } finally {
    await b.stop();
    await db.stop();
  }
  return rows.map((r) => ({ ...r, engine: db.engine }));
}

/** 1,000 targets (the same sshd ports, five names each) against the 200 above; the bot's peak RSS meanwhile. */
async function thousand(b: DeployBench, uri: string, at200: number): Promise<BenchRow[]> {
  const bare = await bareRss(uri);
  const before = await b.bot.rss();
  const peak = peakRss(b.bot);
  const seconds = await b.bot.deploy(b.rfcs.g1000[0], 'g1000', PARALLEL, 900_000);
  const rss = await peak.stop();
  return [
    versus(
      `/deploy 1,000 targets ×${PARALLEL} (${TARGETS} sshd ports shared) vs ${TARGETS}`,
      round(seconds, 2),
      's',
      round(at200, 2),
      `the ${TARGETS}-target /deploy median above`,
    ),
    versus(
      `memory (RSS) of the bot, peak during the 1,000-target /deploy (${round(before / 2 ** 20, 1)} MiB before it)`,
      round(rss / 2 ** 20, 1),
      'MiB',
      round(bare / 2 ** 20, 1),
      'a bare Node process with mongoose connected (bot-host.ts bare)',
    ),
  ];
}

if (require.main === module) runAlone(run);
