import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as openpgp from 'openpgp';
import type { ChangesConfig } from '../config/sections/changes';
import { signDetached } from '../packages/signing';

export const PRIVATE_KEY_FILE = 'opsdesk-signing.key.asc';
export const PUBLIC_KEY_FILE = 'opsdesk-signing.pub.asc';

type SigningConfig = ChangesConfig['signing'];

/** Where the bot's public key is (for `gpg --import`). */
export function publicKeyPath(cfg: SigningConfig): string {
  return cfg.publicKeyFile ?? path.join(cfg.keyDir, PUBLIC_KEY_FILE);
}

/**
 * The bot's armored private key: OPSDESK_SIGNING_KEY (armored), OPSDESK_SIGNING_KEY_FILE,
 * `changes.signing.privateKeyFile`, or `<keyDir>/opsdesk-signing.key.asc`; undefined when none
 * exists. The key itself is never logged or put in an error message.
 */
export function readPrivateKeyArmored(cfg: SigningConfig, env: NodeJS.ProcessEnv): { armored: string; source: string } | undefined {
  if (env.OPSDESK_SIGNING_KEY?.trim()) return { armored: env.OPSDESK_SIGNING_KEY, source: 'OPSDESK_SIGNING_KEY' };
  const file = env.OPSDESK_SIGNING_KEY_FILE ?? cfg.privateKeyFile ?? path.join(cfg.keyDir, PRIVATE_KEY_FILE);
  if (!existsSync(file)) return undefined;
  return { armored: readFileSync(file, 'utf8'), source: file };
}

/** Signs records with the bot's key: a detached, armored signature over the exact UTF-8 bytes. */
export interface BotSigner {
  fingerprint: string;
  publicKeyArmored: string;
  sign(text: string): Promise<string>;
}

/** The bot's signer, or undefined when no key is configured. Throws (without the key) when the key cannot be read. */
export async function loadBotSigner(cfg: SigningConfig, env: NodeJS.ProcessEnv): Promise<BotSigner | undefined> {
  const found = readPrivateKeyArmored(cfg, env);
  if (!found) return undefined;
  let key: openpgp.PrivateKey;
  try {
    key = await openpgp.readPrivateKey({ armoredKey: found.armored });
  } catch {
    throw new Error(`the signing key from ${found.source} is not an armored OpenPGP private key`);
  }
  const passphrase = env.OPSDESK_SIGNING_PASSPHRASE;
  if (!key.isDecrypted()) {
    if (!passphrase) throw new Error(`the signing key from ${found.source} is protected: set OPSDESK_SIGNING_PASSPHRASE`);
    key = await openpgp.decryptKey({ privateKey: key, passphrase });
  }
  const armored = key.armor();
  return {
    fingerprint: key.getFingerprint().toUpperCase(),
    publicKeyArmored: key.toPublic().armor(),
    sign: async (text) => (await signDetached(text, armored)).signature,
  };
}
