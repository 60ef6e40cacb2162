import type { Logger } from 'pino';
import type { Config } from '../config/schema';
import { loadSigningState, type RecordSigner, type SigningState } from '../signing/record-keys';

/** The signing state's reason when a test passes no signer (its words, like record-keys' reasons, are English). */
const NO_SIGNER = 'no signer was given';

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
    return signer ? { signer } : { reason: NO_SIGNER };
  }
  const warn = (message: string) => deps.log.warn(message);
  const state = await loadSigningState(deps.config.changes.signing, process.env, { warn });
  if (state.reason)
    deps.log.warn(
      { reason: state.reason },
      deps.config.changes.signing.allowUnsigned
        ? 'no signing key: change records are unsigned (changes.signing.allowUnsigned)'
        : 'no signing key: CCB decisions are refused until one is configured',
    );
  return state;
}
