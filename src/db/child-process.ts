/** Small helpers for the child processes the embedded database starts (ports, liveness, what they said). */
import { accessSync, constants as fsConstants } from 'node:fs';
import { createServer } from 'node:net';

/** A port that was free on 127.0.0.1 a moment ago. */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.unref();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no port'))));
    });
  });
}

export function isExecutable(file: string): boolean {
  try {
    accessSync(file, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function headLines(text: string, n = 2): string {
  return text
    .trim()
    .split('\n')
    .slice(0, n)
    .map((l) => l.trim())
    .join(' ');
}

/** Lines that say what went wrong (FerretDB: "ERROR … Failed to …", Go: "panic:"). */
const CAUSE = /\b(?:error|fatal|panic|fail(?:ed|ure)?|cannot|denied|not a directory|no such|in use)\b/iu;

/**
 * What a failed child process said, in a few lines: its first lines that name a cause, then its
 * last lines, without repeats (the last lines alone often miss the cause above a stack trace).
 */
export function causeLines(head: string, tail = head, max = 4): string {
  const lines = (text: string) =>
    text
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
  const causes = lines(head)
    .filter((l) => CAUSE.test(l))
    .slice(0, 2);
  const last = lines(tail)
    .filter((l) => !causes.includes(l))
    .slice(-(max - causes.length));
  return [...causes, ...last].map((l) => (l.length > 400 ? `${l.slice(0, 400)}…` : l)).join(' | ');
}
