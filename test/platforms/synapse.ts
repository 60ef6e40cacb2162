/**
 * A real Synapse homeserver for tests: loopback only, SQLite, registration by shared secret, no
 * federation listener. The Python virtual environment comes from `$OPSDESK_SYNAPSE_VENV` or
 * `~/.cache/opsdesk/synapse-venv` (made with `python3 -m venv … && …/pip install matrix-synapse`);
 * the server's files live in a temporary folder outside the repo and are removed by `stop()`.
 *
 *   const hs = await startSynapse();
 *   const bot = await hs.register('opsdesk');
 *   await hs.restart();                    // same data, same port
 *   await hs.stop();
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freeLoopbackPort } from '../../src/db/child-process';
import { setTimeout as sleep } from 'node:timers/promises';

export interface SynapseUser {
  userId: string;
  localpart: string;
  password: string;
  accessToken: string;
  deviceId: string;
}

export interface SynapseOptions {
  /** The Matrix server name (the part after ':' in user ids). Default `localhost` (as in fixtures/test-config.yaml). */
  serverName?: string;
  /** Loopback port; a free one if omitted. */
  port?: number;
  /** How long to wait for `/_matrix/client/versions`. Default 90 s (2 cores, first start compiles). */
  startTimeoutMs?: number;
}

export interface RateLimit {
  /** Messages per second; 0 means unlimited. */
  perSecond: number;
  burst: number;
}

export class SynapseVenvMissingError extends Error {
  constructor(tried: string) {
    super(
      `No Synapse virtual environment at ${tried}. Create it with:\n` +
        `  python3 -m venv ${tried} && ${tried}/bin/pip install matrix-synapse\n` +
        'or point OPSDESK_SYNAPSE_VENV at an existing one (.ci/run creates it in CI).',
    );
    this.name = 'SynapseVenvMissingError';
  }
}

/** The venv's python, or a clear error saying how to make the venv. */
export function findSynapsePython(env: NodeJS.ProcessEnv = process.env): string {
  const venv = env.OPSDESK_SYNAPSE_VENV || join(homedir(), '.cache', 'opsdesk', 'synapse-venv');
  const python = join(venv, 'bin', 'python');
  if (!existsSync(python)) throw new SynapseVenvMissingError(venv);
  return python;
}

/** True when a Synapse venv is present (lets a suite say why it is skipped instead of failing). */
export function synapseAvailable(env: NodeJS.ProcessEnv = process.env): boolean {
  try {
    findSynapsePython(env);
    return true;
  } catch {
    return false;
  }
}

export class SynapseServer {
  readonly url: string;
  private child?: ChildProcess;
  private exited?: Promise<void>;
  private adminUser?: SynapseUser;

  private constructor(
    private readonly python: string,
    readonly dir: string,
    readonly port: number,
    readonly serverName: string,
    private readonly sharedSecret: string,
    private readonly startTimeoutMs: number,
  ) {
    this.url = `http://127.0.0.1:${port}`;
  }

  static async start(opts: SynapseOptions = {}): Promise<SynapseServer> {
    const python = findSynapsePython();
    const dir = await mkdtemp(join(tmpdir(), 'opsdesk-synapse-'));
    const port = opts.port ?? (await freeLoopbackPort());
    const serverName = opts.serverName ?? 'localhost';
    const secret = randomBytes(24).toString('hex');
    const server = new SynapseServer(python, dir, port, serverName, secret, opts.startTimeoutMs ?? 90_000);
    try {
      await writeFile(join(dir, 'homeserver.yaml'), homeserverYaml(dir, port, serverName, secret));
      await writeFile(join(dir, 'log.yaml'), logYaml(dir));
      await promisify(execFile)(
        python,
        ['-m', 'synapse.app.homeserver', '-c', join(dir, 'homeserver.yaml'), '--generate-keys'],
        {
          cwd: dir,
        },
      );
      await server.launch();
      server.adminUser = await server.register('synapse-admin', { admin: true });
      return server;
    } catch (err) {
      await server.stop();
      throw err;
    }
  }

  /** Registers a user through the shared-secret admin API and returns a logged-in session. */
  async register(
    localpart: string,
    opts: { admin?: boolean; displayName?: string; password?: string } = {},
  ): Promise<SynapseUser> {
    const password = opts.password ?? `pw-${localpart}-${randomBytes(6).toString('hex')}`;
    const { nonce } = (await this.request('GET', '/_synapse/admin/v1/register')) as { nonce: string };
    const admin = opts.admin ?? false;
    const mac = createHmac('sha1', this.sharedSecret)
      .update(`${nonce}\0${localpart}\0${password}\0${admin ? 'admin' : 'notadmin'}`)
      .digest('hex');
    const res = (await this.request('POST', '/_synapse/admin/v1/register', {
      nonce,
      username: localpart,
      password,
      admin,
      mac,
      displayname: opts.displayName ?? localpart,
    })) as { user_id: string; access_token: string; device_id: string };
    return { userId: res.user_id, localpart, password, accessToken: res.access_token, deviceId: res.device_id };
  }

  /** Per-user message rate limit (Synapse's override); `{ perSecond: 0, burst: 0 }` lifts it. */
  async setRateLimit(userId: string, limit: RateLimit): Promise<void> {
    await this.request(
      'POST',
      `/_synapse/admin/v1/users/${encodeURIComponent(userId)}/override_ratelimit`,
      { messages_per_second: limit.perSecond, burst_count: limit.burst },
      this.adminUser?.accessToken,
    );
  }

