import { readFile } from 'node:fs/promises';
import type * as openpgp from 'openpgp';
import { openpgp as loadOpenpgp } from '../core/openpgp';
import { refusal, said, sayIn, type Said } from '../i18n/refusal';

export type TrustedKey = openpgp.PublicKey;

/** Reads armored public keys (one or more per file). */
export async function loadTrustedKeys(files: readonly string[]): Promise<TrustedKey[]> {
  const keys: TrustedKey[] = [];
  for (const file of files) {
    const armored = await readFile(file, 'utf8');
    try {
      keys.push(...(await (await loadOpenpgp()).readKeys({ armoredKeys: armored })).map((k) => k.toPublic()));
    } catch (err) {
      throw new Error(`${file} is not an armored OpenPGP public key: ${(err as Error).message}`);
    }
  }
  return keys;
}

/** Where release keys take their passphrase from; the bot's key has its own (OPSDESK_BOT_KEY_PASSPHRASE). */
export const RELEASE_KEY_PASSPHRASE = 'OPSDESK_RELEASE_KEY_PASSPHRASE';

/**
 * The passphrase for a release key (armored private key from `source`): OPSDESK_RELEASE_KEY_PASSPHRASE
 * only. A protected key without it is refused, naming the variable; OPSDESK_SIGNING_PASSPHRASE,
 * which the bot key and the release keys once shared, is not read for release keys.
 */
export async function releaseKeyPassphrase(
  armoredPrivateKey: string,
  source: string,
  env: NodeJS.ProcessEnv,
): Promise<string | undefined> {
  const passphrase = env[RELEASE_KEY_PASSPHRASE] || undefined;
  const key = await (await loadOpenpgp()).readPrivateKey({ armoredKey: armoredPrivateKey }).catch(() => undefined);
  if (!key) throw refusal('USAGE', said('pkg.notPrivateKey', { source }), said('pkg.notPrivateKeyFix'));
  if (key.isDecrypted() || passphrase) return passphrase;
  const variable = RELEASE_KEY_PASSPHRASE;
  throw refusal(
    'CONFIG',
    said('pkg.keyProtected', { source, variable }),
    env.OPSDESK_SIGNING_PASSPHRASE
      ? said('pkg.keyProtectedOldFix', {
          variable,
          old: 'OPSDESK_SIGNING_PASSPHRASE',
          bot: 'OPSDESK_BOT_KEY_PASSPHRASE',
        })
      : said('pkg.keyProtectedFix', { variable }),
  );
}

/** A detached, armored signature over the exact bytes of `text`. */
export async function signDetached(
  text: string,
  armoredPrivateKey: string,
  passphrase?: string,
): Promise<{ signature: string; fingerprint: string }> {
  let key = await (await loadOpenpgp()).readPrivateKey({ armoredKey: armoredPrivateKey });
  if (!key.isDecrypted()) {
    if (!passphrase) throw new Error('the signing key is protected: give its passphrase');
    key = await (await loadOpenpgp()).decryptKey({ privateKey: key, passphrase });
  }
  const message = await (await loadOpenpgp()).createMessage({ binary: Buffer.from(text, 'utf8') });
  const signature = await (await loadOpenpgp()).sign({ message, signingKeys: key, detached: true, format: 'armored' });
  return { signature: signature as string, fingerprint: key.getFingerprint().toUpperCase() };
}

/** A refusal's `reason` is English (the CLI, the log); `said` is the same by catalog key, for the reader. */
export type SignatureCheck =
  { ok: true; fingerprint: string; userId?: string } | { ok: false; reason: string; said: Said };

const refused = (why: Said): SignatureCheck => ({ ok: false, reason: sayIn('en', why), said: why });

/** Checks a detached signature over `text` against the trusted keys only. */
export async function verifyDetached(
  text: string,
  armoredSignature: string,
  trusted: readonly TrustedKey[],
): Promise<SignatureCheck> {
  if (!trusted.length) return refused(said('pkg.sig.noTrustedKeys'));
  let signature: openpgp.Signature;
  try {
    signature = await (await loadOpenpgp()).readSignature({ armoredSignature });
  } catch (err) {
    return refused(said('pkg.sig.unreadable', { error: (err as Error).message }));
  }
  const message = await (await loadOpenpgp()).createMessage({ binary: Buffer.from(text, 'utf8') });
  const result = await (await loadOpenpgp()).verify({ message, signature, verificationKeys: [...trusted] });
  const first = result.signatures[0];
  if (!first) return refused(said('pkg.sig.none'));
  const keyId = first.keyID.toHex().toUpperCase();
  const signer = trusted.find((k) => k.getKeys(first.keyID).length > 0);
  if (!signer) return refused(said('pkg.sig.untrusted', { keyId }));
  try {
    await first.verified;
  } catch (err) {
    return refused(said('pkg.sig.invalid', { keyId, error: (err as Error).message }));
  }
  return { ok: true, fingerprint: signer.getFingerprint().toUpperCase(), userId: signer.getUserIDs()[0] };
}
