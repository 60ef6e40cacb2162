/**
 * The example config as a newcomer gets it (fixtures/opsdesk.example.yaml), in a temporary folder
 * with its data folder and health port moved aside, and `opsdesk console` started on it through the
 * real CLI on the embedded default database (no MONGODB_URI).
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliProcess } from './cli-process';

export interface ExampleConsole {
  dir: string;
  configPath: string;
  /** A console process on this config (a new one per call: a restart). */
  start(env?: NodeJS.ProcessEnv): CliProcess;
  /** Stops an embedded database a killed bot left running, removes the folder. */
  cleanup(): Promise<void>;
}

/** `edit` changes the config text further (each result is checked to differ from its input). */
export async function exampleConsole(
  prefix: string,
  ...edits: Array<(yaml: string) => string>
): Promise<ExampleConsole> {
  const dir = await mkdtemp(join(tmpdir(), `opsdesk-${prefix}-`));
  const example = await readFile(join(__dirname, '..', '..', 'fixtures', 'opsdesk.example.yaml'), 'utf8');
  let config = example.replace(/dataDir: \.\/data/u, `dataDir: ${join(dir, 'data')}`).replace(/port: 8080/u, 'port: 0');
  if (!config.includes(join(dir, 'data'))) throw new Error('the example config has no dataDir: ./data');
  for (const edit of edits) {
    const next = edit(config);
    if (next === config) throw new Error(`the config edit ${String(edit)} changed nothing`);
    config = next;
  }
  const configPath = join(dir, 'opsdesk.yaml');
  await writeFile(configPath, config);
  return {
    dir,
    configPath,
    start(extraEnv = {}) {
      const env = { ...process.env, ...extraEnv };
      delete env.MONGODB_URI;
      delete env.OPSDESK_CONFIG;
      return CliProcess.start({ args: ['console', '--config', configPath], env, cwd: dir });
    },
    async cleanup() {
      // A bot killed after a failure leaves its embedded FerretDB running (the next start would stop it).
      spawnSync('pkill', ['-f', `file://${dir}/`]);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
