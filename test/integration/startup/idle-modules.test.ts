/**
 * What a console-only bot loads before anyone uses it: none of the heavy packages (an adapter's SDK,
 * openpgp, the chart renderer, ssh2, mongodb-memory-server). Would catch a top-level import that
 * pulls one of them back into every start (each costs the idle process 1-10 MiB; issue 18 asks
 * that they load only when configured or first used). The bot runs as the memory bench runs it:
 * the compiled `test/bench/bot-host.js` in a child process (`npm test` builds dist/ first).
 */
import { fork } from 'node:child_process';
import { join } from 'node:path';
import type { HostMessage } from '../../bench/bot-host';
import { dropTestDb, testDbUri } from '../../support/db';

const HOST = join(__dirname, '..', '..', '..', 'dist', 'test', 'bench', 'bot-host.js');

/** Starts the bot, waits until it is ready, and gives back which heavy packages it has loaded. */
async function heavyPackagesAtIdle(env: NodeJS.ProcessEnv): Promise<string[]> {
  const uri = testDbUri('idle');
  const child = fork(HOST, ['bot'], {
    env: { ...env, MONGODB_URI: uri, LOG_LEVEL: 'error' },
    stdio: ['pipe', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const next = <T>(pick: (m: HostMessage) => T | undefined) =>
    new Promise<T>((resolve, reject) => {
      const on = (m: HostMessage) => {
        if ('error' in m) reject(new Error(`${m.error} ${stderr}`));
        const v = pick(m);
        if (v === undefined) return;
        child.off('message', on);
        resolve(v);
      };
      child.on('message', on);
      child.once('exit', (code) => reject(new Error(`bot-host exited (${code}): ${stderr}`)));
    });
  try {
    await next((m) => ('ready' in m ? true : undefined));
    const modules = next((m) => ('modules' in m ? m.modules : undefined));
    child.send({ modules: true });
    return await modules;
  } finally {
    const exited = new Promise((done) => child.once('exit', done));
    child.send({ stop: true });
    await exited;
    await dropTestDb(uri);
  }
}

test('a console-only bot, started and idle, has loaded none of the heavy packages', async () => {
  const { OPSDESK_SIGNING_KEY_FILE: _key, ...noSigningKey } = process.env;
  expect(await heavyPackagesAtIdle(noSigningKey)).toEqual([]);
});

test('with a signing key configured it loads openpgp (to read the key at start), and nothing else', async () => {
  expect(process.env.OPSDESK_SIGNING_KEY_FILE).toBeTruthy(); // the jest global setup's key
  expect(await heavyPackagesAtIdle(process.env)).toEqual(['openpgp']);
});
