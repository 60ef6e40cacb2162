/**
 * Matrix as Element users expect it, through the whole bot and a real Synapse, driven like a
 * client: Element pills (display name in `body`, the id in `formatted_body` and `m.mentions`) name
 * people in commands; the bot's messages are `m.notice` with the card once; answers stay where the
 * question was asked; only a room of the bot and one person is a DM; a DM its person left is left.
 */
import { ManualClock } from '../../../src/core/clock';
import { Ticket } from '../../../src/tickets/ticket.model';
import { startSynapse, type SynapseServer, type SynapseUser } from '../../platforms/synapse';
import type { TestBot } from '../../support/test-bot';
import { startMatrixBot } from './matrix-bot';
import { MatrixUser, messagesFrom, type RoomEvent, waitForJoin } from './matrix-user';

jest.setTimeout(90_000);

const pill = (id: string, name: string) => `<a href="https://matrix.to/#/${id}">${name}</a>`;

describe('Matrix (Synapse): mentions, layout and rooms', () => {
  let hs: SynapseServer;
  let botAccount: SynapseUser;
  let anna: MatrixUser;
  let oscar: MatrixUser;
  let petra: MatrixUser;
  let opsRoom: string;
  let annaDm: string;
  let bot: TestBot;
  let key = '';
  let petraDm = '';
  const clock = new ManualClock(new Date());

  const fromBot = (events: RoomEvent[]) => messagesFrom(events, botAccount.userId);
  const botCount = async (who: MatrixUser, room: string) => fromBot(await who.messages(room)).length;
  const botSaid = (who: MatrixUser, room: string, needle: string, after = 0) =>
    who.waitFor(room, (ev) =>
      fromBot(ev)
        .slice(after)
        .find((e) => String(e.content.body).includes(needle)),
    );
  /** What Element sends for a message with a pill of `user` shown as `name`. */
  const withPill = (before: string, user: MatrixUser, name: string, after: string) => ({
    body: `${before}${name}${after}`,
    format: 'org.matrix.custom.html',
    formatted_body: `${before}${pill(user.id, name)}${after}`,
    'm.mentions': { user_ids: [user.id] },
  });

  beforeAll(async () => {
    hs = await startSynapse();
    botAccount = await hs.register('opsdesk', { displayName: 'Opsdesk' });
    anna = new MatrixUser(hs, await hs.register('anna', { displayName: 'Anna' }));
    oscar = new MatrixUser(hs, await hs.register('oscar', { displayName: 'Oscar Nilsen' }));
    petra = new MatrixUser(hs, await hs.register('petra', { displayName: 'Petra Holm' }));
    opsRoom = await oscar.createRoom({ public: true, name: 'operators' });
    await petra.join(opsRoom);
    const config = {
      matrix: { enabled: true, homeserverUrl: hs.url, syncTimeoutMs: 1000, sendRetryMs: 60_000 },
      channels: { operators: { matrix: opsRoom } },
    };
    bot = await startMatrixBot(config, botAccount, { clock });
    annaDm = await anna.createRoom({ invite: [botAccount.userId], direct: true });
    await anna.say(annaDm, 'the printer in room 12 prints nothing');
    const receipt = await botSaid(anna, annaDm, 'Logged as');
    key = /INC-\d+/u.exec(String(receipt.content.body))![0];
  }, 120_000);

  afterAll(async () => {
    await bot?.stop();
    await hs?.stop();
  });

  // Catches: Slack-style markup in the body, m.text instead of m.notice, the receipt's hint twice.
  it('sends the receipt as an m.notice whose plain body shows the card once', async () => {
    const receipt = fromBot(await anna.messages(annaDm)).find((e) => String(e.content.body).includes('Logged as'))!;
    expect(receipt.content.msgtype).toBe('m.notice');
    const body = String(receipt.content.body);
    expect(body).toMatch(new RegExp(`^Logged as ${key} \\(`, 'u'));
    expect(body).not.toMatch(/[*`]/u);
    expect(body.match(/add details/gu)).toHaveLength(1);
    expect(body.split(key).length - 1).toBe(3); // the first line, the card's title and its footer
    expect(receipt.content.formatted_body).toContain(`<p>Logged as <b>${key}</b>`);
    expect(receipt.content['m.relates_to']).toBeUndefined(); // a top-level report: a top-level answer
  });

  // Catches: `!ticket list` listing each case twice (text, then card).
  it('lists cases once, answering a top-level command at top level', async () => {
    const before = await botCount(oscar, opsRoom);
    const command = await oscar.say(opsRoom, '!ticket list');
    const list = await botSaid(oscar, opsRoom, 'case', before);
    expect(String(list.content.body).split(key).length - 1).toBe(1);
    expect(String(list.content.formatted_body).split(key).length - 1).toBe(1);
    expect(list.content.msgtype).toBe('m.notice');
    expect(list.content['m.relates_to']).toEqual({ 'm.in_reply_to': { event_id: command } });
  });

  // Catches: Element pills ignored in commands (only a typed @petra:localhost worked), so Petra was
  // never assigned or told of a comment that named her.
  it('reads an Element pill as the person in assign and comment, and the comment reaches Petra', async () => {
    const before = await botCount(oscar, opsRoom);
    await oscar.send(opsRoom, 'm.room.message', {
      msgtype: 'm.text',
      ...withPill(`!ticket assign ${key} `, petra, 'Petra Holm', ''),
    });
    await botSaid(oscar, opsRoom, `${key} is assigned to Petra Holm`, before);
    expect((await Ticket.findOne({ key }).lean())?.assigneeId).toBe('petra');
    petraDm = await petra.acceptInviteFrom(botAccount.userId);
    await botSaid(petra, petraDm, `assigned ${key} to you`);

    const petraBefore = await botCount(petra, petraDm);
    await oscar.send(opsRoom, 'm.room.message', {
      msgtype: 'm.text',
      ...withPill(`!ticket comment ${key} `, petra, 'Petra Holm', ' can you check the fuser?'),
    });
    const added = await botSaid(oscar, opsRoom, `Comment added to ${key}`, before);
    expect(String(added.content.body)).toContain('sent to Petra Holm');
    const told = await botSaid(petra, petraDm, 'can you check the fuser?', petraBefore);
    expect(String(told.content.body)).toMatch(new RegExp(`^Oscar Nilsen on ${key} `, 'u'));
  });

  // Catches: DMs naming their reader in m.mentions (every receipt, "assigned to you" and each edit a
  // highlight), the assignment line in #operators pinging Petra, and the opposite: a deliberate
  // mention (the SLA breach naming the assignee) sent as an m.notice, which the homeserver's
  // suppress_notices rule silences before the mention rule is read, so it reached nobody.
  it('pings nobody from DMs or ordinary lines, and the assignee exactly once where she is named on purpose', async () => {
    const receipt = fromBot(await anna.messages(annaDm)).find((e) => String(e.content.body).includes('Logged as'))!;
    expect(receipt.content['m.mentions']).toEqual({});
    const assigned = await botSaid(petra, petraDm, `assigned ${key} to you`);
    expect(assigned.content['m.mentions']).toEqual({});
    expect(assigned.content.msgtype).toBe('m.notice');
    const line = await botSaid(oscar, opsRoom, `${key} is assigned to Petra Holm`);
    expect(line.content['m.mentions']).toEqual({});

    // Two weeks later the case has missed its targets: the breach goes to #operators naming Petra.
    clock.set(new Date(Date.now() + 14 * 24 * 3600_000));
    const opsBefore = await botCount(oscar, opsRoom);
    await bot.services.sla.check();
    const breach = await botSaid(oscar, opsRoom, `SLA breach: ${key}`, opsBefore);
    expect(String(breach.content.body)).toContain('Assignee: Petra Holm.');
    expect(breach.content['m.mentions']).toEqual({ user_ids: [petra.id] });
    expect(breach.content.msgtype).toBe('m.text'); // an m.notice would be silenced
    expect(String(breach.content.formatted_body)).toContain(pill(petra.id, 'Petra Holm'));

    const highlightsFromBot = async (who: MatrixUser) =>
      (await who.notifications()).filter(
        (n) =>
          n.event.sender === botAccount.userId &&
          n.actions.some((a) => a?.set_tweak === 'highlight' && a.value !== false),
      );
    let petraHighlights = await highlightsFromBot(petra);
    for (let i = 0; petraHighlights.length === 0 && i < 50; i++) {
      await new Promise((d) => setTimeout(d, 200));
      petraHighlights = await highlightsFromBot(petra);
    }
    expect(petraHighlights.map((n) => n.event.event_id)).toEqual([breach.event_id]);
    expect(await highlightsFromBot(anna)).toEqual([]);
    expect(await highlightsFromBot(oscar)).toEqual([]);
    // Nor any other message from the bot notified anyone (the DM's invite does, as it should).
    const notified = [...(await petra.notifications()), ...(await anna.notifications())].filter(
      (n) => n.event.sender === botAccount.userId && n.event.type !== 'm.room.member',
    );
    expect(notified.map((n) => n.event.event_id)).toEqual([breach.event_id]);
  });

  // Catches: receipts posted as rich replies at top level in a room where people talk in threads,
  // so the case's conversation (which Element users carry on in the thread) has no thread to go to.
  it('threads the receipt on a top-level report once the room is seen to use threads', async () => {
    const dm = await anna.createRoom({ invite: [botAccount.userId], direct: true });
    await waitForJoin(anna, dm, botAccount.userId);
    await anna.say(dm, 'the scanner in the library jams');
    const receiptA = await botSaid(anna, dm, 'Logged as');
    expect(receiptA.content['m.relates_to']).toBeUndefined(); // no threads yet: a flat DM's answer
    const keyA = /INC-\d+/u.exec(String(receiptA.content.body))![0];
    await anna.sayInThread(dm, receiptA.event_id, 'only on double-sided pages');
    const added = await botSaid(anna, dm, `Added to ${keyA}`);
    expect(added.content['m.relates_to']).toMatchObject({ rel_type: 'm.thread', event_id: receiptA.event_id });

    // Anna has written in a thread here: the room uses threads. A top-level report gets its receipt
    // in a thread on the report, and her reply there goes onto that case.
    const before = await botCount(anna, dm);
    const second = await anna.say(dm, 'the projector in room 5 is dead');
    const receiptB = await botSaid(anna, dm, 'Logged as', before);
    expect(receiptB.content['m.relates_to']).toMatchObject({ rel_type: 'm.thread', event_id: second });
    const keyB = /INC-\d+/u.exec(String(receiptB.content.body))![0];
    await anna.sayInThread(dm, second, 'the lamp light is orange');
    const addedB = await botSaid(anna, dm, `Added to ${keyB}`, before);
    expect(addedB.content['m.relates_to']).toMatchObject({ rel_type: 'm.thread', event_id: second });
    const t = await Ticket.findOne({ key: keyB }).lean();
    expect(t!.events.map((e) => e.note)).toContain('the lamp light is orange');
  });

  // Catches: a room flagged is_direct with the bot and two people taken for a DM ("are you coming
  // to the staff meeting?" became a case).
  it('does not take a direct room of three for a DM: only mentions and commands are answered', async () => {
    const cases = await Ticket.countDocuments();
    const room = await anna.createRoom({ invite: [botAccount.userId, petra.id], direct: true });
    await petra.join(room);
    await waitForJoin(anna, room, botAccount.userId);
    await anna.say(room, 'are you coming to the staff meeting?');
    const help = await anna.say(room, '!ticket list mine');
    const answer = await anna.waitFor(room, (ev) => fromBot(ev).find((e) => e.content['m.relates_to']));
    expect(answer.content['m.relates_to']).toEqual({ 'm.in_reply_to': { event_id: help } });
    expect(fromBot(await anna.messages(room))).toHaveLength(1); // the chat line got no answer
    expect(await Ticket.countDocuments()).toBe(cases);
  });

  // Catches: the bot staying alone in a DM whose person left.
  it('leaves a DM whose person left', async () => {
    const dm = await anna.createRoom({ invite: [botAccount.userId], direct: true });
    await waitForJoin(anna, dm, botAccount.userId);
    await hs.request('POST', `/_matrix/client/v3/rooms/${encodeURIComponent(dm)}/leave`, {}, anna.user.accessToken);
    const joined = async () =>
      (
        (await hs.request('GET', '/_matrix/client/v3/joined_rooms', undefined, botAccount.accessToken)) as {
          joined_rooms: string[];
        }
      ).joined_rooms;
    for (let i = 0; (await joined()).includes(dm); i++) {
      if (i > 100) throw new Error('the bot stayed in the DM its person left');
      await new Promise((d) => setTimeout(d, 200));
    }
    expect(await joined()).not.toContain(dm);
    expect(await joined()).toContain(annaDm);
  });
});
