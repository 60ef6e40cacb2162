/**
 * Stray input and a burst through the real Matrix adapter, the whole bot and a real Synapse: a
 * picture sent without a caption is answered with a request for a sentence (before: media were not
 * read at all, so no answer), one with a caption (Matrix 1.10: `filename` plus `body`) is logged
 * with its mxc:// link; a lone `!` is answered as no command; a burst of 15 messages from one
 * person makes 2 cases of 4 messages (limits below), and the person hears 5 things.
 */
import { createMatrixAdapter } from '../../../adapters/matrix/matrix-adapter';
import { ManualClock } from '../../../src/core/clock';
import { createLogger } from '../../../src/core/log';
import { Ticket, type TicketDoc } from '../../../src/tickets/ticket.model';
import { startSynapse, type SynapseServer, type SynapseUser } from '../../platforms/synapse';
import { startTestBot, testConfig, type TestBot } from '../../support/test-bot';
import { MatrixUser, messagesFrom, type RoomEvent } from './matrix-user';

jest.setTimeout(120_000);

describe('stray input and a burst (Synapse)', () => {
  let hs: SynapseServer;
  let botAccount: SynapseUser;
  let anna: MatrixUser;
  let bjorn: MatrixUser;
  let annaDm: string;
  let bjornDm: string;
  let bot: TestBot;

  const fromBot = (events: RoomEvent[]) => messagesFrom(events, botAccount.userId);
  const botSays = async (user: MatrixUser, room: string, after: number, count = 1) =>
    (await user.waitFor(room, (ev) => fromBot(ev).length >= after + count && fromBot(ev).slice(after), 30_000)).map(
      (e) => String(e.content.body),
    );
  const botCount = async (user: MatrixUser, room: string) => fromBot(await user.messages(room)).length;

  beforeAll(async () => {
    hs = await startSynapse();
    botAccount = await hs.register('opsdesk', { displayName: 'Opsdesk' });
    anna = new MatrixUser(hs, await hs.register('anna', { displayName: 'Anna' }));
    bjorn = new MatrixUser(hs, await hs.register('bjorn', { displayName: 'Bjørn' }));
    const overrides = {
      matrix: { enabled: true, homeserverUrl: hs.url, syncTimeoutMs: 1000, sendRetryMs: 60_000 },
      limits: { reportsPerPerson: { count: 2, minutes: 10 }, foldSeconds: 120, foldMax: 3 },
    };
    const silent = createLogger({ level: 'warn', destination: { write: () => true } as never });
    const adapter = createMatrixAdapter(testConfig(overrides), { MATRIX_ACCESS_TOKEN: botAccount.accessToken }, silent);
    // A frozen clock: the burst's buckets and fold window do not move while Synapse takes its time.
    bot = await startTestBot({
      config: overrides,
      adapters: [adapter],
      clock: new ManualClock('2026-11-23T09:00:00Z'),
    });
    annaDm = await anna.createRoom({ invite: [botAccount.userId], direct: true });
    bjornDm = await bjorn.createRoom({ invite: [botAccount.userId], direct: true });
  }, 150_000);

  afterAll(async () => {
    await bot?.stop();
    await hs?.stop();
  });

  it('a picture without a caption is answered with a request for a sentence; nothing is logged', async () => {
    const before = await botCount(anna, annaDm);
    await anna.send(annaDm, 'm.room.message', {
      msgtype: 'm.image',
      body: 'IMG_0042.jpg',
      url: 'mxc://localhost/printer42',
      info: { mimetype: 'image/jpeg', size: 1024 },
    });
    const [answer] = await botSays(anna, annaDm, before);
    expect(answer).toBe(
      'I got your picture (IMG_0042.jpg), but no words with it, so I have not logged anything. Please send it again ' +
        'with a sentence saying what is wrong, as its caption.',
    );
    expect(await Ticket.countDocuments({ reporterId: 'anna' })).toBe(0);
  });

  it('a picture with a caption is logged, its mxc:// link on the case', async () => {
    const before = await botCount(anna, annaDm);
    await anna.send(annaDm, 'm.room.message', {
      msgtype: 'm.image',
      body: 'the printer in room 12 shows this',
      filename: 'IMG_0043.jpg',
      url: 'mxc://localhost/printer43',
    });
    const [answer] = await botSays(anna, annaDm, before);
    expect(answer).toMatch(/^Logged as INC-\d+ /u);
    const t = await Ticket.findOne({ reporterId: 'anna' }).lean<TicketDoc>();
    expect(t!.text).toBe('the printer in room 12 shows this');
    expect(t!.events[0].attachments).toEqual([
      { kind: 'image', name: 'IMG_0043.jpg', url: 'mxc://localhost/printer43' },
    ]);
  });

  it('a lone ! is answered as no command', async () => {
    const before = await botCount(anna, annaDm);
    await anna.say(annaDm, '!');
    const [answer] = await botSays(anna, annaDm, before);
    expect(answer).toBe(
      '! is not a command — type !help.\nNothing was logged. To report a problem, write it without a ! at the start.',
    );
  });

  it('15 messages in a burst: 2 cases of 4 messages, 5 answers, the rest neither logged nor answered', async () => {
    for (let i = 1; i <= 15; i++) await bjorn.say(bjornDm, `message ${i}: the wifi keeps dropping`);
    // A command after the burst: its answer comes once the adapter has handed over all 15 before it.
    await bjorn.say(bjornDm, '!ticket list');
    const answers = await botSays(bjorn, bjornDm, 0, 6);
    expect(answers).toHaveLength(6);
    expect(answers[5]).toMatch(/^2 cases \(open\)\n/u); // the card, its title once
    expect(answers.slice(0, 5).map((a) => a.slice(0, 30))).toEqual([
      expect.stringMatching(/^Logged as INC-\d+ /u),
      expect.stringMatching(/^Added to INC-\d+, which you/u),
      expect.stringMatching(/^Logged as INC-\d+ /u),
      expect.stringMatching(/^Added to INC-\d+, which you/u),
      'You have reported many problem',
    ]);
    const cases = await Ticket.find({ reporterId: 'bjorn' }).sort({ number: 1 }).lean<TicketDoc[]>();
    expect(cases.map((c) => c.events.map((e) => Number(/\d+/u.exec(e.note ?? '')![0])))).toEqual([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
    ]);
  });
});
