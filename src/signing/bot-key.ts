import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type * as openpgp from 'openpgp';
import { openpgp as loadOpenpgp } from '../core/openpgp';
import type { ChangesConfig } from '../config/sections/changes';
import { readKeyFileSync } from '../core/key-file';
import { signDetached } from '../packages/signing';
import { refusal, said, sayIn, type Said } from '../i18n/refusal';

export const PRIVATE_KEY_FILE = 'opsdesk-signing.key.asc';
export const PUBLIC_KEY_FILE = 'opsdesk-signing.pub.asc';

type SigningConfig = ChangesConfig['signing'];

/** Where the bot's public key is (for `gpg --import`). */
export function publicKeyPath(cfg: SigningConfig): string {
  return cfg.publicKeyFile ?? path.join(cfg.keyDir, PUBLIC_KEY_FILE);
}

/** The passphrase of the bot's key. Release keys have their own: OPSDESK_RELEASE_KEY_PASSPHRASE. */
export const BOT_KEY_PASSPHRASE = 'OPSDESK_BOT_KEY_PASSPHRASE';
/** Once shared by the bot key and the release keys; still read for the bot key, with a warning. */
export const LEGACY_SIGNING_PASSPHRASE = 'OPSDESK_SIGNING_PASSPHRASE';

/** Hears a warning: in English (the log), and by catalog key (a terminal says it in its language). */
export type SigningWarn = (message: string, text: Said) => void;

/**
 * The bot key's passphrase: OPSDESK_BOT_KEY_PASSPHRASE, else (deprecated, `warn` says so)
 * OPSDESK_SIGNING_PASSPHRASE. Never the release keys' variable.
 */
export function botKeyPassphrase(env: NodeJS.ProcessEnv, warn?: SigningWarn): { passphrase?: string; from: string } {
  const legacy = env[LEGACY_SIGNING_PASSPHRASE];
  const variables = { legacy: LEGACY_SIGNING_PASSPHRASE, current: BOT_KEY_PASSPHRASE };
  const say = (text: Said) => warn?.(sayIn('en', text), text);
  if (env[BOT_KEY_PASSPHRASE]) {
    if (legacy) say(said('signing.legacyIgnored', variables));
    return { passphrase: env[BOT_KEY_PASSPHRASE], from: BOT_KEY_PASSPHRASE };
  }
  if (legacy) {
    say(said('signing.legacyDeprecated', variables));
    return { passphrase: legacy, from: LEGACY_SIGNING_PASSPHRASE };
  }
  return { from: BOT_KEY_PASSPHRASE };
}

function privateKeyFile(cfg: SigningConfig, env: NodeJS.ProcessEnv): string {
  return env.OPSDESK_SIGNING_KEY_FILE ?? cfg.privateKeyFile ?? path.join(cfg.keyDir, PRIVATE_KEY_FILE);
}

/**
 * The bot's armored private key: OPSDESK_SIGNING_KEY (armored), OPSDESK_SIGNING_KEY_FILE,
 * `changes.signing.privateKeyFile`, or `<keyDir>/opsdesk-signing.key.asc`; undefined when none
 * exists. A key file others may read, or that another user owns, is refused (CONFIG, with the
 * fix). The key itself is never logged or put in an error message.
 */
export function readPrivateKeyArmored(
  cfg: SigningConfig,
  env: NodeJS.ProcessEnv,
): { armored: string; source: string } | undefined {
  if (env.OPSDESK_SIGNING_KEY?.trim()) return { armored: env.OPSDESK_SIGNING_KEY, source: 'OPSDESK_SIGNING_KEY' };
  const file = privateKeyFile(cfg, env);
  if (!existsSync(file)) return undefined;
  return { armored: readKeyFileSync(file, said('signing.botKey')).toString('utf8'), source: file };
}

/**
 * Every fingerprint (primary key and subkeys) of the bot's key, from wherever it is configured
 * (the private key's public part, or the public key file); empty without a key. Only public parts
 * are used, so the private key file is read without the permission check. Used to refuse the bot's
 * key as a trusted release key.
 */
export async function botKeyFingerprints(cfg: SigningConfig, env: NodeJS.ProcessEnv): Promise<string[]> {
  const texts: string[] = [];
  if (env.OPSDESK_SIGNING_KEY?.trim()) texts.push(env.OPSDESK_SIGNING_KEY);
  for (const file of [privateKeyFile(cfg, env), publicKeyPath(cfg)]) {
    try {
      texts.push(readFileSync(file, 'utf8'));
    } catch {
      // Not there (no key) or unreadable: loading the signer says why.
    }
  }
  const out = new Set<string>();
  for (const armoredKeys of texts) {
    const keys = await (await loadOpenpgp()).readKeys({ armoredKeys }).catch(() => []);
    for (const key of keys) for (const k of [key, ...key.getSubkeys()]) out.add(k.getFingerprint().toUpperCase());
  }
  return [...out];
}

/** Signs records with the bot's key: a detached, armored signature over the exact UTF-8 bytes. */
export interface BotSigner {
  fingerprint: string;
  publicKeyArmored: string;
  sign(text: string): Promise<string>;
}

/**
 * The bot's signer, or undefined when no key is configured. Throws (without the key) when the key
 * cannot be read or opened. `warn` hears about a deprecated passphrase variable.
 */
export async function loadBotSigner(
  cfg: SigningConfig,
  env: NodeJS.ProcessEnv,
  opts: { warn?: SigningWarn } = {},
): Promise<BotSigner | undefined> {
  const found = readPrivateKeyArmored(cfg, env);
  if (!found) return undefined;
  let key: openpgp.PrivateKey;
  try {
    key = await (await loadOpenpgp()).readPrivateKey({ armoredKey: found.armored });
  } catch {
    throw refusal('CONFIG', said('signing.notArmored', { source: found.source }), said('signing.notArmoredFix'));
  }
  const { passphrase, from } = botKeyPassphrase(env, opts.warn);
  if (!key.isDecrypted()) {
    const variable = passphrase ? from : BOT_KEY_PASSPHRASE;
    if (!passphrase)
      throw refusal(
        'CONFIG',
        said('signing.protected', { source: found.source, variable }),
        said('signing.protectedFix', { variable }),
      );
    try {
      key = await (await loadOpenpgp()).decryptKey({ privateKey: key, passphrase });
    } catch {
      throw refusal(
        'CONFIG',
        said('signing.wrongPassphrase', { source: found.source, variable }),
        said('signing.wrongPassphraseFix', { variable }),
      );
    }
  }
  const armored = key.armor();
  return {
    fingerprint: key.getFingerprint().toUpperCase(),
    publicKeyArmored: key.toPublic().armor(),
    sign: async (text) => (await signDetached(text, armored)).signature,
  };
}
