/**
 * The whole bot (real runtime, commands, domain, test database) on Matrix through a real Synapse:
 * the service-desk flow in a DM, operators' `!` commands in a room, restarts of the bot and of
 * Synapse.
 */
import { createMatrixAdapter, type MatrixAdapter } from '../../../adapters/matrix/matrix-adapter';
import { createLogger } from '../../../src/core/log';
import { Ticket } from '../../../src/tickets/ticket.model';
import { startSynapse, type SynapseServer, type SynapseUser } from '../../platforms/synapse';
import { startTestBot, testConfig, type TestBot } from '../../support/test-bot';
import { MatrixUser, messagesFrom, type RoomEvent } from './matrix-user';

jest.setTimeout(90_000);

describe('opsdesk on Matrix (Synapse)', () => {
  let hs: SynapseServer;
  let botAccount: SynapseUser;
  let anna: MatrixUser;
  let oscar: MatrixUser;
  let opsRoom: string;
  let annaDm: string;
  let bot: TestBot;
  let adapter: MatrixAdapter;

  const overrides = () => ({
    matrix: { enabled: true, homeserverUrl: hs.url, syncTimeoutMs: 1000, sendRetryMs: 60_000 },
    channels: { operators: { matrix: opsRoom } },
  });

  async function startBot(mongoUri?: string): Promise<void> {
    adapter = createMatrixAdapter(
      testConfig(overrides()),
      { MATRIX_ACCESS_TOKEN: botAccount.accessToken },
      silentLog(),
    );
    bot = await startTestBot({ config: overrides(), adapters: [adapter], mongoUri });
  }

  const fromBot = (events: RoomEvent[]) => messagesFrom(events, botAccount.userId);
  const botSaid = (room: string, needle: string, after = 0) =>
    anna.waitFor(room, (ev) =>
      fromBot(ev)
        .slice(after)
        .find((e) => String(e.content.body).includes(needle)),
    );

  beforeAll(async () => {
    hs = await startSynapse();
    botAccount = await hs.register('opsdesk', { displayName: 'Opsdesk' });
    anna = new MatrixUser(hs, await hs.register('anna', { displayName: 'Anna' }));
    oscar = new MatrixUser(hs, await hs.register('oscar', { displayName: 'Oscar' }));
    opsRoom = await oscar.createRoom({ public: true, name: 'operators' });
    await startBot();
  }, 120_000);

  afterAll(async () => {
    await bot?.stop();
    await hs?.stop();
  });

  let caseKey = '';

  it("turns a teacher's DM into a case and names it in the reply", async () => {
    expect(anna.id).toBe('@anna:localhost'); // the fixture's Matrix identity of anna
    annaDm = await anna.createRoom({ invite: [botAccount.userId], direct: true });
    const report = await anna.say(annaDm, 'the printer in room 12 prints nothing');
    const receipt = await botSaid(annaDm, 'Logged as');
    caseKey = /INC-\d+/u.exec(String(receipt.content.body))![0];
    expect(receipt.content.formatted_body).toContain(
      `<h4>${caseKey} the printer in room 12 prints nothing <code>NEW</code></h4>`,
    );
    const t = await Ticket.findOne({ key: caseKey }).lean();
    expect(t).toMatchObject({
      reporterId: 'anna',
      status: 'new',
      conversation: { platform: 'matrix', channel: annaDm, direct: true },
    });
    expect(t!.threadIds).toContain(`matrix|${annaDm}|${report}`);
  });

  it("turns a thread reply to the bot's receipt into a comment", async () => {
    const receipt = fromBot(await anna.messages(annaDm)).find((e) => String(e.content.body).includes('Logged as'))!;
    const before = fromBot(await anna.messages(annaDm)).length;
    await anna.sayInThread(annaDm, receipt.event_id, 'paper tray refilled, still nothing');
    const ack = await botSaid(annaDm, `Added to ${caseKey}`, before);
    // Answered in the thread it was asked in.
    expect(ack.content['m.relates_to']).toMatchObject({ rel_type: 'm.thread', event_id: receipt.event_id });
    const t = await Ticket.findOne({ key: caseKey }).lean();
    expect(t!.events.filter((e) => e.kind === 'comment').map((e) => e.note)).toContain(
      'paper tray refilled, still nothing',
    );
  });

  it('lets an operator act with ! commands in a room and tells the reporter in her DM', async () => {
    const before = fromBot(await anna.messages(annaDm)).length;
    const command = await oscar.say(opsRoom, `!ticket resolve ${caseKey} replaced the fuser`);
    const answer = await oscar.waitFor(opsRoom, (ev) =>
      fromBot(ev).find((e) => String(e.content.body).includes(caseKey)),
    );
    // Answered where it was asked: at top level, as a rich reply to the command.
    expect(answer.content['m.relates_to']).toEqual({ 'm.in_reply_to': { event_id: command } });
    const told = await botSaid(annaDm, 'resolved', before);
    expect(String(told.content.body)).toContain(caseKey);
    expect((await Ticket.findOne({ key: caseKey }).lean())!.status).toBe('resolved');
  });

  it('after a restart of the bot answers what was written while it was down, once, and nothing older', async () => {
    const answeredBefore = fromBot(await anna.messages(annaDm)).length;
    await bot.stop({ keepDb: true });
    await anna.say(annaDm, 'the projector in room 3 shows no picture');
    await startBot(bot.mongoUri);
    const receipt = await botSaid(annaDm, 'Logged as', answeredBefore);
    expect(String(receipt.content.body)).not.toContain(caseKey);
    const marker = await anna.say(annaDm, `${caseKey} thanks, works now`);
    await botSaid(annaDm, `Added to ${caseKey}`, answeredBefore);
    // Exactly two new answers: the new case and the comment; the old report and thread reply were not answered again.
    const after = fromBot(await anna.messages(annaDm)).slice(answeredBefore);
    expect(after.map((e) => String(e.content.body).split(/[.\n]/u)[0])).toEqual([
      expect.stringMatching(/^Logged as INC-\d+ /u),
      `Added to ${caseKey}`,
    ]);
    expect(await Ticket.countDocuments({})).toBe(2);
    expect(marker).toBeTruthy();
  });

  it('survives a Synapse restart: what the bot posts during it and what people write after it arrive', async () => {
    await hs.halt();
    const during = bot.services.outbound.post(
      bot.services.outbound.channel('operators').find((c) => c.platform === 'matrix')!,
      'posted during the outage',
    );
    await new Promise((d) => setTimeout(d, 1000));
    await hs.resume();
    // Written as soon as Synapse is back, before the bot's sync has recovered.
    const before = fromBot(await anna.messages(annaDm)).length;
    await anna.say(annaDm, 'the wifi in the library drops every few minutes');
    const ref = await during;
    await oscar.waitFor(opsRoom, (ev) => ev.find((e) => e.event_id === ref.messageId));
    await botSaid(annaDm, 'Logged as', before);
    expect(await Ticket.countDocuments({})).toBe(3);
    expect(adapter.isReady()).toBe(true);
  });
});

/** The adapter is built before the test bot (which makes its own logger): it logs to nowhere. */
function silentLog() {
  return createLogger({ level: 'warn', destination: { write: () => true } as never });
}
