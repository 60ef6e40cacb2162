/**
 * Hostile Matrix HTML through the real adapter, the whole bot and a real Synapse: crafted
 * `formatted_body`s as large as an event may be are answered, and a report another person sends
 * right after them is answered promptly. Before, the pill regular expression held the event loop
 * for tens of seconds to minutes on each of these, and as the sync token advances only after a
 * batch is handled, the same events stalled the bot again after every restart.
 */
import { createMatrixAdapter } from '../../../adapters/matrix/matrix-adapter';
import { createLogger } from '../../../src/core/log';
import { startSynapse, type SynapseServer, type SynapseUser } from '../../platforms/synapse';
import { startTestBot, testConfig, type TestBot } from '../../support/test-bot';
import { MatrixUser, messagesFrom, type RoomEvent } from './matrix-user';

jest.setTimeout(90_000);

/**
 * From a report sent to its answer read back from Synapse (the bot's /sync, the case in the
 * database, the bot's send, the reader's polling): generous for a loaded 2-core machine, and far
 * below the tens of seconds a crafted body used to cost.
 */
const PROMPT_MS = 3000;
/** Event content kept below Synapse's 64 KiB limit on a whole event (signatures and hashes need room too). */
const MAX_CONTENT_BYTES = 60_000;

/** `unit` repeated as often as fits in a message whose `formatted_body` is `before + units + after`. */
function largest(unit: string, before = '', after = ''): string {
  const bytes = (html: string) =>
    Buffer.byteLength(
      JSON.stringify({
        msgtype: 'm.text',
        body: 'x'.repeat(60),
        format: 'org.matrix.custom.html',
        formatted_body: html,
      }),
    );
  const per = bytes(unit.repeat(2)) - bytes(unit);
  const count = Math.floor((MAX_CONTENT_BYTES - bytes(before + after)) / per);
  return before + unit.repeat(count) + after;
}

describe('hostile Matrix HTML (Synapse)', () => {
  let hs: SynapseServer;
  let botAccount: SynapseUser;
  let anna: MatrixUser;
  let bjorn: MatrixUser;
  let annaDm: string;
  let bjornDm: string;
  let bot: TestBot;

  const fromBot = (events: RoomEvent[]) => messagesFrom(events, botAccount.userId);
  const answered = async (user: MatrixUser, room: string, after: number, needle: string) => {
    await user.waitFor(
      room,
      (ev) =>
        fromBot(ev)
          .slice(after)
          .find((e) => String(e.content.body).includes(needle)),
      30_000,
    );
    return performance.now();
  };

  beforeAll(async () => {
    hs = await startSynapse();
    botAccount = await hs.register('opsdesk', { displayName: 'Opsdesk' });
    anna = new MatrixUser(hs, await hs.register('anna', { displayName: 'Anna' }));
    bjorn = new MatrixUser(hs, await hs.register('bjorn', { displayName: 'Bjørn' }));
    const overrides = { matrix: { enabled: true, homeserverUrl: hs.url, syncTimeoutMs: 1000, sendRetryMs: 60_000 } };
    const silent = createLogger({ level: 'warn', destination: { write: () => true } as never });
    const adapter = createMatrixAdapter(testConfig(overrides), { MATRIX_ACCESS_TOKEN: botAccount.accessToken }, silent);
    bot = await startTestBot({ config: overrides, adapters: [adapter] });
    // Both DMs open and answered once, so what is measured below is the bot, not the joins.
    annaDm = await anna.createRoom({ invite: [botAccount.userId], direct: true });
    bjornDm = await bjorn.createRoom({ invite: [botAccount.userId], direct: true });
    await anna.say(annaDm, 'the scanner in room 2 is offline');
    await bjorn.say(bjornDm, 'the wifi in room 9 drops');
    await answered(anna, annaDm, 0, 'Logged as');
    await answered(bjorn, bjornDm, 0, 'Logged as');
  }, 150_000);

  afterAll(async () => {
    await bot?.stop();
    await hs?.stop();
  });

  // What each used to cost the old pill regex, measured at 32 KB or more on this (loaded) machine:
  // ~100 s, over 200 s (cubic in the size), ~85 s.
  it.each([
    ['matrix.to links never closed', largest('<a href="https://matrix.to/#/@x')],
    ['`<a href="` repeats', largest('<a href="')],
    [
      'a pill in nested tags, then anchors whose attributes never end',
      largest('<a href="x" ', `<a href="https://matrix.to/#/@opsdesk:localhost"><b><i>`),
    ],
  ])('%s: answered, and a report sent right after is answered promptly', async (_what, html) => {
    const annaBefore = fromBot(await anna.messages(annaDm)).length;
    const bjornBefore = fromBot(await bjorn.messages(bjornDm)).length;
    expect(html.length).toBeGreaterThan(50_000);

    await anna.say(annaDm, 'the printer in room 7 jams', { format: 'org.matrix.custom.html', formatted_body: html });
    const sent = performance.now();
    await bjorn.say(bjornDm, 'the beamer in room 5 flickers');
    const [hostileAt, reportAt] = await Promise.all([
      answered(anna, annaDm, annaBefore, 'Logged as'),
      answered(bjorn, bjornDm, bjornBefore, 'Logged as'),
    ]);
    expect(reportAt - sent).toBeLessThan(PROMPT_MS);
    expect(hostileAt - sent).toBeLessThan(PROMPT_MS);
    const answer = fromBot(await anna.messages(annaDm))
      .slice(annaBefore)
      .find((e) => String(e.content.body).includes('Logged as'))!;
    expect(String(answer.content.body)).toContain('the printer in room 7 jams');
  });
});
