import { existsSync, readFileSync } from 'node:fs';
import type * as openpgp from 'openpgp';
import { openpgp as loadOpenpgp } from '../core/openpgp';
import type { ChangesConfig } from '../config/sections/changes';
import { loadBotSigner, publicKeyPath } from './bot-key';

type SigningConfig = ChangesConfig['signing'];

/** Signs record hashes: the bot's key (a BotSigner) or, in tests, any signer. */
export interface RecordSigner {
  sign(text: string): Promise<string>;
  fingerprint?: string;
  publicKeyArmored?: string;
}

/** The bot's signer, or why there is none (for readiness and the refusal to record decisions). */
export type SigningState = { signer: RecordSigner; reason?: undefined } | { signer?: undefined; reason: string };

/** Loads the bot's key once: the signer, or the reason there is none. Never throws; never names the key. */
export async function loadSigningState(
  cfg: SigningConfig,
  env: NodeJS.ProcessEnv,
  opts: { warn?: (message: string) => void } = {},
): Promise<SigningState> {
  try {
    const signer = await loadBotSigner(cfg, env, opts);
    if (signer) return { signer };
    return {
      reason:
        `no signing key (OPSDESK_SIGNING_KEY, OPSDESK_SIGNING_KEY_FILE or ` +
        `${cfg.privateKeyFile ?? `${cfg.keyDir}/`})`,
    };
  } catch (err) {
    return { reason: (err as Error).message };
  }
}

/**
 * The public keys records are checked against: the loaded key's, the public key file
 * (`changes.signing.publicKeyFile` or `<keyDir>/opsdesk-signing.pub.asc`) and the keys the bot used
 * before (`previousPublicKeyFiles`). Verifying needs no private key.
 */
export async function recordVerificationKeys(
  cfg: SigningConfig,
  signer: RecordSigner | undefined,
): Promise<openpgp.PublicKey[]> {
  const armored: Array<{ text: string; from: string }> = [];
  if (signer?.publicKeyArmored) armored.push({ text: signer.publicKeyArmored, from: 'the signing key' });
  const own = publicKeyPath(cfg);
  if (existsSync(own)) armored.push({ text: readFileSync(own, 'utf8'), from: own });
  for (const file of cfg.previousPublicKeyFiles) armored.push({ text: readFileSync(file, 'utf8'), from: file });
  const keys = new Map<string, openpgp.PublicKey>();
  for (const a of armored) {
    let read: openpgp.Key[];
    try {
      read = await (await loadOpenpgp()).readKeys({ armoredKeys: a.text });
    } catch (err) {
      throw new Error(`${a.from} is not an armored OpenPGP public key: ${(err as Error).message}`);
    }
    for (const k of read) keys.set(k.getFingerprint(), k.toPublic());
  }
  return [...keys.values()];
}

/** Checks a detached armored signature over the exact UTF-8 bytes of `text` against `keys`. */
export async function checkRecordSignature(
  text: string,
  armoredSignature: string,
  keys: readonly openpgp.PublicKey[],
): Promise<{ ok: true; fingerprint: string } | { ok: false; reason: string; unverifiable?: boolean }> {
  if (!keys.length)
    return {
      ok: false,
      unverifiable: true,
      reason: 'cannot be checked: no public key of the bot (changes.signing.publicKeyFile or keyDir)',
    };
  let signature: openpgp.Signature;
  try {
    signature = await (await loadOpenpgp()).readSignature({ armoredSignature });
  } catch {
    return { ok: false, reason: 'cannot be read' };
  }
  const message = await (await loadOpenpgp()).createMessage({ binary: Buffer.from(text, 'utf8') });
  const result = await (await loadOpenpgp()).verify({ message, signature, verificationKeys: [...keys] });
  const first = result.signatures[0];
  if (!first) return { ok: false, reason: 'holds no signature' };
  const key = keys.find((k) => k.getKeys(first.keyID).length > 0);
  if (!key) return { ok: false, reason: `is by key ${first.keyID.toHex().toUpperCase()}, not the bot's` };
  try {
    await first.verified;
  } catch {
    return { ok: false, reason: 'does not verify' };
  }
  return { ok: true, fingerprint: key.getFingerprint().toUpperCase() };
}
