/**
 * A card too long for Slack's blocks keeps its first lines and says what was left out in the message's language:
 * "… og 95 til" and "… mer i meldingsteksten" for a Norwegian reader, the English for an English one, and the
 * organisation's language for a message that does not say its own. Would catch the renderer's own words written in
 * English for everyone (block-kit-renderer.ts), or a reply that loses its reader's language on the way.
 */
import type { types } from '@slack/bolt';
import { renderMessage } from '../../../adapters/slack/block-kit-renderer';
import type { Card, OutMessage } from '../../../src/chat/out-message';
import { inLanguage } from '../../../src/chat/out-message';

/** Every mrkdwn text of the blocks, in order. */
function texts(blocks: types.KnownBlock[] | undefined): string[] {
  return (blocks ?? []).flatMap((b) =>
    b.type === 'section' && b.text
      ? [b.text.text]
      : b.type === 'context'
        ? b.elements.map((e) => ('text' in e ? e.text : ''))
        : [],
  );
}

const longList: Card = {
  kind: 'generic',
  title: 'Saker',
  sections: [
    { heading: 'Åpne', lines: Array.from({ length: 120 }, (_, i) => `INC-${i} ${'skriveren står '.repeat(10)}`) },
  ],
};
const manySections: Card = {
  kind: 'generic',
  title: 'Saker',
  sections: Array.from({ length: 60 }, (_, i) => ({ heading: `Skole ${i}`, lines: [`INC-${i}`] })),
};

test('a list cut short ends "… og N til" for a Norwegian reader, "… and N more" for an English one', () => {
  const nb = texts(renderMessage({ text: 'x', card: longList, lang: 'nb' }).blocks).join('\n');
  const left = /… og (\d+) til$/mu.exec(nb);
  expect(left).not.toBeNull();
  expect(nb.split('\n').filter((l) => l.startsWith('• INC-')).length + Number(left![1])).toBe(120);
  expect(texts(renderMessage({ text: 'x', card: longList, lang: 'en' }).blocks).join('\n')).toMatch(
    /… and \d+ more$/mu,
  );
});

test('past the block count the last block says "… mer i meldingsteksten"; unset: the organisation\'s language', () => {
  const msg: OutMessage = { text: 'x', card: manySections };
  expect(texts(renderMessage({ ...msg, lang: 'nb' }).blocks).at(-1)).toBe('… mer i meldingsteksten');
  expect(texts(renderMessage(msg, 'nb').blocks).at(-1)).toBe('… mer i meldingsteksten');
  expect(texts(renderMessage(msg).blocks).at(-1)).toBe('… more in the message text');
  // The message's own language wins over the organisation's.
  expect(texts(renderMessage({ ...msg, lang: 'en' }, 'nb').blocks).at(-1)).toBe('… more in the message text');
});

test("a reply takes its reader's language unless it says its own", () => {
  expect(inLanguage('hei', 'nb')).toEqual({ text: 'hei', lang: 'nb' });
  expect(inLanguage({ text: 'hi', lang: 'en' }, 'nb').lang).toBe('en');
  expect(inLanguage('hi', undefined)).toEqual({ text: 'hi' });
});
