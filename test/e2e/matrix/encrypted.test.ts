/**
 * The whole bot in end-to-end encrypted rooms of a real Synapse, with the real crypto binding
 * (built by .ci/build-crypto.sh, named by MATRIX_CRYPTO_BINDING): a teacher whose client encrypts
 * (matrix-bot-sdk's own crypto client, as Element would) reports in an encrypted DM and is answered
 * encrypted; a CCB member votes by an encrypted reaction on the encrypted RFC card. The homeserver
 * sees only ciphertext of every one of these messages. Without the binding the suite is skipped and
 * says why; the "unavailable" path (no binding) is covered by adapter.test.ts.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMatrixAdapter, type MatrixAdapter } from '../../../adapters/matrix/matrix-adapter';
import { createLogger } from '../../../src/core/log';
import { Rfc } from '../../../src/changes/rfc.model';
import { Ticket } from '../../../src/tickets/ticket.model';
import { RFC_FIELDS } from '../change-fixture';
import { startSynapse, type SynapseServer, type SynapseUser } from '../../platforms/synapse';
import { startTestBot, type TestBot, testConfig } from '../../support/test-bot';
import { cryptoBindingPath, CryptoUser, cryptoUnavailableReason } from './crypto-user';
import { MatrixUser, messagesFrom, type RoomEvent, shownBody } from './matrix-user';

jest.setTimeout(120_000);

const unavailable = cryptoUnavailableReason();
if (unavailable) console.warn(`encrypted.test.ts: skipping the encrypted Matrix flows: ${unavailable}`);

(unavailable ? describe.skip : describe)('opsdesk in end-to-end encrypted Matrix rooms (Synapse)', () => {
  let hs: SynapseServer;
  let botAccount: SynapseUser;
  let anna: CryptoUser;
  let carl: CryptoUser;
  let oscar: MatrixUser;
  let opsRoom: string;
  let ccbRoom: string;
  let store: string;
  let adapter: MatrixAdapter;
  let bot: TestBot;

  const fromBot = (events: RoomEvent[]) => messagesFrom(events, botAccount.userId);
  /** The room as the homeserver stores it (read by `who` without decrypting: what a server admin sees). */
  const onServer = async (who: CryptoUser, room: string) => new MatrixUser(hs, who.user).messages(room);
  const botOnServer = async (who: CryptoUser, room: string) =>
    (await onServer(who, room)).filter((e) => e.sender === botAccount.userId && !e.type.startsWith('m.room.member'));

  beforeAll(async () => {
    hs = await startSynapse();
    store = await mkdtemp(join(tmpdir(), 'opsdesk-e2ee-bot-'));
    botAccount = await hs.register('opsdesk', { displayName: 'Opsdesk' });
    anna = await CryptoUser.start(hs, await hs.register('anna', { displayName: 'Anna' }));
    carl = await CryptoUser.start(hs, await hs.register('carl', { displayName: 'Carl' }));
    oscar = new MatrixUser(hs, await hs.register('oscar', { displayName: 'Oscar' }));
    opsRoom = await oscar.createRoom({ public: true, name: 'operators' });
    // The CCB room is encrypted; the bot joins it at start as a configured room it is invited to.
    ccbRoom = await carl.createRoom({ invite: [botAccount.userId], name: 'ccb' });
    const overrides = {
      matrix: {
        enabled: true,
        homeserverUrl: hs.url,
        syncTimeoutMs: 1000,
        sendRetryMs: 60_000,
        encryption: { enabled: true, storePath: store },
      },
      channels: { operators: { matrix: opsRoom }, ccb: { matrix: ccbRoom } },
      // A board of one on Synapse (quorum 1), so carl's encrypted reaction decides.
      changes: { boards: { ccb: { channel: 'ccb', members: ['carl'] } }, votes: { normal: { quorum: 1 } } },
    };
    adapter = createMatrixAdapter(
      testConfig(overrides),
      { MATRIX_ACCESS_TOKEN: botAccount.accessToken, MATRIX_CRYPTO_BINDING: cryptoBindingPath() },
      createLogger({ level: 'warn', destination: { write: () => true } as never }),
    );
    bot = await startTestBot({ config: overrides, adapters: [adapter] });
    await carl.joined(ccbRoom, botAccount.userId);
  }, 180_000);

  afterAll(async () => {
    await bot?.stop();
    await Promise.all([anna?.stop(), carl?.stop()]);
    await hs?.stop();
    if (store) await rm(store, { recursive: true, force: true });
  });

  let caseKey = '';
  let annaDm = '';

  it("decrypts a teacher's report in an encrypted DM and answers it encrypted", async () => {
    annaDm = await anna.createRoom({ invite: [botAccount.userId], direct: true });
    await anna.joined(annaDm, botAccount.userId);
    await anna.say(annaDm, 'the printer in room 12 prints nothing');
    const receipt = await anna.waitFor(annaDm, (ev) =>
      fromBot(ev).find((e) => String(e.content.body).includes('Logged as')),
    );
    caseKey = /INC-\d+/u.exec(String(receipt.content.body))![0];
    expect(await Ticket.findOne({ key: caseKey }).lean()).toMatchObject({
      reporterId: 'anna',
      title: 'the printer in room 12 prints nothing',
      conversation: { platform: 'matrix', channel: annaDm, direct: true },
    });
    // Would catch a reply sent in the clear into an encrypted room (or a report read as unreadable).
    const stored = await botOnServer(anna, annaDm);
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.every((e) => e.type === 'm.room.encrypted')).toBe(true);
    expect(fromBot(anna.messages(annaDm)).some((e) => String(e.content.body).includes('cannot read'))).toBe(false);
    expect(anna.undecryptable).toEqual([]);
  });

  it('tells the teacher in her encrypted DM when an operator resolves the case', async () => {
    await oscar.say(opsRoom, `!ticket resolve ${caseKey} replaced the fuser`);
    const told = await anna.waitFor(annaDm, (ev) =>
      fromBot(ev).find((e) => String(e.content.body).includes('resolved')),
    );
    expect(String(told.content.body)).toContain(caseKey);
    expect((await botOnServer(anna, annaDm)).every((e) => e.type === 'm.room.encrypted')).toBe(true);
  });

  it('posts the RFC card encrypted to the encrypted CCB room; an encrypted reaction votes and decides', async () => {
    const before = fromBot(await oscar.messages(opsRoom)).length;
    await oscar.say(opsRoom, `!rfc new Upgrade LibreOffice to 25.8 ${RFC_FIELDS}`);
    const created = await oscar.waitFor(opsRoom, (ev) =>
      fromBot(ev)
        .slice(before)
        .find((e) => /Created RFC-\d+/u.test(String(e.content.body))),
    );
    const key = /RFC-\d+/u.exec(String(created.content.body))![0];
    await oscar.say(opsRoom, `!rfc submit ${key}`);
    const card = await carl.waitFor(ccbRoom, (ev) => fromBot(ev).find((e) => String(e.content.body).startsWith(key)));
    await carl.react(ccbRoom, card.event_id, '👍');
    const decided = await carl.waitFor(
      ccbRoom,
      (ev) => shownBody(ev, card).includes('Decision: approved') && shownBody(ev, card),
    );
    expect(decided).toContain('✅ 1 approve');
    expect((await Rfc.findOne({ key }).lean())?.state).toBe('approved');
    // The card, its edits and carl's reaction are ciphertext on the homeserver.
    const stored = await onServer(carl, ccbRoom);
    expect(stored.some((e) => e.type === 'm.reaction' || e.type === 'm.room.message')).toBe(false);
    expect(stored.filter((e) => e.type === 'm.room.encrypted').length).toBeGreaterThanOrEqual(3);
    expect(carl.undecryptable).toEqual([]);
    expect(adapter.isReady()).toBe(true);
  });
});
