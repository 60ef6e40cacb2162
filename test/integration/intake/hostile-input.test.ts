/**
 * Hostile and noisy input through the whole bot (real runtime, commands, test database, recording
 * adapter): each crafted message is handled (answered or refused) while a report another person
 * sends at the same time is still answered promptly. Before, each of these held the single event
 * loop for tens of seconds to forever (Matrix pills: a regular expression cubic in the HTML size;
 * target patterns: `*` → `.*`, exponential in the stars), and every other person waited.
 *
 * Matrix HTML is translated here by the adapter's own pure function (stripMention), as the Matrix
 * adapter does before delivering; test/e2e/matrix/hostile.test.ts sends the same kind of event
 * through a real Synapse.
 */
import { stripMention } from '../../../adapters/matrix/inbound';
import { MAX_GLOB_STARS } from '../../../src/inventory/glob';
import type { SentAction } from '../../support/recording-adapter';
import { startTestBot, TestBot } from '../../support/test-bot';

/** Generous for a loaded 2-core machine; the old cost of each input was tens of seconds or more. */
const PROMPT_MS = 2000;
const KB64 = 64 * 1024;
const fill = (unit: string, size = KB64) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
const BOT = { userId: '@opsdesk:localhost', displayName: 'Opsdesk' };
/** A 200-character host name of a's: what `a*a*…*b` used to backtrack over. */
const LONG_HOST = 'a'.repeat(200);

let bot: TestBot;
let n = 0;

beforeAll(async () => {
  bot = await startTestBot();
  await bot.services.inventory.import([
    { name: LONG_HOST, address: '10.0.0.9', port: 22, groups: ['lab'], attributes: { os: 'a'.repeat(500) } },
    { name: 'pc-nordby-01', address: '10.0.0.1', port: 22, groups: ['pilot'], attributes: {} },
  ]);
});
afterAll(() => bot?.stop());

/**
 * Sends bjorn's report, then (while it is in hand) the hostile input; both must be answered within
 * PROMPT_MS of the start. Returns what the bot answered to the hostile input.
 */
async function alongsideAReport(
  hostile: () => Promise<SentAction[]>,
): Promise<{ answer: string; hostileMs: number; reportMs: number }> {
  const i = ++n;
  const t0 = performance.now();
  const report = bot
    .say('bjorn', `report ${i}: the projector in room ${i} shows no picture`)
    .then((out) => ({ out, ms: performance.now() - t0 }));
  const crafted = hostile().then((out) => ({ out, ms: performance.now() - t0 }));
  const [r, h] = await Promise.all([report, crafted]);
  expect(TestBot.text(r.out)).toMatch(/Logged as \*INC-\d+\* /u);
  expect(h.out.length).toBeGreaterThan(0);
  expect(r.ms).toBeLessThan(PROMPT_MS);
  expect(h.ms).toBeLessThan(PROMPT_MS);
  return { answer: TestBot.text(h.out), hostileMs: h.ms, reportMs: r.ms };
}

/** A Matrix message with this HTML, translated like the adapter does, then delivered. */
function matrixMessage(user: string, body: string, html: string): () => Promise<SentAction[]> {
  return async () => {
    const { text } = stripMention({ body, format: 'org.matrix.custom.html', formatted_body: html }, body, BOT);
    return bot.say(user, text);
  };
}

describe('Matrix HTML', () => {
  it('64 KB of matrix.to links never closed', async () => {
    const html = fill('<a href="https://matrix.to/#/@x');
    const { answer } = await alongsideAReport(matrixMessage('anna', 'the printer in room 7 jams', html));
    expect(answer).toMatch(/Logged as \*INC-\d+\* /u);
  });

  it('a pill in nested tags, then 64 KB of anchors whose attributes never end', async () => {
    const html = `<a href="https://matrix.to/#/${BOT.userId}"><b><i>${fill('<a href="x" ', KB64 - 100)}`;
    const { answer } = await alongsideAReport(matrixMessage('anna', 'Opsdesk: the printer in room 8 jams', html));
    expect(answer).toMatch(/Logged as \*INC-\d+\* /u);
  });

  it('64 KB of `<a href="` repeats, as the HTML and as the text', async () => {
    const junk = fill('<a href="');
    const { answer } = await alongsideAReport(matrixMessage('anna', junk, junk));
    expect(answer).toMatch(/characters long; I take reports of up to 4000/u);
  });
});

describe('deploy target patterns', () => {
  it('50 stars are refused, naming the cap', async () => {
    const { answer } = await alongsideAReport(() => bot.say('oscar', `/inventory list ${'*'.repeat(50)}`));
    expect(answer).toContain(`has 50 stars (*); a pattern may have at most ${MAX_GLOB_STARS}`);
    const deploy = await bot.say('oscar', `/deploy RFC-1 to pc-${'*'.repeat(50)}`);
    expect(TestBot.text(deploy)).toContain(`a pattern may have at most ${MAX_GLOB_STARS}`);
  });

  it(`${MAX_GLOB_STARS} stars of \`a*a*…b\` against a 200-character host name are answered`, async () => {
    const pattern = `${'a*'.repeat(MAX_GLOB_STARS)}b`;
    const { answer } = await alongsideAReport(() => bot.say('oscar', `/inventory list ${pattern}`));
    expect(answer).toContain(`\`${pattern}\` is neither a host nor a group in the inventory`);
    const filtered = await alongsideAReport(() => bot.say('oscar', `/inventory list lab os=${pattern}`));
    expect(filtered.answer).toContain(`no host matches lab os=${pattern}`);
    const matching = await bot.say('oscar', `/inventory list ${'a*'.repeat(MAX_GLOB_STARS)}`);
    expect(TestBot.text(matching)).toMatch(/^1 host\(s\)/u);
  });

  it("an ICT contact's RFC with too many stars in its targets is refused when written", async () => {
    const { answer } = await alongsideAReport(() =>
      bot.say('ingrid', `/rfc new New printer driver targets=${'a*'.repeat(12)}b`, { channel: '#changes' }),
    );
    expect(answer).toMatch(/Targets: the target pattern .* has 12 stars \(\*\); a pattern may have at most 8/u);
  });
});
