import { closeSync, fstatSync, openSync, readFileSync, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { OpsdeskError } from './errors';

/**
 * Private key files (the SSH key, the bot's signing key, a release key) are refused when anyone
 * but their owner may use them, as OpenSSH refuses such keys: no permission bit for group or
 * others, and the file owned by the user opsdesk runs as. The file is opened once and checked
 * through that descriptor (fstat), so what is checked is what is read.
 */

/** The current user's name (a container may run under a uid without one). */
function currentUser(uid: number): string {
  try {
    return userInfo().username;
  } catch {
    return String(uid);
  }
}

/** The path as one shell word, for a fix to paste. */
function shellWord(file: string): string {
  return /^[\w./@%+=:,-]+$/u.test(file) ? file : `'${file.replace(/'/gu, `'\\''`)}'`;
}

/** Throws a CONFIG error with the fix when `st` is not a private file of the current user. */
export function checkKeyFileStat(st: Stats, file: string, what: string): void {
  if (!st.isFile())
    throw new OpsdeskError('CONFIG', `${what} ${file} is not a regular file.`, {
      fix: `Point the setting at the key file itself.`,
    });
  // Mode bits and owners mean nothing on Windows (no getuid there).
  if (process.platform === 'win32' || typeof process.getuid !== 'function') return;
  const mode = st.mode & 0o777;
  if (mode & 0o077) {
    throw new OpsdeskError(
      'CONFIG',
      `${what} ${file} is accessible by other users (mode ${mode.toString(8).padStart(4, '0')}); a private key must ` +
        `be readable by its owner only.`,
      {
        fix: `Run: chmod 600 ${shellWord(file)}`,
      },
    );
  }
  const me = process.getuid();
  if (st.uid !== me) {
    const user = currentUser(me);
    throw new OpsdeskError(
      'CONFIG',
      `${what} ${file} belongs to uid ${st.uid}, not to ${user} (uid ${me}) that opsdesk runs as; its owner could ` +
        `read or replace it.`,
      {
        fix: `Run: chown ${user} ${shellWord(file)} && chmod 600 ${shellWord(file)}`,
      },
    );
  }
}

function unreadable(file: string, what: string, err: unknown): OpsdeskError {
  const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
  return new OpsdeskError('CONFIG', `Cannot read ${what} ${file}: ${code}`, {
    fix: 'Check the path in the config or the environment.',
  });
}

/** Reads a private key file after the owner and mode check (see above). */
export async function readKeyFile(file: string, what: string): Promise<Buffer> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (err) {
    throw unreadable(file, what, err);
  }
  try {
    checkKeyFileStat(await handle.stat(), file, what);
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

/** `readKeyFile`, synchronously. */
export function readKeyFileSync(file: string, what: string): Buffer {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (err) {
    throw unreadable(file, what, err);
  }
  try {
    checkKeyFileStat(fstatSync(fd), file, what);
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}
