/**
 * The CCB flow in Slack through the real `/rfc` commands and vote handler (Socket Mode, emulator):
 * `/rfc new` with every field and `/rfc submit` post the RFC card to the CCB channel; members'
 * reactions (skin tones included) move the tally in the card by `chat.update`, a removed reaction
 * retracts, a non-member is told by an ephemeral message, and the decision is edited into the card.
 */
import { Rfc } from '../../../src/changes/rfc.model';
import { Ballot, Vote } from '../../../src/votes/ballot.model';
import { until } from '../../integration/deploy/deploy-fixture';
import { RFC_FIELDS } from '../change-fixture';
import { type SlackBot, startSlackBot } from './slack-bot';

describe('Slack: an RFC card voted on by the CCB with reactions, through /rfc', () => {
  let s: SlackBot;
  beforeAll(async () => {
    s = await startSlackBot({ mode: 'socket' });
  });
  afterAll(() => s?.stop());

  /** Types a slash command in #operators and waits for the bot's next top-level answer there. */
  async function slash(user: string, text: string, expectText: RegExp): Promise<string> {
    const before = s.slack.botMessages('COPS').length;
    const r = await s.slack.slash(user, 'COPS', '/rfc', text);
    await s.adapter.idle();
    expect(r.ackMs).toBeLessThan(3000);
    const answer = await s.slack.waitFor(
      () =>
        s.slack
          .botMessages('COPS')
          .slice(before)
          .find((m) => expectText.test(m.text)),
      10_000,
      `an answer matching ${expectText}`,
    );
    return answer.text;
  }

  it(
    'posts the card by /rfc submit; reactions move the tally, removal retracts, non-members are told, the decision ' +
      'is edited in',
    async () => {
      const created = await slash('UROLF', `new Upgrade LibreOffice to 25.8 ${RFC_FIELDS}`, /Created RFC-\d+/u);
      const key = /RFC-\d+/u.exec(created)![0];
      expect((await Rfc.findOne({ key }).lean())?.state).toBe('draft');

      const posts = s.slack.calls('chat.postMessage').filter((c) => c.args.channel === 'CCCB').length;
      await slash('UROLF', `submit ${key}`, /queued for the CCB/u);
      const card = await s.slack.waitFor(
        () => s.slack.botMessages('CCCB').find((m) => m.text.startsWith(key)),
        5000,
        'the RFC card',
      );
      expect(card.blocks?.[0]).toMatchObject({ type: 'header', text: { text: `${key} Upgrade LibreOffice to 25.8` } });
      expect(card.text).toContain('[VOTING: APPROVAL]');
      expect(card.text).toContain('✅ 0 approve · ❌ 0 reject');

      const tally = async () => {
        await s.adapter.edits.flush();
        return /✅ \d+ approve · ❌ \d+ reject · 🤷 \d+ abstain/u.exec(card.text)![0];
      };
      // A reaction is acknowledged once stored and handled right after: the card shows it soon after.
      const tallyBecomes = async (expected: string) => {
        let last = '';
        await until(`the tally "${expected}"`, async () => (last = await tally()) === expected, 10_000).catch(
          () => undefined,
        );
        return last;
      };
      const stateBecomes = async (state: string) =>
        until(`${key} ${state}`, async () => (await Rfc.findOne({ key }).lean())?.state === state, 10_000);
      await s.slack.reactionAdded('UCARL', 'CCCB', card.ts, '+1::skin-tone-3');
      await s.adapter.idle();
      expect(await tallyBecomes('✅ 1 approve · ❌ 0 reject · 🤷 0 abstain')).toBe(
        '✅ 1 approve · ❌ 0 reject · 🤷 0 abstain',
      );
      await s.slack.reactionAdded('UCECILIE', 'CCCB', card.ts, 'white_check_mark');
      await s.adapter.idle();
      await s.slack.reactionAdded('UCHRIS', 'CCCB', card.ts, 'x');
      await s.adapter.idle();
      expect(await tallyBecomes('✅ 2 approve · ❌ 1 reject · 🤷 0 abstain')).toBe(
        '✅ 2 approve · ❌ 1 reject · 🤷 0 abstain',
      );
      await s.slack.reactionRemoved('UCECILIE', 'CCCB', card.ts, 'white_check_mark');
      await s.adapter.idle();
      expect(await tallyBecomes('✅ 1 approve · ❌ 1 reject · 🤷 0 abstain')).toBe(
        '✅ 1 approve · ❌ 1 reject · 🤷 0 abstain',
      );
      const ballot = await Ballot.findOne({ rfcKey: key }).lean();
      expect(await Vote.countDocuments({ ballotId: ballot!._id })).toBe(2);

      // A non-member in the channel reacts: told privately (ephemeral), the tally does not move.
      s.slack.ws.channel('CCCB').members.add('UANNA');
      const ephemerals = s.slack.ephemerals('CCCB').length;
      await s.slack.reactionAdded('UANNA', 'CCCB', card.ts, '+1');
      await s.adapter.idle();
      await s.slack.waitFor(
        () => s.slack.ephemerals('CCCB').length > ephemerals,
        10_000,
        'the notice to the non-member',
      );
      const told = s.slack.ephemerals('CCCB').slice(ephemerals);
      expect(told).toEqual([
        expect.objectContaining({
          user: 'UANNA',
          text: expect.stringContaining(`Your reaction on the ${key} card does not count`),
        }),
      ]);
      expect(await tally()).toBe('✅ 1 approve · ❌ 1 reject · 🤷 0 abstain');

      // Three more approvals: 4 of 6 approve, so the outcome cannot change and the vote closes.
      await s.slack.reactionAdded('UCECILIE', 'CCCB', card.ts, 'white_check_mark');
      await s.adapter.idle();
      await s.slack.reactionAdded('UMARIA', 'CCCB', card.ts, 'heavy_check_mark');
      await s.adapter.idle();
      expect(await tallyBecomes('✅ 3 approve · ❌ 1 reject · 🤷 0 abstain')).toBe(
        '✅ 3 approve · ❌ 1 reject · 🤷 0 abstain',
      );
      expect((await Rfc.findOne({ key }).lean())?.state).toBe('proposed');
      await s.slack.reactionAdded('UCAMILLA', 'CCCB', card.ts, '+1::skin-tone-5');
      await s.adapter.idle();
      await stateBecomes('approved');
      expect(await tallyBecomes('✅ 4 approve · ❌ 1 reject · 🤷 0 abstain')).toBe(
        '✅ 4 approve · ❌ 1 reject · 🤷 0 abstain',
      );
      expect(card.text).toContain('[APPROVED]');
      expect(card.text).toContain('Decision: approved');
      expect(card.blocks?.[1]).toMatchObject({ text: { text: expect.stringContaining('APPROVED') } });

      // One card, edited in place: no second post to the CCB channel, and a chat.update on its ts at
      // each of the four flushes above that saw a new tally (edits within a window are coalesced).
      expect(s.slack.calls('chat.postMessage').filter((c) => c.args.channel === 'CCCB').length - posts).toBe(1);
      expect(s.slack.calls('chat.update').filter((c) => c.args.ts === card.ts).length).toBeGreaterThanOrEqual(4);
      // The requester hears the decision in a DM.
      const dm = await s.slack.waitFor(
        () => s.slack.botMessages(s.slack.dmChannel('UROLF')).find((m) => m.text.includes(`vote on ${key} is closed`)),
        5000,
        'the decision DM',
      );
      expect(dm.text).toContain('*approved*');

      // A late reaction is refused privately and changes nothing.
      const late = s.slack.ephemerals('CCCB').length;
      await s.slack.reactionAdded('UCONRAD', 'CCCB', card.ts, 'x');
      await s.adapter.idle();
      await s.slack.waitFor(() => s.slack.ephemerals('CCCB').length > late, 10_000, 'the notice to the late voter');
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(s.slack.ephemerals('CCCB').slice(late)).toEqual([
        expect.objectContaining({ user: 'UCONRAD', text: expect.stringContaining('your reaction was not counted') }),
      ]);
      expect(await tally()).toBe('✅ 4 approve · ❌ 1 reject · 🤷 0 abstain');
    },
  );

  it(
    'four eyes: a change manager cannot approve her own RFC by reaction or override (told privately), and the CCB ' +
      'still decides',
    async () => {
      const created = await slash('UMARIA', `new Replace the exam proxy ${RFC_FIELDS}`, /Created RFC-\d+/u);
      const key = /RFC-\d+/u.exec(created)![0];
      await slash('UMARIA', `submit ${key}`, /queued for the CCB \(5 members, quorum 3\)/u);
      const card = await s.slack.waitFor(
        () => s.slack.botMessages('CCCB').find((m) => m.text.startsWith(key)),
        5000,
        'the RFC card',
      );
      const told = s.slack.ephemerals('CCCB').length;
      await s.slack.reactionAdded('UMARIA', 'CCCB', card.ts, 'white_check_mark');
      await s.adapter.idle();
      expect(s.slack.ephemerals('CCCB').slice(told)).toEqual([
        expect.objectContaining({
          user: 'UMARIA',
          text: expect.stringContaining(`You requested ${key}, so you may not vote on it`),
        }),
      ]);
      await s.adapter.edits.flush();
      expect(card.text).toContain('✅ 0 approve · ❌ 0 reject');
      expect(await Vote.countDocuments({ ballotId: (await Ballot.findOne({ rfcKey: key }).lean())!._id })).toBe(0);

      // Her override, with zero votes cast, is refused privately; nothing changes.
      const refusals = s.slack.ephemerals('CCCB').length;
      await s.slack.slash('UMARIA', 'CCCB', '/rfc', `override ${key} approve the board could not meet`);
      await s.adapter.idle();
      const refusal = await s.slack.waitFor(
        () =>
          s.slack
            .ephemerals('CCCB')
            .slice(refusals)
            .find((m) => m.user === 'UMARIA'),
        5000,
        'the refusal',
      );
      expect(refusal.text).toContain(`You requested ${key}, so you may not override the vote on it`);
      expect((await Rfc.findOne({ key }).lean())?.state).toBe('proposed');
      expect((await Ballot.findOne({ rfcKey: key }).lean())?.open).toBe(true);

      // The board decides: three of its five other members approve (60%, whatever the last two vote).
      for (const u of ['UCARL', 'UCECILIE', 'UCHRIS']) {
        await s.slack.reactionAdded(u, 'CCCB', card.ts, '+1');
        await s.adapter.idle();
      }
      expect((await Rfc.findOne({ key }).lean())?.approval).toMatchObject({
        stage: 'approval',
        how: 'vote',
        approvers: ['carl', 'cecilie', 'chris'],
      });
    },
  );
});
