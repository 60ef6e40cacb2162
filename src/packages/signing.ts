import { readFile } from 'node:fs/promises';
import * as openpgp from 'openpgp';

export type TrustedKey = openpgp.PublicKey;

/** Reads armored public keys (one or more per file). */
export async function loadTrustedKeys(files: readonly string[]): Promise<TrustedKey[]> {
  const keys: TrustedKey[] = [];
  for (const file of files) {
    const armored = await readFile(file, 'utf8');
    try {
      keys.push(...(await openpgp.readKeys({ armoredKeys: armored })).map((k) => k.toPublic()));
    } catch (err) {
      throw new Error(`${file} is not an armored OpenPGP public key: ${(err as Error).message}`);
    }
  }
  return keys;
}

/** A detached, armored signature over the exact bytes of `text`. */
export async function signDetached(text: string, armoredPrivateKey: string, passphrase?: string): Promise<{ signature: string; fingerprint: string }> {
  let key = await openpgp.readPrivateKey({ armoredKey: armoredPrivateKey });
  if (!key.isDecrypted()) {
    if (!passphrase) throw new Error('the signing key is protected: give its passphrase');
    key = await openpgp.decryptKey({ privateKey: key, passphrase });
  }
  const message = await openpgp.createMessage({ binary: Buffer.from(text, 'utf8') });
  const signature = await openpgp.sign({ message, signingKeys: key, detached: true, format: 'armored' });
  return { signature: signature as string, fingerprint: key.getFingerprint().toUpperCase() };
}

export type SignatureCheck = { ok: true; fingerprint: string; userId?: string } | { ok: false; reason: string };

/** Checks a detached signature over `text` against the trusted keys only. */
export async function verifyDetached(text: string, armoredSignature: string, trusted: readonly TrustedKey[]): Promise<SignatureCheck> {
  if (!trusted.length) return { ok: false, reason: 'no trusted release keys are configured (deploy.trustedKeys)' };
  let signature: openpgp.Signature;
  try {
    signature = await openpgp.readSignature({ armoredSignature });
  } catch (err) {
    return { ok: false, reason: `the signature cannot be read: ${(err as Error).message}` };
  }
  const message = await openpgp.createMessage({ binary: Buffer.from(text, 'utf8') });
  const result = await openpgp.verify({ message, signature, verificationKeys: [...trusted] });
  const first = result.signatures[0];
  if (!first) return { ok: false, reason: 'the signature file holds no signature' };
  const keyId = first.keyID.toHex().toUpperCase();
  const signer = trusted.find((k) => k.getKeys(first.keyID).length > 0);
  if (!signer) return { ok: false, reason: `it is signed by key ${keyId}, which is not a trusted release key` };
  try {
    await first.verified;
  } catch (err) {
    return { ok: false, reason: `the signature by ${keyId} does not verify: ${(err as Error).message}` };
  }
  return { ok: true, fingerprint: signer.getFingerprint().toUpperCase(), userId: signer.getUserIDs()[0] };
}
