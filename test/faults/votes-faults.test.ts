/**
 * CCB votes under faults. The bot is a real process taking Slack's Events API over HTTP; RFC cards
 * are posted by `/rfc submit`; the six CCB members react on them (several emoji for one choice,
 * skin tones, every delivery repeated as Slack's retries do). The process is SIGKILLed in the middle
 * of the storm, and later the database server is restarted in the middle of another.
 *
 * After each: every RFC was decided once (approved: the vote closes as soon as the outcome cannot
 * change, in any delivery order), the requester was told once, no member counts twice, a reaction
 * acknowledged to Slack is counted or its voter was told why not (the vote had closed, or "try
 * again"), and the card shows the tally the database holds.
 */
import mongoose from 'mongoose';
import { ChangeAudit } from '../../src/changes/change-audit.model';
import { Rfc } from '../../src/changes/rfc.model';
import { pendingDeliveries } from '../support/receipts';
import { Ballot, Vote } from '../../src/votes/ballot.model';
import { RFC_FIELDS } from '../e2e/change-fixture';
import { until } from '../integration/deploy/deploy-fixture';
import { type EventCallback, eventCallback, reactionEvent } from '../platforms/slack/payloads';
import type { SlackEmulator } from '../platforms/slack/slack-emulator';
import type { StoredMessage } from '../platforms/slack/workspace';
import { type BotOnOwnDatabase, startBotOnOwnDatabase } from './bot-fleet';
import { type BotProcess, sleep } from './bot-process';
import type { OwnDatabase } from './own-database';
import { ReadinessSupervisor } from './readiness-supervisor';
import { acknowledged, type Answer, burst, deliverUntilAcknowledged } from './slack-side';

/** Each card's reactions: who, which emoji, what it counts as. Cecilie reacts twice for one approval. */
const REACTIONS: { user: string; member: string; emoji: string; choice: 'approve' | 'reject' | 'abstain' }[] = [
  { user: 'UCARL', member: 'carl', emoji: '+1', choice: 'approve' },
  { user: 'UCONRAD', member: 'conrad', emoji: 'x', choice: 'reject' },
  { user: 'UCECILIE', member: 'cecilie', emoji: 'white_check_mark', choice: 'approve' },
  { user: 'UMARIA', member: 'maria', emoji: 'shrug', choice: 'abstain' },
  { user: 'UCECILIE', member: 'cecilie', emoji: '+1::skin-tone-2', choice: 'approve' },
  { user: 'UCHRIS', member: 'chris', emoji: 'heavy_check_mark', choice: 'approve' },
  { user: 'UCAMILLA', member: 'camilla', emoji: '+1::skin-tone-5', choice: 'approve' },
];
const CARDS = 4;

interface Card {
  key: string;
  message: StoredMessage;
  events: EventCallback[];
}

