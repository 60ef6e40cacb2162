/**
 * Real OpenSSH servers for deployment tests and the fan-out benchmark: many loopback ports act as
 * many hosts. Keys are made with ssh-keygen in a temporary folder; one sshd serves up to 16 ports
 * (OpenSSH's MAX_LISTEN_SOCKS), so N ports take ceil(N/16) sshd processes. A "rogue" sshd with a
 * different host key stands in for a host whose key changed; "closed" ports have nobody listening.
 *
 * Runs `/usr/sbin/sshd -D -e -f CONFIG` as the current user (root here: root logs in with the
 * client key). Needs openssh-server and openssh-client.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { accessSync, mkdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fingerprintOfPublicKeyLine } from '../../src/ssh/host-key';

const run = promisify(execFile);

export const SSHD = '/usr/sbin/sshd';
/** OpenSSH listens on at most this many addresses per sshd process. */
export const PORTS_PER_SSHD = 16;

export interface SshdFarmOptions {
  /** Ports served with the farm's host key. */
  ports: number;
  /** Ports served by an sshd with another host key (a host whose key changed). */
  roguePorts?: number;
  /** Ports reserved with nobody listening (unreachable hosts). */
  closedPorts?: number;
  /** sshd MaxSessions (channels per connection). */
  maxSessions?: number;
  /** sshd MaxStartups "start:rate:full". */
  maxStartups?: string;
  /**
   * No shell start-up file runs in a session (`SetEnv SHLVL=1`: bash reads ~/.bashrc for an ssh command only
   * at shell level 1, and starts at 2): benchmarks time the tools, not root's ~/.bashrc.
   */
  guardStartupFiles?: boolean;
}

export interface SshdFarm {
  dir: string;
  user: string;
  clientKeyFile: string;
  clientKey: Buffer;
  /** Fingerprint of the farm's host key (SHA256:…). */
  hostKey: string;
  /** Fingerprint of the rogue sshd's key. */
  rogueHostKey: string;
  ports: number[];
  roguePorts: number[];
  closedPorts: number[];
  /** `[127.0.0.1]:PORT KEY` lines for every farm port, for the OpenSSH client (benchmarks). */
  knownHostsFile: string;
  /** Starts an sshd with the farm's host key on some of the closed ports (a host came back). */
  open(ports: number[]): Promise<void>;
  /** The listening sshd processes (their children's CPU time adds up in /proc/PID/stat once reaped). */
  pids(): number[];
  stop(): Promise<void>;
}

export function sshdAvailable(): boolean {
  try {
    accessSync(SSHD);
    return true;
  } catch {
    return false;
  }
}

/** Free loopback TCP ports (listened on briefly, then released). */
export async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<import('node:net').Server>((resolve, reject) => {
          const s = createServer();
          s.once('error', reject);
          s.listen(0, '127.0.0.1', () => resolve(s));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as { port: number }).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

async function keygen(file: string, comment: string): Promise<void> {
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', file]);
}

function waitForPort(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      if (child.exitCode !== null) return reject(new Error(`sshd exited with code ${child.exitCode}`));
      const sock = createConnection({ host: '127.0.0.1', port });
      sock.once('connect', () => {
        sock.destroy();
        resolve();
      });
      sock.once('error', () => {
        sock.destroy();
        if (Date.now() > deadline) reject(new Error(`sshd did not listen on ${port} within ${timeoutMs} ms`));
        else setTimeout(attempt, 30);
      });
    };
    attempt();
  });
}

export async function startSshdFarm(opts: SshdFarmOptions): Promise<SshdFarm> {
  mkdirSync('/run/sshd', { recursive: true });
  const dir = await mkdtemp(join(tmpdir(), 'opsdesk-sshd-'));
  const user = userInfo().username;
  await Promise.all([
    keygen(join(dir, 'host_key'), 'farm-host'),
    keygen(join(dir, 'rogue_host_key'), 'rogue-host'),
    keygen(join(dir, 'client_key'), 'opsdesk-test-client'),
  ]);
  const clientPub = await readFile(join(dir, 'client_key.pub'), 'utf8');
  await writeFile(join(dir, 'authorized_keys'), clientPub, { mode: 0o600 });
  const hostPub = await readFile(join(dir, 'host_key.pub'), 'utf8');
  const roguePub = await readFile(join(dir, 'rogue_host_key.pub'), 'utf8');
  const all = await freePorts(opts.ports + (opts.roguePorts ?? 0) + (opts.closedPorts ?? 0));
  const ports = all.slice(0, opts.ports);
  const roguePorts = all.slice(opts.ports, opts.ports + (opts.roguePorts ?? 0));
  const closedPorts = all.slice(opts.ports + roguePorts.length);
  const hostKeyType = hostPub.split(' ')[0];
  const knownHostsFile = join(dir, 'known_hosts');
  await writeFile(
    knownHostsFile,
    ports.map((p) => `[127.0.0.1]:${p} ${hostKeyType} ${hostPub.split(' ')[1]}`).join('\n') + '\n',
  );

  const children: ChildProcess[] = [];
  let seq = 0;
  const startOne = async (hostKeyFile: string, group: number[]) => {
    const n = ++seq;
    const cfg = join(dir, `sshd_${n}.conf`);
    await writeFile(
      cfg,
      [
        ...group.map((p) => `ListenAddress 127.0.0.1:${p}`),
        `HostKey ${hostKeyFile}`,
        `PidFile ${join(dir, `sshd_${n}.pid`)}`,
        `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
        'UsePAM no',
        'StrictModes no',
        'PubkeyAuthentication yes',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'PermitRootLogin prohibit-password',
        `MaxStartups ${opts.maxStartups ?? '1000:30:2000'}`,
        `MaxSessions ${opts.maxSessions ?? 20}`,
        'UseDNS no',
        'X11Forwarding no',
        'PrintMotd no',
        'PrintLastLog no',
        'LogLevel ERROR',
        ...(opts.guardStartupFiles ? ['SetEnv SHLVL=1'] : []),
        '',
      ].join('\n'),
    );
    const child = spawn(SSHD, ['-D', '-e', '-f', cfg], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => {
      stderr = (stderr + c.toString()).slice(-4000);
    });
    children.push(child);
    try {
      await Promise.all(group.map((p) => waitForPort(p, child, 10_000)));
    } catch (err) {
      throw new Error(`${(err as Error).message}: ${stderr}`);
    }
  };
  const startGroups = async (keyFile: string, list: number[]) => {
    const groups: number[][] = [];
    for (let i = 0; i < list.length; i += PORTS_PER_SSHD) groups.push(list.slice(i, i + PORTS_PER_SSHD));
    await Promise.all(groups.map((g) => startOne(keyFile, g)));
  };
  const stop = async () => {
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null || c.signalCode !== null) return resolve();
            c.once('exit', () => resolve());
            c.kill('SIGTERM');
          }),
      ),
    );
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await startGroups(join(dir, 'host_key'), ports);
    await startGroups(join(dir, 'rogue_host_key'), roguePorts);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    dir,
    user,
    clientKeyFile: join(dir, 'client_key'),
    clientKey: await readFile(join(dir, 'client_key')),
    hostKey: fingerprintOfPublicKeyLine(hostPub),
    rogueHostKey: fingerprintOfPublicKeyLine(roguePub),
    ports,
    roguePorts,
    closedPorts,
    knownHostsFile,
    open: (list) => startGroups(join(dir, 'host_key'), list),
    pids: () => children.flatMap((c) => (c.pid ? [c.pid] : [])),
    stop,
  };
}
