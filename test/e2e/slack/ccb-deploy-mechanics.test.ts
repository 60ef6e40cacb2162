/**
 * The Slack half of the deploy-progress flow through the whole bot, with a small stand-in handler
 * because `/deploy` is still being written by its owner: a `/deploy` answered within 3 s whose
 * progress message is edited in place, coalesced, never reposted. The stand-in has its own name
 * (`/deploydemo`) so it never shadows the real command. The CCB card is tested through the real
 * `/rfc` in `ccb-vote.test.ts`.
 */
import { commandFamilies } from '../../../commands';
import type { CommandFamily } from '../../../src/bot/command';
import { sleep } from './adapter-harness';
import { type SlackBot, startSlackBot } from './slack-bot';

const standInDeploy: CommandFamily = {
  name: 'deploydemo',
  summary: 'stand-in: a deployment that reports progress',
  subcommands: [
    {
      name: 'run',
      summary: 'deploy',
      usage: 'deploydemo RFC',
      roles: ['release-manager'],
      parse: () => undefined,
      async run(ctx) {
        await sleep(1500); // checks that take a while: the slash command must be acked before this ends
        const progress = await ctx.reply({ text: 'RFC-1: deploying 0/40', card: { kind: 'deploy', title: 'RFC-1 to pilot', status: 'DEPLOYING 0/40' } });
        for (let i = 1; i <= 40; i += 1) {
          await sleep(25);
          await ctx.services.outbound.edit(progress, { text: `RFC-1: deploying ${i}/40`, card: { kind: 'deploy', title: 'RFC-1 to pilot', status: i === 40 ? 'DEPLOYED 40/40' : `DEPLOYING ${i}/40` } });
        }
      },
    },
  ],
  defaultSubcommand: 'run',
};

describe('Slack: deploy progress mechanics (stand-in handler)', () => {
  let s: SlackBot;
  beforeAll(async () => {
    commandFamilies.push(standInDeploy);
    s = await startSlackBot({ mode: 'socket' });
  });
  afterAll(() => s?.stop());

  it('answers a slow /deploy within 3 s; its progress message is edited (coalesced), not reposted', async () => {
    const posts = s.slack.calls('chat.postMessage').length;
    const updates = s.slack.calls('chat.update').length;
    const r = await s.slack.slash('UROLF', 'COPS', '/deploydemo', 'RFC-1 to pilot');
    expect(r.ackMs).toBeLessThan(3000);
    const progress = await s.slack.waitFor(() => s.slack.botMessages('COPS').find((m) => m.text.startsWith('RFC-1: deploying')), 5000, 'the progress message');
    await s.slack.waitFor(() => progress.text === 'RFC-1: deploying 40/40', 8000, 'the final progress');
    expect(s.slack.calls('chat.postMessage').length - posts).toBe(1);
    const edits = s.slack.calls('chat.update').slice(updates);
    // 40 edits in about a second, one chat.update per 500 ms window at most.
    expect(edits.length).toBeLessThanOrEqual(5);
    expect(edits.length).toBeGreaterThanOrEqual(2);
    expect(progress.blocks?.[1]).toMatchObject({ text: { text: '*DEPLOYED 40/40*' } });
  });
});
