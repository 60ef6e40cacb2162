/**
 * One-tap answers on Matrix through a real Synapse and the whole bot: the resolved notice in the
 * teacher's DM comes with ✅ and ❌ already placed by the bot, so she answers with one tap on one of
 * them (her own `m.reaction` with that key). What would break: the reactions not placed, her tap
 * not taken as the answer (or the bot's own reactions taken as one), "Still broken" not reopening.
 */
import { createMatrixAdapter, type MatrixAdapter } from '../../../adapters/matrix/matrix-adapter';
import { createLogger } from '../../../src/core/log';
import { Ticket } from '../../../src/tickets/ticket.model';
import { startSynapse, type SynapseServer, type SynapseUser } from '../../platforms/synapse';
import { startTestBot, testConfig, type TestBot } from '../../support/test-bot';
import { MatrixUser, messagesFrom, type RoomEvent } from './matrix-user';

jest.setTimeout(90_000);

describe('one-tap answers on Matrix (Synapse)', () => {
  let hs: SynapseServer;
  let botAccount: SynapseUser;
  let anna: MatrixUser;
  let oscar: MatrixUser;
  let opsRoom: string;
  let annaDm: string;
  let bot: TestBot;
  let adapter: MatrixAdapter;

  const fromBot = (events: RoomEvent[]) => messagesFrom(events, botAccount.userId);
  const botSaid = (needle: string, after = 0) =>
    anna.waitFor(annaDm, (ev) =>
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
    const overrides = {
      matrix: { enabled: true, homeserverUrl: hs.url, syncTimeoutMs: 1000, sendRetryMs: 60_000 },
      channels: { operators: { matrix: opsRoom } },
    };
    adapter = createMatrixAdapter(
      testConfig(overrides),
      { MATRIX_ACCESS_TOKEN: botAccount.accessToken },
      createLogger({ level: 'warn', destination: { write: () => true } as never }),
    );
    bot = await startTestBot({ config: overrides, adapters: [adapter] });
    annaDm = await anna.createRoom({ invite: [botAccount.userId], direct: true });
  }, 120_000);

  afterAll(async () => {
    await bot?.stop();
    await hs?.stop();
  });

  async function resolvedCase(what: string): Promise<{ key: string; question: RoomEvent }> {
    const before = fromBot(await anna.messages(annaDm)).length;
    await anna.say(annaDm, what);
    const receipt = await botSaid('Logged as', before);
    const key = /INC-\d+/u.exec(String(receipt.content.body))![0];
    await oscar.say(opsRoom, `!ticket resolve ${key} restarted the print spooler`);
    const question = await botSaid(`${key} is now resolved`, before);
    return { key, question };
  }

  /** The keys the bot reacted with on `eventId`. */
  async function botReactions(eventId: string): Promise<string[]> {
    return anna.waitFor(annaDm, (ev) => {
      const keys = ev
        .filter((e) => e.type === 'm.reaction' && e.sender === botAccount.userId)
        .filter((e) => e.content['m.relates_to']?.event_id === eventId)
        .map((e) => String(e.content['m.relates_to']!.key));
      return keys.length === 2 && keys;
    });
  }

  it('the teacher confirms the printer case with one tap on the ✅ the bot placed', async () => {
    const { key, question } = await resolvedCase('the printer in room 12 prints nothing');
    expect(String(question.content.body)).toContain('Fixed? Answer with one tap');
    expect(await botReactions(question.event_id)).toEqual(['✅', '❌']);
    await anna.react(annaDm, question.event_id, '✅');
    await botSaid(`Thanks! ${key} is closed.`);
    expect((await Ticket.findOne({ key }).lean())!.status).toBe('closed');
  });

  it('a tap on ❌ reopens the case', async () => {
    const { key, question } = await resolvedCase('the scanner in the library saves nothing');
    await botReactions(question.event_id);
    await anna.react(annaDm, question.event_id, '❌');
    await botSaid(`${key} is reopened`);
    const t = (await Ticket.findOne({ key }).lean())!;
    expect([t.status, t.reopenCount]).toEqual(['new', 1]);
  });
});