  /** Stops and starts the same server (same data, port and users). */
  async restart(): Promise<void> {
    await this.halt();
    await this.launch();
  }

  /** Stops the server without removing its data (for tests of an outage). Use `resume()` after. */
  async halt(): Promise<void> {
    const child = this.child;
    if (!child || !this.exited) return;
    this.child = undefined;
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timeout = new Promise<'timeout'>((done) => setTimeout(done, 15_000, 'timeout').unref());
      if ((await Promise.race([this.exited, timeout])) === 'timeout') {
        child.kill('SIGKILL');
        await this.exited;
      }
    }
  }

  /** Starts a halted server again. */
  async resume(): Promise<void> {
    if (!this.child) await this.launch();
  }

  /** Stops the server and removes its folder. Safe to call twice. */
  async stop(): Promise<void> {
    await this.halt();
    await rm(this.dir, { recursive: true, force: true });
  }

  /** A JSON request to the server (for tests' own clients). Throws with Synapse's error body. */
  async request(method: string, path: string, body?: unknown, token?: string): Promise<unknown> {
    const res = await fetch(this.url + path, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const json = text ? (JSON.parse(text) as unknown) : {};
    if (!res.ok) throw new MatrixHttpError(method, path, res.status, json);
    return json;
  }

  private async launch(): Promise<void> {
    const child = spawn(this.python, ['-m', 'synapse.app.homeserver', '-c', join(this.dir, 'homeserver.yaml')], {
      cwd: this.dir,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    this.child = child;
    this.exited = new Promise<void>((done) => child.once('exit', () => done()));
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    void this.exited.then(() => process.removeListener('exit', killOnExit));
    const deadline = Date.now() + this.startTimeoutMs;
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null) {
        const log = await readFile(join(this.dir, 'homeserver.log'), 'utf8').catch(() => '');
        throw new Error(`synapse exited (${child.exitCode ?? child.signalCode}): ${lastLines(stderr || log)}`);
      }
      try {
        const res = await fetch(`${this.url}/_matrix/client/versions`);
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await sleep(200);
    }
    child.kill('SIGKILL');
    throw new Error(
      `synapse did not answer on ${this.url} within ${this.startTimeoutMs / 1000} s: ${lastLines(stderr)}`,
    );
  }
}

export function startSynapse(opts?: SynapseOptions): Promise<SynapseServer> {
  return SynapseServer.start(opts);
}

export class MatrixHttpError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`${method} ${path} -> ${status} ${JSON.stringify(body)}`);
    this.name = 'MatrixHttpError';
  }

  get errcode(): string | undefined {
    return (this.body as { errcode?: string } | undefined)?.errcode;
  }
}

// Generous limits for everyone: tests that need M_LIMIT_EXCEEDED tighten one user with setRateLimit().
const GENEROUS = 'per_second: 1000\n    burst_count: 1000';

function homeserverYaml(dir: string, port: number, serverName: string, secret: string): string {
  return `server_name: "${serverName}"
pid_file: "${join(dir, 'homeserver.pid')}"
public_baseurl: "http://127.0.0.1:${port}/"
listeners:
  - port: ${port}
    bind_addresses: ["127.0.0.1"]
    type: http
    tls: false
    x_forwarded: false
    resources:
      - names: [client]
        compress: false
database:
  name: sqlite3
  args:
    database: "${join(dir, 'homeserver.db')}"
log_config: "${join(dir, 'log.yaml')}"
media_store_path: "${join(dir, 'media')}"
signing_key_path: "${join(dir, 'signing.key')}"
registration_shared_secret: "${secret}"
macaroon_secret_key: "${randomBytes(16).toString('hex')}"
form_secret: "${randomBytes(16).toString('hex')}"
enable_registration: false
report_stats: false
trusted_key_servers: []
suppress_key_server_warning: true
presence:
  enabled: false
url_preview_enabled: false
enable_metrics: false
rc_message:
    ${GENEROUS}
rc_registration:
    ${GENEROUS}
rc_joins:
  local:
    ${GENEROUS}
  remote:
    ${GENEROUS}
rc_joins_per_room:
    ${GENEROUS}
rc_invites:
  per_room:
    ${GENEROUS}
  per_user:
    ${GENEROUS}
  per_issuer:
    ${GENEROUS}
rc_login:
  address:
    ${GENEROUS}
  account:
    ${GENEROUS}
  failed_attempts:
    ${GENEROUS}
rc_room_creation:
    ${GENEROUS}
rc_admin_redaction:
    ${GENEROUS}
rc_key_requests:
    ${GENEROUS}
rc_delayed_event_mgmt:
    ${GENEROUS}
`;
}

function logYaml(dir: string): string {
  return `version: 1
formatters:
  precise:
    format: '%(asctime)s - %(name)s - %(lineno)d - %(levelname)s - %(message)s'
handlers:
  file:
    class: logging.FileHandler
    formatter: precise
    filename: "${join(dir, 'homeserver.log')}"
root:
  level: WARNING
  handlers: [file]
disable_existing_loggers: false
`;
}

function lastLines(text: string, n = 6): string {
  return text.trim().split('\n').slice(-n).join(' | ');
}
