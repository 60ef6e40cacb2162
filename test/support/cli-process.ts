/**
 * The real `opsdesk` CLI (compiled, `dist/src/cli.js`) in a child process, with the console adapter
 * on a pipe: tests type lines and wait for what the bot prints, as a user at a terminal would.
 * `npm test` builds `dist/` before jest runs.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The built CLI: OPSDESK_CLI, or dist/src/cli.js (`npm test` builds it before jest). */
export function cliPath(): string {
  // From test/support, or from its compiled copy in dist/test/support (the bench).
  const root = join(__dirname, '..', '..');
  const built = [join(root, 'dist', 'src', 'cli.js'), join(root, 'src', 'cli.js')].find((f) => existsSync(f));
  const cli = process.env.OPSDESK_CLI ?? built ?? join(root, 'dist', 'src', 'cli.js');
  if (!existsSync(cli))
    throw new Error(`${cli} does not exist: run \`npm run build\` first (or point OPSDESK_CLI at a built cli.js)`);
  return cli;
}

export interface CliProcessOptions {
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export class CliProcess {
  private out = '';
  private err = '';
  /** Start of the output not yet consumed by `expect`. */
  private cursor = 0;
  private readonly exited: Promise<number | null>;

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.setEncoding('utf8').on('data', (d: string) => (this.out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (this.err += d));
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  }

  static start(opts: CliProcessOptions): CliProcess {
    const child = spawn(process.execPath, [cliPath(), ...opts.args], {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    return new CliProcess(child);
  }

  get stdout(): string {
    return this.out;
  }

  get stderr(): string {
    return this.err;
  }

  type(...lines: string[]): void {
    for (const line of lines) this.child.stdin.write(`${line}\n`);
  }

  /** Waits until the output after the cursor matches, moves the cursor past the match, returns it. */
  async expect(pattern: RegExp, timeoutMs = 20_000): Promise<RegExpExecArray> {
    return (await this.expectAll([pattern], timeoutMs))[0];
  }

  /** Waits until every pattern matches after the cursor, in any order; moves the cursor past the last. */
  async expectAll(patterns: RegExp[], timeoutMs = 20_000): Promise<RegExpExecArray[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const rest = this.out.slice(this.cursor);
      const found = patterns.map((p) => p.exec(rest));
      if (found.every((m) => m !== null)) {
        const matches = found as RegExpExecArray[];
        this.cursor += Math.max(...matches.map((m) => m.index + m[0].length));
        return matches;
      }
      if (this.child.exitCode !== null || Date.now() > deadline) {
        const pattern = patterns.filter((_, i) => !found[i]).join(', ');
        throw new Error(
          `expected ${pattern} in the console output ` +
            `(${this.child.exitCode !== null ? `process exited ${this.child.exitCode}` : 'timed out'}).\n` +
            `--- unread stdout ---\n${rest}\n--- stderr (tail) ---\n${this.err.slice(-3000)}`,
        );
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** Ends the console session (`:quit`) and waits for the process to exit. */
  async quit(timeoutMs = 30_000): Promise<number | null> {
    this.type(':quit');
    this.child.stdin.end();
    return this.waitExit(timeoutMs);
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    this.child.kill(signal);
  }

  async waitExit(timeoutMs = 30_000): Promise<number | null> {
    const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), timeoutMs).unref());
    const result = await Promise.race([this.exited, timer]);
    if (result === 'timeout') {
      this.child.kill('SIGKILL');
      throw new Error(`opsdesk did not exit within ${timeoutMs / 1000} s.\n${this.err.slice(-3000)}`);
    }
    return result;
  }
}
