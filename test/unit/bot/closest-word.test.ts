/**
 * "Unknown command `tikcet`. Did you mean `ticket`?": which suggestion a mistyped command or
 * sub-command gets, and when it gets none.
 */
import fc from 'fast-check';
import { closestWord, editDistance } from '../../../src/bot/closest-word';

const families = ['ticket', 'rfc', 'deploy', 'digest', 'stats', 'problem', 'help', 'sla', 'package', 'inventory'];
const ticketSubcommands = [
  'list',
  'show',
  'note',
  'assign',
  'status',
  'resolve',
  'reopen',
  'confirm',
  'close',
  'escalate',
];

describe('closestWord', () => {
  it.each([
    ['tikcet', 'ticket'],
    ['hepl', 'help'],
    ['packge', 'package'],
    ['prblm', 'problem'],
    ['invnetory', 'inventory'],
    ['r', 'rfc'],
  ])('suggests a command for the typo %j', (typed, suggestion) => {
    expect(closestWord(typed, families)).toBe(suggestion);
  });

  it('ignores the case of what was typed', () => {
    expect(closestWord('TICKET', families)).toBe('ticket');
    expect(closestWord('Tikcet', families)).toBe('ticket');
  });

  it('completes an unambiguous beginning of two letters or more', () => {
    expect(closestWord('dep', families)).toBe('deploy');
    expect(closestWord('de', families)).toBe('deploy');
    expect(closestWord('inv', families)).toBe('inventory');
    expect(closestWord('esc', ticketSubcommands)).toBe('escalate');
    expect(closestWord('d', families)).toBeUndefined();
    expect(closestWord('h', families)).toBeUndefined();
    expect(closestWord('i', families)).toBeUndefined();
  });

  it('does not pick one of several words that begin the same way', () => {
    expect(closestWord('re', ticketSubcommands)).toBeUndefined();
    expect(closestWord('res', ticketSubcommands)).toBe('resolve');
    expect(closestWord('reo', ticketSubcommands)).toBe('reopen');
  });

  it('allows more typos in longer words: 2, or a third of the length', () => {
    expect(closestWord('inventroy', families)).toBe('inventory'); // 2 edits
    expect(closestWord('invetnroy', families)).toBe('inventory'); // 3 edits in 9 letters
    expect(closestWord('inevntroy', families)).toBeUndefined(); // 4 edits in 9 letters
    expect(closestWord('escaltae', ticketSubcommands)).toBe('escalate'); // 2 edits
  });

  it('suggests nothing for words that are not close to any', () => {
    expect(closestWord('banana', families)).toBeUndefined();
    expect(closestWord('', families)).toBeUndefined();
    expect(closestWord('x'.repeat(10_000), families)).toBeUndefined();
    expect(closestWord('ticket', [])).toBeUndefined();
  });

  it('gives back a word that is itself a candidate, and only candidates (property)', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd'), minLength: 0, maxLength: 8 });
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 8 }), word, fc.nat(), (candidates, typed, pick) => {
        expect(closestWord(candidates[pick % candidates.length], candidates)).toBe(
          candidates[pick % candidates.length],
        );
        const guess = closestWord(typed, candidates);
        if (guess !== undefined) expect(candidates).toContain(guess);
      }),
      { numRuns: 500 },
    );
  });
});

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('flaw', 'lawn')).toBe(2);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('abc', '')).toBe(3);
    expect(editDistance('ticket', 'ticket')).toBe(0);
    expect(editDistance('tikcet', 'ticket')).toBe(2);
  });

  it('does not compare input longer than 64 letters letter by letter', () => {
    expect(editDistance('a'.repeat(100), 'a'.repeat(99))).toBe(100);
  });

  it(
    'is a distance: zero only for equal words, symmetric, within the length bounds, triangle inequality ' +
      '(property)',
    () => {
      const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c'), maxLength: 10 });
      fc.assert(
        fc.property(word, word, word, (a, b, c) => {
          const ab = editDistance(a, b);
          expect(ab === 0).toBe(a === b);
          expect(editDistance(b, a)).toBe(ab);
          expect(ab).toBeGreaterThanOrEqual(Math.abs(a.length - b.length));
          expect(ab).toBeLessThanOrEqual(Math.max(a.length, b.length));
          expect(editDistance(a, c)).toBeLessThanOrEqual(ab + editDistance(b, c));
        }),
        { numRuns: 500 },
      );
    },
  );
});
