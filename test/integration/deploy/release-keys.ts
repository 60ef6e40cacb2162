import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as openpgp from 'openpgp';

export interface ReleaseKey {
  privateKey: string;
  publicKeyFile: string;
  fingerprint: string;
}

/** A fresh OpenPGP release key; its public half written to a file for `deploy.trustedKeys`. */
export async function makeReleaseKey(name = 'Release Manager'): Promise<ReleaseKey> {
  const { privateKey, publicKey } = await openpgp.generateKey({
    userIDs: [{ name, email: 'release@example.org' }],
    format: 'armored',
  });
  const dir = mkdtempSync(join(tmpdir(), 'opsdesk-pgp-'));
  const publicKeyFile = join(dir, 'release.asc');
  writeFileSync(publicKeyFile, publicKey);
  const key = await openpgp.readKey({ armoredKey: publicKey });
  return { privateKey, publicKeyFile, fingerprint: key.getFingerprint().toUpperCase() };
}
