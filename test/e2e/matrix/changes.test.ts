/**
 * Change management on Matrix through a real Synapse and the real commands: `!rfc new` and
 * `!rfc submit` post the RFC card to the CCB room, three CCB members vote with `m.reaction`
 * annotations (skin tone and variation selector included), a redaction retracts one, and the
 * decision is edited into the card with `m.replace`. Then a pre-approved standard change is shipped
 * with `!deploy` to four real sshd targets: its progress is one message edited in place.
 */
import { createMatrixAdapter } from '../../../adapters/matrix/matrix-adapter';
import { createLogger } from '../../../src/core/log';
import { Rfc } from '../../../src/changes/rfc.model';
import { Ballot, Vote } from '../../../src/votes/ballot.model';
import { DEMO_TEMPLATE, type DeployTargets, openWindow, RFC_FIELDS, startDeployTargets } from '../change-fixture';
import { startSynapse, type SynapseServer, type SynapseUser } from '../../platforms/synapse';
import { startTestBot, testConfig, type TestBot } from '../../support/test-bot';
import { MatrixUser, messagesFrom, type RoomEvent, shownBody } from './matrix-user';

jest.setTimeout(90_000);

describe('change management on Matrix (Synapse)', () => {
  let hs: SynapseServer;
  let botAccount: SynapseUser;
  let rolf: MatrixUser;
  let ccb: Record<'carl' | 'cecilie' | 'chris', MatrixUser>;
  let opsRoom: string;
  let ccbRoom: string;
  let bot: TestBot;
  let targets: DeployTargets;

  const fromBot = (events: RoomEvent[]) => messagesFrom(events, botAccount.userId);

  /** Writes `text` in the operators' room as rolf and waits for the bot's answer containing `needle`. */
  async function command(text: string, needle: RegExp): Promise<string> {
    const before = fromBot(await rolf.messages(opsRoom)).length;
    await rolf.say(opsRoom, text);
    const answer = await rolf.waitFor(opsRoom, (ev) =>
      fromBot(ev)
        .slice(before)
        .find((e) => needle.test(String(e.content.body))),
    );
    return String(answer.content.body);
  }

  beforeAll(async () => {
    [hs, targets] = await Promise.all([startSynapse(), startDeployTargets(4)]);
    botAccount = await hs.register('opsdesk', { displayName: 'Opsdesk' });
    const user = async (name: string) => new MatrixUser(hs, await hs.register(name, { displayName: name }));
    rolf = await user('rolf');
    ccb = { carl: await user('carl'), cecilie: await user('cecilie'), chris: await user('chris') };
    opsRoom = await rolf.createRoom({ public: true, name: 'operators' });
    ccbRoom = await ccb.carl.createRoom({ public: true, name: 'ccb' });
    await ccb.cecilie.join(ccbRoom);
    await ccb.chris.join(ccbRoom);
    const overrides = {
      matrix: { enabled: true, homeserverUrl: hs.url, syncTimeoutMs: 1000, sendRetryMs: 60_000 },
      channels: { operators: { matrix: opsRoom }, ccb: { matrix: ccbRoom } },
      // A board of the three members on Synapse, so their votes decide.
      changes: {
        boards: { ccb: { channel: 'ccb', members: ['carl', 'cecilie', 'chris'] } },
        templates: [DEMO_TEMPLATE],
      },
      deploy: targets.deploy,
    };
    const adapter = createMatrixAdapter(
      testConfig(overrides),
      { MATRIX_ACCESS_TOKEN: botAccount.accessToken },
      silentLog(),
    );
    bot = await startTestBot({ config: overrides, adapters: [adapter], jobs: true });
    await targets.prepare(bot.services);
    targets.failOn('pc-04');
  }, 120_000);

  afterAll(async () => {
    await bot?.stop();
    await hs?.stop();
    await targets?.stop();
  });

  it(
    'posts the RFC card to the CCB room; reactions vote, a redaction retracts, the decision is edited into the ' +
      'card',
    async () => {
      const created = await command(`!rfc new Upgrade LibreOffice to 25.8 ${RFC_FIELDS}`, /Created RFC-\d+/u);
      const key = /RFC-\d+/u.exec(created)![0];
      await command(`!rfc submit ${key}`, /queued for the CCB \(3 members, quorum 3\)/u);
      const card = await ccb.carl.waitFor(ccbRoom, (ev) =>
        fromBot(ev).find((e) => String(e.content.body).startsWith(key)),
      );
      expect(card.content.formatted_body).toContain(
        `<h4>${key} Upgrade LibreOffice to 25.8 <code>VOTING: APPROVAL</code></h4>`,
      );

      /** The card as Element shows it once the edits so far have arrived. */
      const cardShows = (needle: string) =>
        ccb.carl.waitFor(ccbRoom, (ev) => shownBody(ev, card).includes(needle) && shownBody(ev, card));

      await ccb.carl.react(ccbRoom, card.event_id, '👍🏽');
      await cardShows('✅ 1 approve · ❌ 0 reject');
      const chrisNo = await ccb.chris.react(ccbRoom, card.event_id, '❌');
      await cardShows('✅ 1 approve · ❌ 1 reject');
      await ccb.chris.redact(ccbRoom, chrisNo);
      await cardShows('✅ 1 approve · ❌ 0 reject');
      const ballot = await Ballot.findOne({ rfcKey: key }).lean();
      expect(await Vote.find({ ballotId: ballot!._id }).distinct('personId')).toEqual(['carl']);
      expect((await Rfc.findOne({ key }).lean())?.state).toBe('proposed');

      // Cecilie approves (with a variation selector); the board's quorum is all three, so the vote
      // stays open until chris abstains (a gendered shrug), and then closes approved.
      await ccb.cecilie.react(ccbRoom, card.event_id, '✅️');
      await cardShows('✅ 2 approve · ❌ 0 reject · 🤷 0 abstain');
      expect((await Rfc.findOne({ key }).lean())?.state).toBe('proposed');
      await ccb.chris.react(ccbRoom, card.event_id, '🤷‍♂️');
      const decided = await cardShows('Decision: approved');
      expect(decided).toContain(`${key} Upgrade LibreOffice to 25.8 [APPROVED]`);
      expect(decided).toContain('✅ 2 approve · ❌ 0 reject · 🤷 1 abstain');
      expect((await Rfc.findOne({ key }).lean())?.state).toBe('approved');

      // One card: the tally and the decision arrived as m.replace edits of it, not as new messages.
      const events = await ccb.carl.messages(ccbRoom);
      expect(fromBot(events).filter((e) => String(e.content.body).startsWith(key))).toHaveLength(1);
      const edits = events.filter(
        (e) => e.sender === botAccount.userId && e.content['m.relates_to']?.rel_type === 'm.replace',
      );
      expect(edits.length).toBeGreaterThanOrEqual(5);
      expect(edits.every((e) => e.content['m.relates_to'].event_id === card.event_id)).toBe(true);
      expect(edits.at(-1)!.content['m.new_content'].formatted_body).toContain('<code>APPROVED</code>');

      // Catches: the card and its edits ("Not voted: carl") pinging members by the legacy display-name
      // rule. The card is an m.notice with m.mentions {}, its edits too: no member has a notification.
      expect(card.content.msgtype).toBe('m.notice');
      for (const member of Object.values(ccb)) {
        const fromTheBot = (await member.notifications()).filter(
          (n) => n.room_id === ccbRoom && n.event.sender === botAccount.userId,
        );
        expect(fromTheBot).toEqual([]);
      }
    },
  );

  it(
    "a moderator's redaction of a member's vote is recorded as removed by them, not the member's retraction, and " +
      'the member is told',
    async () => {
      const created = await command(`!rfc new Replace the projector driver ${RFC_FIELDS}`, /Created RFC-\d+/u);
      const key = /RFC-\d+/u.exec(created)![0];
      await command(`!rfc submit ${key}`, /queued for the CCB/u);
      const card = await ccb.carl.waitFor(ccbRoom, (ev) =>
        fromBot(ev).find((e) => String(e.content.body).startsWith(key)),
      );
      const cardShows = (needle: string) =>
        ccb.carl.waitFor(ccbRoom, (ev) => shownBody(ev, card).includes(needle) && shownBody(ev, card));
      const chrisNo = await ccb.chris.react(ccbRoom, card.event_id, '❌');
      await cardShows('✅ 0 approve · ❌ 1 reject');
      // Carl created the CCB room (power level 100): he may redact anyone's event, Chris's vote included.
      await ccb.carl.redact(ccbRoom, chrisNo);
      const dm = await ccb.chris.acceptInviteFrom(botAccount.userId);
      const notice = await ccb.chris.waitFor(dm, (ev) => fromBot(ev).find((e) => String(e.content.body).includes(key)));
      expect(String(notice.content.body)).toBe(
        `Your ❌ reaction on the ${key} card was removed by Carl Aas (${ccb.carl.id}). That is not your retraction: ` +
          `your vote still counts. To change it, react again on the card.`,
      );
      const ballot = await Ballot.findOne({ rfcKey: key }).lean();
      expect(await Vote.find({ ballotId: ballot!._id }).lean()).toEqual([
        expect.objectContaining({ personId: 'chris', choice: 'reject' }),
      ]);
      const audit = await bot.services.changes.auditLog(key);
      expect(audit.filter((e) => e.kind === 'retracted')).toEqual([]);
      // (Other notes, e.g. planning conflicts with the suite's earlier RFCs on the same hosts, may come first.)
      expect(audit.find((e) => e.kind === 'note' && /reaction removed/u.test(e.reason ?? ''))).toMatchObject({
        actorId: 'chris',
        reason: `reaction removed by Carl Aas (${ccb.carl.id}); not a retraction`,
      });
      // The card still counts Chris's vote; his own redaction of a new reaction still retracts.
      expect(shownBody(await ccb.carl.messages(ccbRoom), card)).toContain('❌ 1 reject');
      const chrisYes = await ccb.chris.react(ccbRoom, card.event_id, '✅');
      await cardShows('✅ 1 approve · ❌ 0 reject');
      await ccb.chris.redact(ccbRoom, chrisYes);
      await cardShows('✅ 0 approve · ❌ 0 reject');
    },
  );

  it(
    'ships a standard change with !deploy: its progress is one message edited in place until the ' + 'summary',
    async () => {
      // Complete on creation (the template plus the window), a standard change is scheduled at once.
      const created = await command(
        `!rfc new --template demo-package ${openWindow(bot.services.config.organisation.timezone)}`,
        /Created RFC-\d+[\s\S]*pre-approved standard change: scheduled/u,
      );
      const key = /RFC-\d+/u.exec(created)![0];
      const label = new RegExp(`^Deployment D-\\d+ of ${key}: demo 1\\.0`, 'u');
      await rolf.say(opsRoom, `!deploy ${key} to pilot`);
      const progress = await rolf.waitFor(opsRoom, (ev) => fromBot(ev).find((e) => label.test(String(e.content.body))));
      const summary = await rolf.waitFor(
        opsRoom,
        (ev) => shownBody(ev, progress).includes('done: 4/4 done') && shownBody(ev, progress),
        30_000,
      );
      expect(summary).toContain('done: 4/4 done, 3 succeeded, 1 failed');
      // The card is the message: the chase list once, as the card's section.
      expect(summary).toContain('Chase list (1)\n• pc-04: failed (exit code 3)');

      const events = await rolf.messages(opsRoom);
      // One progress message; every later state is an m.replace of it, some of them mid-way.
      expect(fromBot(events).filter((e) => label.test(String(e.content.body)))).toHaveLength(1);
      const edits = events.filter(
        (e) =>
          e.sender === botAccount.userId &&
          e.content['m.relates_to']?.rel_type === 'm.replace' &&
          e.content['m.relates_to'].event_id === progress.event_id,
      );
      expect(edits.length).toBeGreaterThanOrEqual(2);
      expect(edits.some((e) => /— [0-3]\/4 done/u.test(String(e.content['m.new_content'].body)))).toBe(true);
      expect(edits.at(-1)!.content['m.new_content'].formatted_body).toContain('<code>DONE</code>');
      // Notable events go to the thread the progress message lives in.
      // (The runner posts "Finished." after the summary's edit: wait for it rather than read at once.)
      const root = progress.content['m.relates_to']?.event_id ?? progress.event_id;
      const inThread = (ev: RoomEvent[]) =>
        fromBot(ev).filter(
          (e) => e.content['m.relates_to']?.rel_type === 'm.thread' && e.content['m.relates_to'].event_id === root,
        );
      await rolf.waitFor(opsRoom, (ev) => inThread(ev).some((e) => String(e.content.body).startsWith('Finished.')));
    },
  );
});

/** The adapter is built before the test bot (which makes its own logger): it logs to nowhere. */
function silentLog() {
  return createLogger({ level: 'warn', destination: { write: () => true } as never });
}
