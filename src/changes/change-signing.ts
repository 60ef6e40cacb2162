import type { Logger } from 'pino';
import type { Config } from '../config/schema';
import { loadSigningState, type RecordSigner, type SigningState } from '../signing/record-keys';

/**
 * The bot's key for the change records: from `signer` when given, else the configured key; without one, says once in
 * the log what that means (records unsigned, or CCB decisions refused).
 */
export async function loadChangeSigning(deps: {
  config: Config;
  log: Logger;
  signer?: () => Promise<RecordSigner | undefined>;
}): Promise<SigningState> {
  if (deps.signer) {
    const signer = await deps.signer();
    return signer ? { signer } : { reason: 'no signer was given' };
  }
  const warn = (message: string) => deps.log.warn(message);
  const state = await loadSigningState(deps.config.changes.signing, process.env, { warn });
  if (state.reason) {
    const effect = deps.config.changes.signing.allowUnsigned
      ? 'change records are unsigned (changes.signing.allowUnsigned)'
      : 'CCB decisions are refused until one is configured';
    deps.log.warn({ reason: state.reason }, `no signing key: ${effect}`);
  }
  return state;
}
