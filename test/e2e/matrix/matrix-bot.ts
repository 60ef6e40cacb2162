/** The whole bot (test database, real runtime) with a Matrix adapter logged in as `botAccount`. */
import { createMatrixAdapter } from '../../../adapters/matrix/matrix-adapter';
import { createLogger } from '../../../src/core/log';
import type { SynapseUser } from '../../platforms/synapse';
import { startTestBot, testConfig, type TestBot, type TestBotOptions } from '../../support/test-bot';

type Overrides = Parameters<typeof testConfig>[0];

export function startMatrixBot(
  config: Overrides,
  botAccount: SynapseUser,
  opts: Pick<TestBotOptions, 'clock'> = {},
): Promise<TestBot> {
  // Built before the test bot (which makes its own logger): it logs warnings to nowhere.
  const adapter = createMatrixAdapter(
    testConfig(config),
    { MATRIX_ACCESS_TOKEN: botAccount.accessToken },
    createLogger({ level: 'warn', destination: { write: () => true } as never }),
  );
  return startTestBot({ ...opts, config, adapters: [adapter] });
}
