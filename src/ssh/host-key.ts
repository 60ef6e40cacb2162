import { createHash } from 'node:crypto';

/** OpenSSH's fingerprint of a host key blob: `SHA256:` and unpadded base64 (as `ssh-keygen -lf` prints). */
export function fingerprintOf(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256')
    .update(keyBlob)
    .digest('base64')
    .replace(/(?<!=)=+$/u, '')}`;
}

/** `SHA256:abc…`, `sha256:abc…=` or bare base64 → `SHA256:abc…`; undefined if it is not one. */
export function normalizeFingerprint(text: string): string | undefined {
  const m = /^(?:sha256:)?([A-Za-z0-9+/]{43})=?$/iu.exec(text.trim());
  return m ? `SHA256:${m[1]}` : undefined;
}

/** The fingerprint of an OpenSSH public key line (`ssh-ed25519 AAAA… comment`), e.g. a `.pub` file. */
export function fingerprintOfPublicKeyLine(line: string): string {
  const blob = line.trim().split(/\s+/u)[1];
  if (!blob) throw new Error('not an OpenSSH public key line');
  return fingerprintOf(Buffer.from(blob, 'base64'));
}
