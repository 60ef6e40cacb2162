/**
 * The Slack half of the CCB-vote and deploy-progress flows through the whole bot, with small
 * stand-in handlers because `/rfc`, the vote handler and `/deploy` are still being written by
 * their owners: an RFC card posted to the CCB channel, members' reactions (skin tones included)
 * moving its tally, a removed reaction retracting, a non-member told privately (ephemeral), and a
 * `/deploy` answered within 3 s whose progress message is edited in place, coalesced, never
 * reposted. The stand-ins have their own names (`/rfcdemo`, `/deploydemo`) so they never shadow
 * the real commands; when those land, tests like `tickets-socket.test.ts` drive them instead.
 */
import { commandFamilies, reactionHandlers } from '../../../commands';
import type { CommandFamily, ReactionHandler } from '../../../src/bot/command';
import type { MessageRef } from '../../../src/chat/conversation-ref';
import { normalizeReaction } from '../../../src/chat/emoji';
import type { Card } from '../../../src/chat/out-message';
import { hasRole } from '../../../src/people/person';
import { sleep } from './adapter-harness';
import { type SlackBot, startSlackBot } from './slack-bot';

const APPROVE = new Set(['white_check_mark', '+1']);
const REJECT = new Set(['x', '-1']);
let card: MessageRef | undefined;
const votes = new Map<string, 'approve' | 'reject'>();

function rfcCard(): { text: string; card: Card } {
  const approve = [...votes.values()].filter((v) => v === 'approve').length;
  const reject = votes.size - approve;
  return {
    text: `RFC-1 upgrade LibreOffice: ${approve} approve, ${reject} reject`,
    card: { kind: 'rfc', title: 'RFC-1 Upgrade LibreOffice', status: 'VOTING', fields: [{ label: 'Approve', value: String(approve) }, { label: 'Reject', value: String(reject) }] },
  };
}

const standInRfc: CommandFamily = {
  name: 'rfcdemo',
  summary: 'stand-in: post an RFC card to the CCB',
  subcommands: [
    {
      name: 'card',
      summary: 'post the card',
      usage: 'rfcdemo card',
      roles: ['change-manager'],
      parse: () => undefined,
      async run(ctx) {
        const [ccb] = ctx.services.outbound.channel('ccb').filter((c) => c.platform === ctx.event.platform);
        card = await ctx.services.outbound.post(ccb, rfcCard());
      },
    },
  ],
};

const standInVotes: ReactionHandler = {
  name: 'stand-in-votes',
  async handle(ctx) {
    if (!card || ctx.event.target.messageId !== card.messageId) return false;
    if (!hasRole(ctx.person, 'ccb')) {
      await ctx.notice('Only CCB members vote on RFCs; your reaction does not count.');
      return true;
    }
    const r = normalizeReaction(ctx.event.reaction);
    const vote = APPROVE.has(r) ? 'approve' : REJECT.has(r) ? 'reject' : undefined;
    if (!vote) return true;
    if (ctx.event.action === 'added') votes.set(ctx.person.id, vote);
    else if (votes.get(ctx.person.id) === vote) votes.delete(ctx.person.id);
    await ctx.services.outbound.edit(card, rfcCard());
    return true;
  },
};

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

describe('Slack: CCB card and deploy progress mechanics (stand-in handlers)', () => {
  let s: SlackBot;
  beforeAll(async () => {
    commandFamilies.push(standInRfc, standInDeploy);
    reactionHandlers.unshift(standInVotes);
    s = await startSlackBot({ mode: 'socket' });
  });
  afterAll(() => s?.stop());

  it('posts the RFC card to the CCB; members vote with reactions, removal retracts, others are told privately', async () => {
    await s.slack.slash('UMARIA', 'CCCB', '/rfcdemo', 'card');
    const posted = await s.slack.waitFor(() => s.slack.botMessages('CCCB').find((m) => m.text.startsWith('RFC-1')), 5000, 'the RFC card');
    expect(posted.blocks?.[0]).toMatchObject({ type: 'header', text: { text: 'RFC-1 Upgrade LibreOffice' } });

    await s.slack.reactionAdded('UCARL', 'CCCB', posted.ts, '+1::skin-tone-3');
    await s.slack.reactionAdded('UCECILIE', 'CCCB', posted.ts, 'white_check_mark');
    await s.slack.reactionAdded('UCHRIS', 'CCCB', posted.ts, 'x');
    await s.slack.reactionRemoved('UCECILIE', 'CCCB', posted.ts, 'white_check_mark');
    await s.adapter.edits.flush();
    expect(posted.text).toBe('RFC-1 upgrade LibreOffice: 1 approve, 1 reject');
    expect(s.slack.botMessages('CCCB').filter((m) => m.text.startsWith('RFC-1'))).toHaveLength(1);

    s.slack.ws.channel('CCCB').members.add('UANNA');
    await s.slack.reactionAdded('UANNA', 'CCCB', posted.ts, '+1');
    expect(s.slack.ephemerals('CCCB').at(-1)).toMatchObject({ user: 'UANNA', text: expect.stringContaining('Only CCB members vote') });
    await s.adapter.edits.flush();
    expect(posted.text).toBe('RFC-1 upgrade LibreOffice: 1 approve, 1 reject');
  });

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
