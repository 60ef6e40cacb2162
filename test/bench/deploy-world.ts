/**
 * What the deployment benches share: an sshd farm whose sessions run no shell start-up file, the bot in a child
 * process (`deploy-bot.ts`) with the farm's ports as its inventory and RFCs scheduled beforehand, a whole
 * `/deploy` typed on its console and timed until its "Finished." note, and the farm's sshd CPU time.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeReleaseKey } from '../integration/deploy/release-keys';
import { startSshdFarm, type SshdFarm } from '../platforms/sshd';
import type { DeployBotCommand, DeployBotMessage } from './deploy-bot';
import { PRODUCTION_NODE_FLAGS } from './node-flags';

export interface DeployBench {
  farm: SshdFarm;
  bot: DeployBot;
  /** Scheduled RFCs per group, used one per deployment. */
  rfcs: Record<string, string[]>;
  /** Host names per group, with their ports (a port serves several names when the group is larger). */
  hosts: Record<string, { name: string; port: number }[]>;
  stop(): Promise<void>;
}

/** The bot child: `/deploy` on its console, its RSS over IPC. */
export class DeployBot {
  private out = '';
  private err = '';
  private waiters: Array<(m: DeployBotMessage) => void> = [];

  constructor(readonly child: ChildProcess) {
    child.stdout!.on('data', (c: Buffer) => {
      this.out = (this.out + c.toString()).slice(-200_000);
      // OPSDESK_BENCH_VERBOSE=1: what the console said, with the time since start.
      if (process.env.OPSDESK_BENCH_VERBOSE)
        process.stderr.write(`[${(performance.now() / 1000).toFixed(2)}] ${c.toString().slice(0, 300)}\n`);
    });
    child.stderr!.on('data', (c: Buffer) => (this.err = (this.err + c.toString()).slice(-4000)));
    child.on('message', (m: DeployBotMessage) => {
      for (const w of this.waiters.splice(0)) w(m);
    });
  }

