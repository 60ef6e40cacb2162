import type * as Ssh2 from 'ssh2';
import type { Client, ClientChannel, ConnectConfig } from 'ssh2';
import { fingerprintOf, normalizeFingerprint } from './host-key';
import { Semaphore } from './semaphore';
import { TailBuffer } from './tail-buffer';

/** ssh2, loaded at the first connection: a bot that runs no deployment never loads it (about 2 MiB). */
let loaded: typeof Ssh2 | undefined;
function ssh2(): typeof Ssh2 {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('ssh2') as typeof Ssh2;
  return loaded;
}

/** Where and as whom to connect. */
export interface SshHost {
  name: string;
  address: string;
  port: number;
  user: string;
  /** Pinned host key fingerprint (`SHA256:…`, as `ssh-keygen -lf` prints it). Without one the host is refused. */
  hostKey?: string;
}

export interface SshClientOptions {
  privateKey: Buffer | string;
  passphrase?: string;
  connectTimeoutMs: number;
  /** 0 turns keepalive off. */
  keepaliveIntervalMs: number;
  keepaliveCountMax: number;
  /** Channels open at once on this connection (keep below the server's MaxSessions). */
  maxSessions: number;
  /** Output kept per command (its end). */
  outputBytes: number;
}

/** Why a connection could not be used. */
export interface ConnectFailure {
  kind: 'unreachable' | 'host-key-mismatch' | 'auth-failed';
  error: string;
  /** The fingerprint the host presented (host-key-mismatch). */
  presented?: string;
}

export type ExecResult =
  | { kind: 'exited'; exitCode: number | null; signal?: string; output: string; durationMs: number }
  | { kind: 'timed-out'; output: string; durationMs: number }
  /** The connection broke while the command ran: it may or may not have finished. */
  | { kind: 'lost'; error: string; output: string; durationMs: number };

/**
 * One SSH connection to one host (ssh2): public-key authentication, the host key checked against
 * the pinned fingerprint before anything is sent, connect and command timeouts, keepalive, and at
 * most `maxSessions` channels at once.
 */
export class SshSession {
  private closed = false;
  private lostError?: string;
  private readonly channels: Semaphore;
  private readonly openChannels = new Set<ClientChannel>();

  private constructor(
    private readonly client: Client,
    private readonly opts: SshClientOptions,
  ) {
    this.channels = new Semaphore(opts.maxSessions);
    client.on('error', (err: Error) => {
      this.lostError ??= err.message;
    });
    client.on('close', () => {
      this.closed = true;
      this.lostError ??= 'connection closed';
      for (const ch of this.openChannels) ch.emit('opsdesk-lost');
    });
  }

