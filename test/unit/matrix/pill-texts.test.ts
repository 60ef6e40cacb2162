/**
 * Pills in Matrix HTML (`formatted_body`), read by a tokenizer instead of the regular expression that
 * backtracked for tens of seconds on crafted bodies: what counts as a pill at the bot, and that
 * hostile bodies of 64 KB are read in one pass.
 */
import { MAX_PILL_TEXT, MAX_PILLS, pillTexts, stripMention } from '../../../adapters/matrix/inbound';

const BOT = '@opsdesk:localhost';
const to = (user: string) => `https://matrix.to/#/${user}`;
const KB64 = 64 * 1024;
const fill = (unit: string, size = KB64) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);

describe('pills at the bot', () => {
  it.each([
    ['plain', `<a href="${to(BOT)}">Opsdesk</a>: hi`, ['Opsdesk']],
    ['single quotes', `<a href='${to(BOT)}'>Opsdesk</a>`, ['Opsdesk']],
    ['no quotes', `<a href=${to(BOT)}>Opsdesk</a>`, ['Opsdesk']],
    [
      'upper-case tag and attribute, other attributes first',
      `<A class="x" title="a>b" HREF="${to(BOT)}">Opsdesk</A>`,
      ['Opsdesk'],
    ],
    [
      'entities in the text',
      `<a href="${to(BOT)}">Ops &amp; Desk &lt;3&gt; &#x1F600; &quot;&#39;</a>`,
      [`Ops & Desk <3> 😀 "'`],
    ],
    ['an entity in the href', `<a href="https://matrix.to/#/@opsdesk&#58;localhost">Opsdesk</a>`, ['Opsdesk']],
    ['a percent-encoded href', `<a href="https://matrix.to/#/%40opsdesk%3Alocalhost">Opsdesk</a>`, ['Opsdesk']],
    ['a query after the user id', `<a href="${to(BOT)}?via=localhost">Opsdesk</a>`, ['Opsdesk']],
    ['nested tags in the text', `<a href="${to(BOT)}"><b>Ops<i>desk</i></b></a> hi`, ['Opsdesk']],
    ['blanks around the text', `<a href="${to(BOT)}">\n  Opsdesk </a>`, ['Opsdesk']],
    ['an anchor never closed (read to the end, as a browser does)', `hey <a href="${to(BOT)}">Opsdesk`, ['Opsdesk']],
    [
      'an anchor opened inside another (the first ends there)',
      `<a href="${to('@oscar:localhost')}">Oscar <a href="${to(BOT)}">Opsdesk</a></a>`,
      ['Opsdesk'],
    ],
    ['the same pill twice', `<a href="${to(BOT)}">Opsdesk</a> and <a href="${to(BOT)}">Opsdesk</a>`, ['Opsdesk']],
  ])('%s', (_what, html, texts) => {
    expect(pillTexts(html, BOT)).toEqual(texts);
  });

  it("tells the bot's pill from another user's", () => {
    const html = `<a href="${to('@oscar:localhost')}">Oscar</a> ask <a href="${to(BOT)}">Opsdesk</a>`;
    expect(pillTexts(html, BOT)).toEqual(['Opsdesk']);
    expect(pillTexts(html, '@oscar:localhost')).toEqual(['Oscar']);
    expect(pillTexts(`<a href="${to('@opsdesk:localhost.evil')}">Opsdesk</a>`, BOT)).toEqual([]);
    expect(pillTexts(`<a href="${to('@opsdeskbot:localhost')}">Opsdesk</a>`, BOT)).toEqual([]);
  });

  it.each([
    ['a link elsewhere', `<a href="https://example.org/#/${BOT}">Opsdesk</a>`],
    ['an href that breaks out of its quotes', `<a href="${to(BOT)}' x='">Opsdesk</a>`],
    ['a broken percent-encoding', `<a href="https://matrix.to/#/%E0%A4%A">Opsdesk</a>`],
    ['a pill in a comment', `<!-- <a href="${to(BOT)}">Opsdesk</a> -->`],
    ['an empty pill', `<a href="${to(BOT)}"> <b></b> </a>`],
    ['a text longer than a display name', `<a href="${to(BOT)}">${'x'.repeat(MAX_PILL_TEXT + 1)}</a>`],
    ['an anchor without href', `<a name="${to(BOT)}">Opsdesk</a>`],
  ])('no pill: %s', (_what, html) => {
    expect(pillTexts(html, BOT)).toEqual([]);
  });

  it(`keeps at most ${MAX_PILLS} pills`, () => {
    const html = Array.from({ length: 50 }, (_, i) => `<a href="${to(BOT)}">Name ${i}</a>`).join(' ');
    expect(pillTexts(html, BOT)).toEqual(Array.from({ length: MAX_PILLS }, (_, i) => `Name ${i}`));
  });

  it('strips the pill text from the body and marks the mention', () => {
    const content = {
      format: 'org.matrix.custom.html',
      formatted_body: `<a href="${to(BOT)}">Ops &amp; Desk</a>: printer broken`,
    };
    expect(stripMention(content, 'Ops & Desk: printer broken', { userId: BOT })).toEqual({
      text: 'printer broken',
      mentioned: true,
    });
  });
});

describe('hostile bodies are read in one pass', () => {
  // The old regular expression took seconds to minutes on each of these (cubic in the size for
  // `<a href="` repeats); a linear reader takes milliseconds. The bound is generous for a loaded
  // 2-core machine and still far below the old cost.
  const hostile: Array<[string, string]> = [
    ['matrix.to links never closed', fill(`<a href="${to('@x')}`)],
    ['`<a href="` repeats', fill('<a href="')],
    ['deeply nested tags', `<a href="${to(BOT)}">` + fill('<b><i>', KB64 - 100)],
    ['nested tags closed by others', fill('<b>', KB64 / 2) + fill('</i>', KB64 / 2)],
    ['attributes without a `>`', fill('<a href="x" ')],
    ['pills with huge texts', fill(`<a href="${to(BOT)}">${'y '.repeat(400)}</a>`)],
    ['entities', fill('<a href="&amp;&#x40;&lt;')],
  ];

  it.each(hostile)('%s (64 KB)', (_what, html) => {
    expect(html.length).toBeGreaterThanOrEqual(KB64 - 100);
    const started = performance.now();
    pillTexts(html, BOT);
    const body = html.slice(0, 4000);
    stripMention({ format: 'org.matrix.custom.html', formatted_body: html }, body, {
      userId: BOT,
      displayName: 'Opsdesk',
    });
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('strips long pill texts from a long body in bounded time', () => {
    // Worst case of the remaining (literal) patterns: 8 pills of 256 characters that almost match at every blank.
    const near = (i: number) => `${'a '.repeat(127)}${i}`;
    const html = Array.from({ length: MAX_PILLS }, (_, i) => `<a href="${to(BOT)}">${near(i)}</a>`).join('');
    const body = 'a '.repeat(KB64 / 2);
    const started = performance.now();
    const { mentioned } = stripMention({ format: 'org.matrix.custom.html', formatted_body: html }, body, {
      userId: BOT,
    });
    expect(mentioned).toBe(true);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
