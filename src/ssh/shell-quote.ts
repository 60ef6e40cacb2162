/** POSIX single-quoting: the result is one word whatever `s` holds (no expansion of any kind). */
export function shellQuote(s: string): string {
  if (s.includes('\u0000')) throw new Error('a NUL byte cannot be passed to a shell');
  return `'${s.replace(/'/gu, `'\\''`)}'`;
}

const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/u;

/** Longest script accepted (the remote shell holds the whole script in memory before it runs it). */
export const MAX_SCRIPT_BYTES = 120 * 1024;

/** The last line of every script input; a script without it arrived cut off and is not run. */
export const SCRIPT_END = '#opsdesk:end';

/**
 * The remote shell's part, in /bin/sh whatever the user's login shell: read all of stdin, refuse it
 * unless it ends with SCRIPT_END and a newline (a connection lost mid-transfer must not run half a
 * script), then run it in this shell with stdin from /dev/null (a command in the script that reads
 * stdin gets end-of-file, not the rest of the script). `$0` is `opsdesk`. The script is read with
 * the shell's own `read` (raw, every byte of every line kept), not `$(cat)`: that cost a fork and an
 * exec on every target, about 2 ms of the host's CPU per run, more than sshd's difference to a plain
 * `ssh host true` (issue 18).
 */
const RECEIVER = [
  'opsdesk_script=',
  'while IFS= read -r opsdesk_line; do opsdesk_script="$opsdesk_script$opsdesk_line',
  '"; done',
  'unset opsdesk_line',
  `case $opsdesk_script in *'${SCRIPT_END}`,
  `') ;; *) echo 'opsdesk: the script did not arrive whole; nothing ran' >&2; exit 125 ;; esac`,
  'eval "$opsdesk_script" </dev/null',
].join('\n');

/**
 * The remote command for every script run. Fixed text: it holds no script and no parameter, so
 * the command line that local users of the host can see (`ps`, /proc/PID/cmdline) shows neither.
 */
export const REMOTE_SCRIPT_COMMAND = ['exec', '/bin/sh', '-c', shellQuote(RECEIVER), 'opsdesk'].join(' ');

/**
 * One script run: the fixed remote command, and what goes to its stdin: the environment as quoted,
 * exported assignments, then the script, then SCRIPT_END. Only the (signed) script and these
 * parameters reach the remote shell.
 */
export function remoteScript(
  script: string,
  env: Readonly<Record<string, string>> = {},
): { command: string; input: string } {
  if (Buffer.byteLength(script) > MAX_SCRIPT_BYTES) {
    throw new Error(`the script is longer than ${MAX_SCRIPT_BYTES} bytes`);
  }
  if (script.includes('\u0000')) throw new Error('a NUL byte cannot be passed to a shell');
  const assignments = Object.entries(env).map(([name, value]) => {
    if (!ENV_NAME.test(name)) throw new Error(`${name} is not a valid environment variable name`);
    return `${name}=${shellQuote(value)}; export ${name}\n`;
  });
  return { command: REMOTE_SCRIPT_COMMAND, input: `${assignments.join('')}${script}\n${SCRIPT_END}\n` };
}
