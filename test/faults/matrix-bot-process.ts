/** An opsdesk process (BotProcess) on a test Synapse: the fixture config with Matrix on and the console off. */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { freeLoopbackPort } from '../../src/db/child-process';
import { FIXTURE_CONFIG } from '../support/fixture-config';
import type { SynapseServer, SynapseUser } from '../platforms/synapse';
import { BotProcess } from './bot-process';

export interface MatrixBotOptions {
  name: string;
  hs: SynapseServer;
  botAccount: SynapseUser;
  opsRoom: string;
  mongoUri: string;
  /** Its config file goes here. */
  dir: string;
}

export async function matrixBotProcess(o: MatrixBotOptions): Promise<BotProcess> {
  const healthPort = await freeLoopbackPort();
  const raw = YAML.parse(readFileSync(FIXTURE_CONFIG, 'utf8')) as Record<string, unknown>;
  raw.console = { enabled: false };
  raw.http = { enabled: true, host: '127.0.0.1', port: healthPort };
  raw.matrix = {
    enabled: true,
    homeserverUrl: o.hs.url,
    syncTimeoutMs: 1000,
    sendRetryMs: 60_000,
    encryption: { enabled: false },
  };
  (raw.channels as Record<string, Record<string, string>>).operators.matrix = o.opsRoom;
  const configFile = path.join(o.dir, `opsdesk-${o.name}.yaml`);
  writeFileSync(configFile, YAML.stringify(raw));
  return new BotProcess(o.name, {
    configFile,
    healthPort,
    eventsPort: 0,
    env: { MONGODB_URI: o.mongoUri, MATRIX_ACCESS_TOKEN: o.botAccount.accessToken },
  });
}
