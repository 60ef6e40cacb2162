/**
 * A real opsdesk process (`node dist/src/cli.js start --config FILE`) for the fault tests: Slack
 * over the HTTP Events API (the emulator's Web API), its own health port, MongoDB from the
 * environment. Logs (pino JSON on stderr) are kept for assertions; kill() is a real signal.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import { setTimeout as sleep } from 'node:timers/promises';
import YAML from 'yaml';
import { cliPath } from '../support/cli-process';
import { FIXTURE_CONFIG } from '../support/fixture-config';

/** The repository, from test/faults or its compiled copy in dist/test/faults (the bench). */
const REPO = [path.resolve(__dirname, '..', '..'), path.resolve(__dirname, '..', '..', '..')].find((d) =>
  existsSync(path.join(d, 'node_modules')),
)!;

export interface BotConfigOptions {
  slackApiUrl: string;
  eventsPort: number;
  healthPort: number;
}

/** The fixture config with Slack in HTTP mode, the health server on, the console off; written as YAML. */
export function writeBotConfig(file: string, o: BotConfigOptions): string {
  const raw = YAML.parse(readFileSync(FIXTURE_CONFIG, 'utf8')) as Record<string, unknown>;
  raw.console = { enabled: false };
  raw.http = { enabled: true, host: '127.0.0.1', port: o.healthPort };
  raw.slack = {
    enabled: true,
    mode: 'http',
    apiUrl: o.slackApiUrl,
    editIntervalMs: 200,
    http: { host: '127.0.0.1', port: o.eventsPort, path: '/slack/events' },
  };
  // A short lock lifetime: a job held by a killed process is taken over within seconds.
  raw.jobs = { processEveryMs: 200, shutdownGraceMs: 2000, lockLifetimeMs: 5000 };
  // The digest runs only when a test moves it: it is scheduled at start-up for later today, hours away. A time
  // earlier today would be a missed digest, posted at once (it was, in CI after 18:00 local: six hours on wrapped
  // past midnight); in the last minutes of a day, today is made a holiday instead.
  const org = raw.organisation as { timezone: string };
  const now = DateTime.now().setZone(org.timezone);
  const later = now.plus({ hours: 6 });
  const lastMinutes = now.hour === 23 && now.minute >= 40;
  raw.digest = {
    time: later.hasSame(now, 'day') ? later.toFormat('HH:mm') : lastMinutes ? now.toFormat('HH:mm') : '23:59',
    chart: { enabled: false },
    ...(lastMinutes ? { calendar: { holidays: [now.toISODate()!] } } : {}),
  };
  writeFileSync(file, YAML.stringify(raw));
  return file;
}

export interface LogLine {
  msg?: string;
  level?: number;
  [key: string]: unknown;
}

export class BotProcess {
  readonly lines: LogLine[] = [];
  private child?: ChildProcess;
  private exited: Promise<void> = Promise.resolve();
  private tail = '';

  constructor(
    readonly name: string,
    private readonly opts: { configFile: string; healthPort: number; eventsPort: number; env: Record<string, string> },
  ) {}

  get eventsUrl(): string {
    return `http://127.0.0.1:${this.opts.eventsPort}/slack/events`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Spawns the process and resolves once /readyz answers 200. */
  async start(timeoutMs = 30_000): Promise<this> {
    const child = spawn(process.execPath, [cliPath(), 'start', '--config', this.opts.configFile], {
      env: { ...process.env, NODE_PATH: path.join(REPO, 'node_modules'), LOG_LEVEL: 'info', ...this.opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    const collect = (chunk: Buffer) => this.collect(chunk.toString());
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    const deadline = Date.now() + timeoutMs;
    while (!(await this.ready())) {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`${this.name} exited while starting: ${this.lastLines()}`);
      if (Date.now() > deadline) throw new Error(`${this.name} not ready within ${timeoutMs} ms: ${this.lastLines()}`);
      await sleep(100);
    }
    return this;
  }

  async ready(): Promise<boolean> {
    try {
      const res = await fetch(`http://127.0.0.1:${this.opts.healthPort}/readyz`, { signal: AbortSignal.timeout(1000) });
      return res.status === 200;
    } catch {
      return false;
    }
  }

  /** Sends `signal` and waits for the process to be gone. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    await this.exited;
  }

  /** SIGTERM (a graceful stop), SIGKILL after 15 s. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const forced = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await this.kill('SIGTERM');
    clearTimeout(forced);
  }

  /** Log lines with this message. */
  logged(msg: string): LogLine[] {
    return this.lines.filter((l) => l.msg === msg);
  }

  lastLines(n = 8): string {
    return this.lines
      .slice(-n)
      .map((l) => JSON.stringify(l))
      .join('\n');
  }

  private collect(text: string): void {
    const parts = (this.tail + text).split('\n');
    this.tail = parts.pop() ?? '';
    for (const part of parts) {
      if (!part.trim()) continue;
      try {
        this.lines.push(JSON.parse(part) as LogLine);
      } catch {
        this.lines.push({ msg: part });
      }
    }
  }
}

export { sleep };
