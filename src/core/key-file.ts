import { closeSync, fstatSync, openSync, readFileSync, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import { userInfo } from 'node:os';
import type { OpsdeskError } from './errors';
import { refusal, said, type Said } from '../i18n/refusal';

/**
 * Private key files (the SSH key, the bot's signing key, a release key) are refused when anyone
 * but their owner may use them, as OpenSSH refuses such keys: no permission bit for group or
 * others, and the file owned by the user opsdesk runs as. The file is opened once and checked
 * through that descriptor (fstat), so what is checked is what is read.
 */

/** Which key the file holds ("the release key"): a catalog sentence, or a text said as it is. */
export type KeyName = Said | string;

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
export function checkKeyFileStat(st: Stats, file: string, what: KeyName): void {
  if (!st.isFile()) throw refusal('CONFIG', said('keyFile.notAFile', { what, file }), said('keyFile.notAFileFix'));
  // Mode bits and owners mean nothing on Windows (no getuid there).
  if (process.platform === 'win32' || typeof process.getuid !== 'function') return;
  const mode = st.mode & 0o777;
  if (mode & 0o077) {
    throw refusal(
      'CONFIG',
      said('keyFile.open', { what, file, mode: mode.toString(8).padStart(4, '0') }),
      said('keyFile.openFix', { file: shellWord(file) }),
    );
  }
  const me = process.getuid();
  if (st.uid !== me) {
    const user = currentUser(me);
    throw refusal(
      'CONFIG',
      said('keyFile.owner', { what, file, uid: st.uid, user, me }),
      said('keyFile.ownerFix', { user, file: shellWord(file) }),
    );
  }
}

function unreadable(file: string, what: KeyName, err: unknown): OpsdeskError {
  const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
  return refusal('CONFIG', said('keyFile.unreadable', { what, file, code }), said('keyFile.unreadableFix'));
}

/** Reads a private key file after the owner and mode check (see above). */
export async function readKeyFile(file: string, what: KeyName): Promise<Buffer> {
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
export function readKeyFileSync(file: string, what: KeyName): Buffer {
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
