/**
 * How a command line typed in chat is split: words, quotes (straight and typographic), `--flags`,
 * `key=value` pairs and the free text after the first words; and what a user is told when the
 * line cannot be split.
 */
import fc from 'fast-check';
import { OpsdeskError } from '../../../src/core/errors';
import { splitWords, textAfterWords, tokenize } from '../../../src/core/tokenize';

/** The OpsdeskError `fn` throws (fails the test when it throws nothing or something else). */
function refusal(fn: () => unknown): OpsdeskError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(OpsdeskError);
    return err as OpsdeskError;
  }
  throw new Error('expected a refusal, got none');
}

describe('splitWords', () => {
  it('splits on any run of white space, ignoring it at both ends', () => {
    expect(splitWords('  ticket\tnote   INC-4\n toner  ')).toEqual(['ticket', 'note', 'INC-4', 'toner']);
    expect(splitWords('')).toEqual([]);
    expect(splitWords(' \t\n ')).toEqual([]);
  });

  it('keeps quoted text together as one word, without the quotes', () => {
    expect(splitWords('rfc new "Upgrade the printers" \'room 12\'')).toEqual([
      'rfc',
      'new',
      'Upgrade the printers',
      'room 12',
    ]);
  });

  it('understands the typographic quotes phones and Slack put in', () => {
    expect(splitWords('rfc new “Upgrade the printers” now')).toEqual(['rfc', 'new', 'Upgrade the printers', 'now']);
  });

  it('joins quoted and bare parts that touch into one word, as a shell does', () => {
    expect(splitWords('note="paper tray" x"y z"')).toEqual(['note=paper tray', 'xy z']);
  });

  it('keeps an empty quoted word', () => {
    expect(splitWords('a "" b')).toEqual(['a', '', 'b']);
  });

  it('takes \\" and \\\\ inside double quotes literally, and every other backslash as typed', () => {
    expect(splitWords('"say \\"hi\\""')).toEqual(['say "hi"']);
    expect(splitWords('"C:\\\\temp"')).toEqual(['C:\\temp']);
    expect(splitWords('"a\\nb" c\\d')).toEqual(['a\\nb', 'c\\d']);
    expect(splitWords('“a \\” b”')).toEqual(['a ” b']);
  });

  it('takes a backslash inside single quotes as typed', () => {
    expect(splitWords("'a\\' b")).toEqual(['a\\', 'b']);
  });

  it('refuses an unclosed quote with a usage error that says how to fix it', () => {
    for (const text of [
      'ticket note INC-4 "paper tray',
      "rfc new 'Upgrade",
      'rfc new “Upgrade the printers"',
      '"ends in a backslash\\"',
    ]) {
      const err = refusal(() => splitWords(text));
      expect(err.code).toBe('USAGE');
      expect(err.toUserText()).toBe('A quote is not closed.\nClose the quote or leave quotes out.');
    }
  });

  it('splits like a white-space split when there are no quotes (property)', () => {
    const noQuotes = fc.string({ unit: 'grapheme', maxLength: 80 }).filter((s) => !/["'“]/u.test(s));
    fc.assert(
      fc.property(noQuotes, (text) => {
        expect(splitWords(text)).toEqual(text.split(/\s+/u).filter((w) => w !== ''));
      }),
      { numRuns: 300 },
    );
  });

  it('gives back any words once each is quoted (property)', () => {
    const quote = (w: string) => `"${w.replace(/[\\"]/gu, '\\$&')}"`;
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'grapheme', maxLength: 20 }), { maxLength: 8 }),
        fc.constantFrom(' ', '  ', '\t', '\n'),
        (words, gap) => {
          expect(splitWords(words.map(quote).join(gap))).toEqual(words);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('tokenize', () => {
  it('sorts words, flags and key=value pairs, keeping the order of the words', () => {
    const t = tokenize('RFC-3 --force school=nordby "room 12" --canary=5 later');
    expect(t.words).toEqual(['RFC-3', 'room 12', 'later']);
    expect(t.flags).toEqual({ force: true, canary: '5' });
    expect(t.pairs).toEqual({ school: 'nordby' });
  });

  it('keeps the whole line, trimmed, as typed in `rest`', () => {
    expect(tokenize('  the "toner"   is empty  ').rest).toBe('the "toner"   is empty');
  });

  it('lower-cases flag and pair names, never their values', () => {
    const t = tokenize('--Window=Tue Room=B12');
    expect(t.flags).toEqual({ window: 'Tue' });
    expect(t.pairs).toEqual({ room: 'B12' });
  });

  it('takes the next word as the value of a flag that needs one, and only then', () => {
    expect(tokenize('RFC-3 --canary 5', ['canary'])).toMatchObject({ words: ['RFC-3'], flags: { canary: '5' } });
    expect(tokenize('RFC-3 --canary 5')).toMatchObject({ words: ['RFC-3', '5'], flags: { canary: true } });
    expect(tokenize('--note "two words"', ['note']).flags).toEqual({ note: 'two words' });
  });

  it('refuses a flag that needs a value when none follows', () => {
    expect(refusal(() => tokenize('RFC-3 --canary', ['canary'])).message).toBe('`--canary` needs a value.');
    expect(refusal(() => tokenize('RFC-3 --canary --force', ['canary'])).code).toBe('USAGE');
  });

  it('refuses an option name that does not start with a letter', () => {
    for (const bad of ['--9lives', '--=5', '--é']) {
      const err = refusal(() => tokenize(`RFC-3 ${bad}`));
      expect(err.code).toBe('USAGE');
      expect(err.message).toBe(`\`${bad}\` is not a valid option.`);
    }
  });

  it('keeps stray dashes and equals signs as words', () => {
    const t = tokenize('-- - -x =5 9a=b a=');
    expect(t.words).toEqual(['--', '-', '-x', '=5', '9a=b']);
    expect(t.pairs).toEqual({ a: '' });
    expect(t.flags).toEqual({});
  });

  it('splits a pair at the first equals sign', () => {
    expect(tokenize('filter=a=b').pairs).toEqual({ filter: 'a=b' });
  });

  it('never fails on any input other than with a usage error (property)', () => {
    const lines = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 120 }),
      fc
        .array(
          fc.constantFrom('--', '--x', '--x=', '=', 'a=b', '"', "'", '“', '”', '\\', ' ', 'word', '\u0000', '🖨️'),
          { maxLength: 20 },
        )
        .map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(lines, fc.subarray(['x', 'canary', 'window']), (text, withValue) => {
        try {
          const t = tokenize(text, withValue);
          expect(t.rest).toBe(text.trim());
        } catch (err) {
          expect(err).toBeInstanceOf(OpsdeskError);
          expect((err as OpsdeskError).code).toBe('USAGE');
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe('textAfterWords', () => {
  it('keeps the spacing and punctuation of the free text after the first words', () => {
    expect(textAfterWords('INC-4   the toner is   empty!  ', 1)).toBe('the toner is   empty!');
    expect(textAfterWords('  INC-4 waiting-on-reporter which room, exactly?', 2)).toBe('which room, exactly?');
  });

  it('skips a quoted first word as one word', () => {
    expect(textAfterWords('"paper tray" is empty', 1)).toBe('is empty');
    expect(textAfterWords('"say \\"hi\\"" to them', 1)).toBe('to them');
    expect(textAfterWords("'room 12' again", 1)).toBe('again');
  });

  it('is the whole text trimmed for 0 words, and empty when there are no more words', () => {
    expect(textAfterWords('  a b  ', 0)).toBe('a b');
    expect(textAfterWords('INC-4', 1)).toBe('');
    expect(textAfterWords('INC-4 note', 5)).toBe('');
  });
});