describe('CCB votes under faults', () => {
  let slack: SlackEmulator;
  let bot: BotProcess;
  let db: OwnDatabase;
  let uri: string;
  let world: BotOnOwnDatabase | undefined;

  beforeAll(async () => {
    world = await startBotOnOwnDatabase('votefaults');
    ({ slack, db, bot, uri } = world);
    slack.useHttp(bot.eventsUrl);
    await mongoose.connect(uri, { serverSelectionTimeoutMS: 10_000 });
  }, 90_000);

  afterAll(async () => {
    await world?.stop();
    await mongoose.disconnect();
  }, 60_000);

  /** `/rfc new` and `/rfc submit` by Rolf: the card in #ccb, and the reactions on it (as events, not yet delivered). */
  async function submittedCard(title: string): Promise<Card> {
    await slack.slash('UROLF', 'COPS', '/rfc', `new ${title} ${RFC_FIELDS}`);
    const rfc = await until(`the RFC "${title}"`, async () => Rfc.findOne({ title }).lean(), 15_000);
    await slack.slash('UROLF', 'COPS', '/rfc', `submit ${rfc.key}`);
    const message = await slack.waitFor(
      () => slack.botMessages('CCCB').find((m) => m.text.startsWith(`${rfc.key} `)),
      15_000,
      `the ${rfc.key} card`,
    );
    const events = REACTIONS.map((r) => {
      const who = message.reactions.get(r.emoji) ?? new Set<string>();
      message.reactions.set(r.emoji, who.add(r.user));
      return eventCallback(
        slack.appContext(),
        reactionEvent('added', r.user, r.emoji, message, slack.ws.nextTs()),
        slack.ws.newId('Ev'),
      );
    });
    return { key: rfc.key, message, events };
  }

  async function submittedCards(prefix: string): Promise<Card[]> {
    const cards: Card[] = [];
    for (let i = 0; i < CARDS; i++)
      cards.push(await submittedCard(`${prefix} ${i + 1}: upgrade LibreOffice on the lab PCs`));
    return cards;
  }

  /** The storm's events interleaved card by card, so every card is mid-vote when the fault strikes. */
  const interleaved = (cards: Card[]) => REACTIONS.flatMap((_, i) => cards.map((c) => c.events[i]));

  /** Whether a member got a "something went wrong … try again" notice in #ccb. */
  function toldToRetry(userId: string): boolean {
    return slack.ephemerals('CCCB').some((e) => e.user === userId && e.text.includes('something went wrong'));
  }

  async function expectDecidedOnce(cards: Card[], acknowledgedEvents: Set<string>): Promise<void> {
    // Acknowledged once stored: let what is stored be handled (taken over from a killed process
    // once its heartbeat is stale). A receipt whose 'done' was lost in a database outage stays
    // 'handling' while its process lives, hence the bound.
    const eventIds = cards.flatMap((c) => c.events.map((e) => e.event_id));
    await until(
      'the stored reactions handled',
      async () => (await pendingDeliveries(undefined, eventIds)) === 0,
      30_000,
    ).catch(() => undefined);
    for (const card of cards) {
      const ballot = await until(`the ${card.key} vote to close`, async () => {
        const b = await Ballot.findOne({ rfcKey: card.key, kind: 'approval' }).lean();
        return b && !b.open ? b : undefined;
      });
      expect({ rfc: card.key, decision: ballot.decision }).toEqual({ rfc: card.key, decision: 'approved' });
      // Reactions are acknowledged once stored and handled after: the RFC follows its ballot soon after.
      await until(
        `${card.key} approved`,
        async () => (await Rfc.findOne({ key: card.key }).lean())?.state === 'approved',
        15_000,
      );
      // Decided once: one transition to approved in the audit log, one DM to the requester.
      expect(await ChangeAudit.countDocuments({ rfcKey: card.key, kind: 'transition', to: 'approved' })).toBe(1);
      await slack.waitFor(
        () => slack.botMessages(slack.dmChannel('UROLF')).some((m) => m.text.includes(`vote on ${card.key} is closed`)),
        15_000,
        `the ${card.key} decision DM`,
      );
      const dms = slack
        .botMessages(slack.dmChannel('UROLF'))
        .filter((m) => m.text.includes(`vote on ${card.key} is closed`));
      expect({ rfc: card.key, dms: dms.length }).toEqual({ rfc: card.key, dms: 1 });

      // One vote per member at most, each the choice the member reacted with; enough to settle it.
      const votes = await Vote.find({ ballotId: ballot._id }).lean();
      const members = votes.map((v) => v.personId).sort();
      expect(new Set(members).size).toBe(members.length);
      expect(votes.filter((v) => v.choice === 'approve').length).toBeGreaterThanOrEqual(3);
      for (const v of votes)
        expect({ member: v.personId, choice: v.choice }).toEqual({
          member: v.personId,
          choice: REACTIONS.find((r) => r.member === v.personId)!.choice,
        });
      // A reaction Slack saw acknowledged is counted, closed out by the decision, or its voter was told to retry.
      for (const [i, r] of REACTIONS.entries()) {
        if (!acknowledgedEvents.has(card.events[i].event_id) || members.includes(r.member)) continue;
        const lateForClosedVote = slack
          .ephemerals('CCCB')
          .some((e) => e.user === r.user && e.text.includes(`The approval vote on ${card.key} is closed`));
        expect({ rfc: card.key, member: r.member, countedOrTold: lateForClosedVote || toldToRetry(r.user) }).toEqual({
          rfc: card.key,
          member: r.member,
          countedOrTold: true,
        });
      }
      // The card shows what the database holds, and the decision.
      const count = (c: string) => votes.filter((v) => v.choice === c).length;
      const tally = `✅ ${count('approve')} approve · ❌ ${count('reject')} reject · 🤷 ${count('abstain')} abstain`;
      await slack.waitFor(
        () => card.message.text.includes(tally) && card.message.text.includes('Decision: approved'),
        15_000,
        `the ${card.key} card to show ${tally} and the decision (it shows: ${card.message.text.slice(0, 300)})`,
      );
    }
  }

  /** With OPSDESK_FAULTS_REPORT set: what the fault did (votes counted, late, told to retry). */
  function report(fault: string, extra: Record<string, unknown>): void {
    if (!process.env.OPSDESK_FAULTS_REPORT) return;
    const notices = slack.ephemerals('CCCB');
    const retry = notices.filter((e) => e.text.includes('something went wrong')).length;
    const late = notices.filter((e) => e.text.includes('is closed')).length;
    console.log(JSON.stringify({ fault, retry, late, ...extra }));
  }

  it(
    'SIGKILL in the middle of a vote storm: each RFC decided once, no vote counted twice, none acknowledged ' + 'lost',
    async () => {
      const cards = await submittedCards('Kill');
      const events = interleaved(cards);
      const acked = new Set<string>();
      let killed: Promise<void> | undefined;
      // First delivery of every reaction, four at a time; the process dies after the sixth acknowledgement.
      await burst(slack, bot.eventsUrl, events, {
        parallel: 4,
        onAnswer: (a: Answer, body) => {
          if (!acknowledged(a)) return;
          acked.add(body.event_id);
          if (acked.size === 6) killed ??= bot.kill('SIGKILL');
        },
      });
      await killed;
      expect(acked.size).toBeLessThan(events.length);
      await bot.start();
      // Slack redelivers what was not acknowledged, and (retries crossing the crash) some of what was.
      const retried = await deliverUntilAcknowledged(slack, bot.eventsUrl, events, {
        attempts: 20,
        pauseMs: 1000,
        parallel: 4,
        onAnswer: (a, b) => acknowledged(a) && acked.add(b.event_id),
      });
      expect(retried.unacknowledged).toEqual([]);
      await expectDecidedOnce(cards, acked);
      report('sigkill', {});
    },
    180_000,
  );

  it(
    'the database restarted in the middle of a vote storm: each RFC decided once, no vote counted twice, none ' +
      'acknowledged lost',
    async () => {
      const cards = await submittedCards('Restart');
      const events = interleaved(cards);
      const acked = new Set<string>();
      const ackTimes: number[] = [];
      // One reaction every 300 ms (the server takes a few seconds to stop), each redelivered until acknowledged
      // (Slack's
      // retries).
      const storm = Promise.all(
        events.map((body, i) =>
          sleep(i * 300).then(() =>
            deliverUntilAcknowledged(slack, bot.eventsUrl, [body], {
              attempts: 120,
              pauseMs: 500,
              parallel: 1,
              onAnswer: (a, b) => {
                if (!acknowledged(a)) return;
                acked.add(b.event_id);
                ackTimes.push(Date.now());
              },
            }),
          ),
        ),
      ).then((all) => all.flatMap((r) => r.unacknowledged));
      await sleep(700);
      await mongoose.disconnect();
      await db.down();
      const acksBeforeOutage = ackTimes.length;
      await sleep(2000);
      await db.up();
      const backAt = Date.now();
      const supervisor = new ReadinessSupervisor(bot);
      const unacknowledged = await Promise.race([storm, sleep(120_000).then(() => ['(the storm did not finish)'])]);
      await supervisor.stop();
      expect(unacknowledged).toEqual([]);
      // The storm really crossed the outage: votes acknowledged before it, and after it.
      expect(acksBeforeOutage).toBeGreaterThan(0);
      expect(ackTimes.filter((t) => t >= backAt).length).toBeGreaterThan(0);
      await mongoose.connect(uri, { serverSelectionTimeoutMS: 10_000 });
      await expectDecidedOnce(cards, acked);
      report('db-restart', { acksBeforeOutage, restarts: supervisor.restarts });
    },
    240_000,
  );
});
