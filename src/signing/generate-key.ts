import { chmod, mkdir, writeFile, access } from 'node:fs/promises';
import path from 'node:path';
import { openpgp as loadOpenpgp } from '../core/openpgp';
import { PRIVATE_KEY_FILE, PUBLIC_KEY_FILE } from './bot-key';

export interface GeneratedKey {
  fingerprint: string;
  privateKeyFile: string;
  publicKeyFile: string;
}

/**
 * `opsdesk keys init`: a new Ed25519 signing key for the bot, written to `dir` (private key mode
 * 0600, optionally protected by a passphrase). Refuses to overwrite an existing key unless `force`.
 */
export async function generateBotKey(opts: {
  dir: string;
  name: string;
  email: string;
  passphrase?: string;
  force?: boolean;
}): Promise<GeneratedKey> {
  const privateKeyFile = path.join(opts.dir, PRIVATE_KEY_FILE);
  const publicKeyFile = path.join(opts.dir, PUBLIC_KEY_FILE);
  const exists = await access(privateKeyFile).then(
    () => true,
    () => false,
  );
  if (exists && !opts.force)
    throw new Error(
      `${privateKeyFile} already exists; use --force to replace it (records signed with the old key will then need ` +
        `the old public key).`,
    );
  const { privateKey, publicKey } = await (
    await loadOpenpgp()
  ).generateKey({
    type: 'ecc',
    curve: 'curve25519Legacy',
    userIDs: [{ name: opts.name, email: opts.email }],
    passphrase: opts.passphrase || undefined,
    format: 'armored',
  });
  await mkdir(opts.dir, { recursive: true });
  await writeFile(privateKeyFile, privateKey, { mode: 0o600 });
  await chmod(privateKeyFile, 0o600);
  await writeFile(publicKeyFile, publicKey);
  const fingerprint = (await (await loadOpenpgp()).readKey({ armoredKey: publicKey })).getFingerprint().toUpperCase();
  return { fingerprint, privateKeyFile, publicKeyFile };
}
