import { existsSync, readFileSync } from 'node:fs';
import type * as openpgp from 'openpgp';
import { openpgp as loadOpenpgp } from '../core/openpgp';
import type { ChangesConfig } from '../config/sections/changes';
import { OpsdeskError } from '../core/errors';
import { said, sayIn, type Said } from '../i18n/refusal';
import { loadBotSigner, publicKeyPath, type SigningWarn } from './bot-key';

type SigningConfig = ChangesConfig['signing'];

/** Signs record hashes: the bot's key (a BotSigner) or, in tests, any signer. */
export interface RecordSigner {
  sign(text: string): Promise<string>;
  fingerprint?: string;
  publicKeyArmored?: string;
}

/**
 * The bot's signer, or why there is none (for readiness and the refusal to record decisions): `reason`
 * in English (the log), `said` by catalog key when it has one (to say it in a reader's language).
 */
export type SigningState =
  { signer: RecordSigner; reason?: undefined; said?: undefined } | { signer?: undefined; reason: string; said?: Said };

/** Loads the bot's key once: the signer, or the reason there is none. Never throws; never names the key. */
export async function loadSigningState(
  cfg: SigningConfig,
  env: NodeJS.ProcessEnv,
  opts: { warn?: SigningWarn } = {},
): Promise<SigningState> {
  try {
    const signer = await loadBotSigner(cfg, env, opts);
    if (signer) return { signer };
    const none = said('signing.noKey', { where: cfg.privateKeyFile ?? `${cfg.keyDir}/` });
    return { reason: sayIn('en', none), said: none };
  } catch (err) {
    const message = err instanceof OpsdeskError ? err.localized?.message : undefined;
    return { reason: (err as Error).message, said: message as Said | undefined };
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
  const armored: Array<{ text: string; from?: string }> = [];
  if (signer?.publicKeyArmored) armored.push({ text: signer.publicKeyArmored });
  const own = publicKeyPath(cfg);
  if (existsSync(own)) armored.push({ text: readFileSync(own, 'utf8'), from: own });
  for (const file of cfg.previousPublicKeyFiles) armored.push({ text: readFileSync(file, 'utf8'), from: file });
  const keys = new Map<string, openpgp.PublicKey>();
  for (const a of armored) {
    let read: openpgp.Key[];
    try {
      read = await (await loadOpenpgp()).readKeys({ armoredKeys: a.text });
    } catch (err) {
      throw new Error(`${a.from ?? 'the signing key'} is not an armored OpenPGP public key: ${(err as Error).message}`);
    }
    for (const k of read) keys.set(k.getFingerprint(), k.toPublic());
  }
  return [...keys.values()];
}

/** Why a record signature fails: completes "its signature …"; English in `reason`, by catalog key in `said`. */
const failed = (why: Said, unverifiable?: boolean) =>
  ({ ok: false, reason: sayIn('en', why), said: why, ...(unverifiable ? { unverifiable } : {}) }) as const;

/** Checks a detached armored signature over the exact UTF-8 bytes of `text` against `keys`. */
export async function checkRecordSignature(
  text: string,
  armoredSignature: string,
  keys: readonly openpgp.PublicKey[],
): Promise<{ ok: true; fingerprint: string } | { ok: false; reason: string; said: Said; unverifiable?: boolean }> {
  if (!keys.length) return failed(said('audit.sig.noKey'), true);
  let signature: openpgp.Signature;
  try {
    signature = await (await loadOpenpgp()).readSignature({ armoredSignature });
  } catch {
    return failed(said('audit.sig.unreadable'));
  }
  const message = await (await loadOpenpgp()).createMessage({ binary: Buffer.from(text, 'utf8') });
  const result = await (await loadOpenpgp()).verify({ message, signature, verificationKeys: [...keys] });
  const first = result.signatures[0];
  if (!first) return failed(said('audit.sig.empty'));
  const key = keys.find((k) => k.getKeys(first.keyID).length > 0);
  if (!key) return failed(said('audit.sig.otherKey', { keyId: first.keyID.toHex().toUpperCase() }));
  try {
    await first.verified;
  } catch {
    return failed(said('audit.sig.invalid'));
  }
  return { ok: true, fingerprint: key.getFingerprint().toUpperCase() };
}
