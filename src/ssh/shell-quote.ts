/** POSIX single-quoting: the result is one word whatever `s` holds (no expansion of any kind). */
export function shellQuote(s: string): string {
  if (s.includes('\u0000')) throw new Error('a NUL byte cannot be passed to a shell');
  return `'${s.replace(/'/gu, `'\\''`)}'`;
}

const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/u;

/** Longest script accepted in one command line (Linux limits one argument to 128 KiB). */
export const MAX_SCRIPT_BYTES = 120 * 1024;

/**
 * The remote command for one script run: environment assignments, then `/bin/sh -c SCRIPT`, every
 * value single-quoted. Only the (signed) script and these parameters reach the remote shell.
 */
export function buildRemoteCommand(script: string, env: Readonly<Record<string, string>> = {}): string {
  if (Buffer.byteLength(script) > MAX_SCRIPT_BYTES) {
    throw new Error(`the script is longer than ${MAX_SCRIPT_BYTES} bytes`);
  }
  const assignments = Object.entries(env).map(([name, value]) => {
    if (!ENV_NAME.test(name)) throw new Error(`${name} is not a valid environment variable name`);
    return `${name}=${shellQuote(value)}`;
  });
  return [...assignments, 'exec', '/bin/sh', '-c', shellQuote(script), 'opsdesk'].join(' ');
}
