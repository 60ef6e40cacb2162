/** Resident memory for the deployment benches: the bot's peak while it deploys, and a bare node + mongoose. */
import { fork } from 'node:child_process';
import { join } from 'node:path';
import type { HostMessage } from './bot-host';
import type { DeployBot } from './deploy-world';

/** A bare Node process with mongoose connected (`bot-host.ts bare`, which loads nothing of opsdesk): its RSS. */
export async function bareRss(uri: string): Promise<number> {
  const child = fork(join(__dirname, 'bot-host.js'), ['bare'], {
    env: { ...process.env, MONGODB_URI: uri },
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
  });
  try {
    const ask = (): Promise<HostMessage> =>
      new Promise((resolve, reject) => {
        child.once('message', resolve);
        child.once('exit', (code) => reject(new Error(`bare host exited (${code})`)));
      });
    const ready = await ask();
    if (!('ready' in ready)) throw new Error(`bare host: ${JSON.stringify(ready)}`);
    await new Promise((r) => setTimeout(r, 1000));
    const answer = ask();
    child.send({ rss: true });
    const m = await answer;
    if (!('rss' in m)) throw new Error(`bare host: ${JSON.stringify(m)}`);
    return m.rss;
  } finally {
    child.kill('SIGTERM');
  }
}

/** Samples the bot's RSS every 250 ms until stopped; the highest seen. */
export function peakRss(bot: DeployBot): { stop(): Promise<number> } {
  let peak = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      peak = Math.max(peak, await bot.rss());
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return peak;
    },
  };
}