  next<K extends string>(key: K, timeoutMs = 120_000): Promise<Extract<DeployBotMessage, Record<K, unknown>>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`bench bot: no ${key} in ${timeoutMs} ms: ${this.err}`)),
        timeoutMs,
      );
      const wait = (m: DeployBotMessage) => {
        if ('error' in m) {
          clearTimeout(timer);
          return reject(new Error(`bench bot: ${m.error}\n${this.err}`));
        }
        if (key in m) {
          clearTimeout(timer);
          return resolve(m as Extract<DeployBotMessage, Record<K, unknown>>);
        }
        this.waiters.push(wait);
      };
      this.waiters.push(wait);
    });
  }

  send(m: DeployBotCommand): void {
    this.child.send(m);
  }

  /** The database commands the bot sent so far, by `command collection`. */
  async commands(): Promise<Record<string, number>> {
    const got = this.next('commands', 10_000);
    this.send({ commands: true });
    return (await got).commands;
  }

  /** CPU seconds the bot process used so far. */
  async cpu(): Promise<number> {
    const got = this.next('cpu', 10_000);
    this.send({ cpu: true });
    return (await got).cpu;
  }

  async rss(): Promise<number> {
    const got = this.next('rss', 10_000);
    this.send({ rss: true });
    return (await got).rss;
  }

  /** Types `/deploy RFC to GROUP --parallel P` and waits for the deployment's "Finished." note: seconds. */
  async deploy(rfc: string, group: string, parallel: number, timeoutMs = 600_000): Promise<number> {
    const from = this.out.length;
    const t0 = performance.now();
    this.child.stdin!.write(`/deploy ${rfc} to ${group} --parallel ${parallel}\n`);
    if (process.env.OPSDESK_BENCH_VERBOSE) process.stderr.write(`[${(t0 / 1000).toFixed(2)}] typed /deploy ${rfc}\n`);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const said = this.out.slice(from);
      if (/Finished\./u.test(said)) {
        const seconds = (performance.now() - t0) / 1000;
        if (!/Finished\.[^\n]*\bdone\b/iu.test(said) && !/succeeded/u.test(said.slice(said.indexOf('Finished.'))))
          throw new Error(`the deployment of ${rfc} did not succeed:\n${said.slice(-1500)}`);
        return seconds;
      }
      if (Date.now() > deadline) throw new Error(`the deployment of ${rfc} did not finish:\n${said.slice(-1500)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  output(): string {
    return this.out;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((done) => this.child.once('exit', done));
    if (this.child.connected) this.send({ stop: true });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }
}

/**
 * The farm (`ports` sshd ports, start-up files guarded), the bot on `uri`, and per group its hosts (names
 * spread over the ports in turn) and `rfcsPerGroup` scheduled RFCs.
 */
export async function startDeployBench(opts: {
  uri: string;
  ports: number;
  groups: Record<string, number>;
  rfcsPerGroup: Record<string, number>;
}): Promise<DeployBench> {
  const [farm, key] = await Promise.all([
    startSshdFarm({ ports: opts.ports, maxStartups: '1000:30:2000', maxSessions: 20, guardStartupFiles: true }),
    makeReleaseKey('Bench Release'),
  ]);
  const hosts: DeployBench['hosts'] = {};
  for (const [group, n] of Object.entries(opts.groups))
    hosts[group] = Array.from({ length: n }, (_, i) => ({
      name: `${group}-${String(i + 1).padStart(4, '0')}`,
      port: farm.ports[i % farm.ports.length],
    }));
  const child = fork(join(__dirname, 'deploy-bot.js'), [], {
    env: {
      ...process.env,
      MONGODB_URI: monitored(opts.uri),
      OPSDESK_BENCH_GROUPS: Object.keys(opts.groups).join(','),
      OPSDESK_BENCH_RELEASE_PUB: key.publicKeyFile,
      OPSDESK_BENCH_SSH_USER: farm.user,
      OPSDESK_BENCH_SSH_KEY: farm.clientKeyFile,
    },
    stdio: ['pipe', 'pipe', 'pipe', 'ipc'],
    // The Dockerfile's node flags (a small young generation), then OPSDESK_BENCH_CPU_PROF=DIR: the bot's CPU profile
    // (node --cpu-prof), written when it stops.
    execArgv: [
      // The flags production starts the bot with: the bench measures the bot as it is shipped.
      ...PRODUCTION_NODE_FLAGS,
      ...(process.env.OPSDESK_BENCH_CPU_PROF
        ? ['--cpu-prof', '--cpu-prof-dir', process.env.OPSDESK_BENCH_CPU_PROF]
        : []),
    ],
  });
  const bot = new DeployBot(child);
  try {
    await bot.next('ready');
    const rfcs = bot.next('rfcs', 300_000);
    bot.send({
      setup: {
        hostKey: farm.hostKey,
        privateKeyArmored: key.privateKey,
        hosts: Object.entries(hosts).flatMap(([group, list]) => list.map((h) => ({ ...h, group }))),
        rfcs: opts.rfcsPerGroup,
      },
    });
    const made = (await rfcs).rfcs;
    child.stdin!.write(':in #operators\n');
    return {
      farm,
      bot,
      rfcs: made,
      hosts,
      stop: async () => {
        await bot.stop();
        await farm.stop();
      },
    };
  } catch (err) {
    await bot.stop();
    await farm.stop();
    throw err;
  }
}

function monitored(uri: string): string {
  const u = new URL(uri);
  u.searchParams.set('monitorCommands', 'true');
  return u.toString();
}

/** Commands sent between two counts, per target: their sum, and the six most frequent (`insert claims 1, …`). */
export function commandsPer(
  before: Record<string, number>,
  after: Record<string, number>,
  targets: number,
): { total: number; detail: string } {
  const delta = Object.entries(after)
    .map(([k, n]) => [k, (n - (before[k] ?? 0)) / targets] as const)
    .filter(([, n]) => n >= 0.05)
    .sort((a, b) => b[1] - a[1]);
  return {
    total: delta.reduce((s, [, n]) => s + n, 0),
    detail: delta
      .slice(0, 6)
      .map(([k, n]) => `${k} ${Math.round(n * 100) / 100}`)
      .join(', '),
  };
}

/** CPU seconds the farm's sshd processes and their reaped children (sessions, shells, scripts) used so far. */
export function sshdCpuSeconds(farm: SshdFarm): number {
  return farm.pids().reduce((sum, pid) => sum + procCpuSeconds(pid), 0);
}

/** utime + stime + cutime + cstime of a process (0 when it is gone), in seconds. */
export function procCpuSeconds(pid: number | 'self', children = true): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14-17 of stat (utime, stime, cutime, cstime), counted from the state (field 3) here.
    const own = Number(f[11]) + Number(f[12]);
    return (children ? own + Number(f[13]) + Number(f[14]) : own) / 100;
  } catch {
    return 0;
  }
}

/** The CPU seconds of this process's reaped children (the OpenSSH peers and their ssh processes). */
export function reapedChildrenCpuSeconds(): number {
  return procCpuSeconds('self') - procCpuSeconds('self', false);
}

/** The process listening for the database at `uri` (the embedded FerretDB), found by its command line. */
export function databasePid(uri: string): number | undefined {
  const port = new URL(uri).port;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/u.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmd.includes(`127.0.0.1:${port}`) && /ferretdb|mongod/u.test(cmd)) return Number(entry);
    } catch {
      // Gone meanwhile.
    }
  }
  return undefined;
}

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