  /** Connects and authenticates; never throws for network or host problems (they are the result). */
  static open(
    host: SshHost,
    opts: SshClientOptions,
  ): Promise<{ ok: true; session: SshSession } | { ok: false; failure: ConnectFailure }> {
    const pinned = host.hostKey ? normalizeFingerprint(host.hostKey) : undefined;
    let keyProblem: ConnectFailure | undefined;
    const client = new (ssh2().Client)();
    const config: ConnectConfig = {
      host: host.address,
      port: host.port,
      username: host.user,
      privateKey: opts.privateKey,
      passphrase: opts.passphrase,
      readyTimeout: opts.connectTimeoutMs,
      keepaliveInterval: opts.keepaliveIntervalMs,
      keepaliveCountMax: opts.keepaliveCountMax,
      // Password, keyboard-interactive and agents are never tried.
      agent: undefined,
      tryKeyboard: false,
      hostVerifier: (key: Buffer) => {
        const presented = fingerprintOf(key);
        if (!pinned) {
          keyProblem = {
            kind: 'host-key-mismatch',
            error: `no pinned host key for ${host.name} (it presented ${presented})`,
            presented,
          };
          return false;
        }
        if (presented !== pinned) {
          keyProblem = {
            kind: 'host-key-mismatch',
            error: `host key of ${host.name} changed: pinned ${pinned}, presented ${presented}`,
            presented,
          };
          return false;
        }
        return true;
      },
    };
    return new Promise((resolve) => {
      let settled = false;
      const settle = (value: { ok: true; session: SshSession } | { ok: false; failure: ConnectFailure }) => {
        if (settled) return;
        settled = true;
        client.removeListener('error', onError);
        resolve(value);
      };
      const onError = (err: Error & { level?: string; code?: string }) => {
        client.end();
        if (keyProblem) return settle({ ok: false, failure: keyProblem });
        if (err.level === 'client-authentication') {
          return settle({
            ok: false,
            failure: { kind: 'auth-failed', error: `authentication as ${host.user} refused by ${host.name}` },
          });
        }
        const what = err.code ? `${err.code}` : err.message;
        settle({ ok: false, failure: { kind: 'unreachable', error: `${host.address}:${host.port}: ${what}` } });
      };
      client.on('error', onError);
      client.once('close', () => {
        if (keyProblem) settle({ ok: false, failure: keyProblem });
        else
          settle({
            ok: false,
            failure: {
              kind: 'unreachable',
              error: `${host.address}:${host.port}: connection closed during the handshake`,
            },
          });
      });
      client.once('ready', () => settle({ ok: true, session: new SshSession(client, opts) }));
      try {
        client.connect(config);
        // Without ssh2's native binding each AES-GCM packet goes out in several socket writes, and
        // Nagle's algorithm held the later ones back for the peer's delayed ACK (~0.2 s per session).
        client.setNoDelay(true);
      } catch (err) {
        settle({ ok: false, failure: { kind: 'unreachable', error: (err as Error).message } });
      }
    });
  }

  /**
   * Runs one command; the result says how it ended. Waits for a free channel first. `input` is
   * written to the command's stdin, which is then closed: secrets and scripts go there, never into
   * `command` (any user of the host can read a command line).
   */
  exec(command: string, timeoutMs: number, input?: string | Buffer): Promise<ExecResult> {
    return this.channels.use(() => this.execNow(command, timeoutMs, input));
  }

  private execNow(command: string, timeoutMs: number, input?: string | Buffer): Promise<ExecResult> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const output = new TailBuffer(this.opts.outputBytes);
    if (this.closed)
      return Promise.resolve({ kind: 'lost', error: this.lostError ?? 'connection closed', output: '', durationMs: 0 });
    return new Promise((resolve) => {
      let done = false;
      let timer: NodeJS.Timeout | undefined;
      const finish = (result: ExecResult, channel?: ClientChannel) => {
        if (done) return;
        done = true;
        if (timer) clearTimeout(timer);
        if (channel) this.openChannels.delete(channel);
        resolve(result);
      };
      this.client.exec(command, (err, channel) => {
        if (err) return finish({ kind: 'lost', error: err.message, output: '', durationMs: elapsed() });
        this.openChannels.add(channel);
        let exitCode: number | null = null;
        let signal: string | undefined;
        let exited = false;
        timer = setTimeout(() => {
          try {
            channel.signal('KILL');
          } catch {
            // The server may not take signals; closing the connection ends the session.
          }
          finish({ kind: 'timed-out', output: output.toString(), durationMs: elapsed() }, channel);
          this.close();
        }, timeoutMs);
        channel.on('data', (chunk: Buffer) => output.write(chunk));
        channel.stderr.on('data', (chunk: Buffer) => output.write(chunk));
        channel.on('exit', (code: number | null, sig?: string) => {
          exited = true;
          exitCode = typeof code === 'number' ? code : null;
          signal = sig ?? undefined;
        });
        channel.on('close', () => {
          if (!exited && this.closed) {
            finish(
              {
                kind: 'lost',
                error: this.lostError ?? 'connection lost',
                output: output.toString(),
                durationMs: elapsed(),
              },
              channel,
            );
          } else {
            finish({ kind: 'exited', exitCode, signal, output: output.toString(), durationMs: elapsed() }, channel);
          }
        });
        channel.on('opsdesk-lost', () =>
          finish(
            {
              kind: 'lost',
              error: this.lostError ?? 'connection lost',
              output: output.toString(),
              durationMs: elapsed(),
            },
            channel,
          ),
        );
        if (input !== undefined) channel.end(input);
      });
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.client.end();
  }
}
