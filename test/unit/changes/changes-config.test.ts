import path from 'node:path';
import { loadConfig, parseConfig } from '../../../src/config/load-config';
import { choiceOf, parseDuration, ruleFor } from '../../../src/votes/vote-rules';
import { outcomeOf, settledOutcome, tallyVotes } from '../../../src/votes/vote-tally';

const EXAMPLE = path.join(__dirname, '..', '..', '..', 'fixtures', 'opsdesk.example.yaml');

test('the example config has a valid changes section', () => {
  const c = loadConfig(EXAMPLE).changes;
  expect(ruleFor(c, 'normal')).toEqual({ quorum: 3, threshold: 0.6, deadlineMs: 72 * 3_600_000, closeEarly: true });
  expect(ruleFor(c, 'emergency').deadlineMs).toBe(4 * 3_600_000);
  expect(c.templates.map((t) => t.id)).toEqual(['printer-driver']);
});

test('bad changes config is refused with the key named', () => {
  expect(() => parseConfig({ changes: { votes: { normal: { deadline: 'soon' } } } })).toThrow(
    /changes\.votes\.normal\.deadline: expected a duration/,
  );
  expect(() => parseConfig({ changes: { defaultBoard: 'cab' } })).toThrow(/no board "cab"/);
});

test('durations and emoji', () => {
  expect(parseDuration('1d12h')).toBe(36 * 3_600_000);
  expect(parseDuration('PT4H')).toBe(4 * 3_600_000);
  expect(parseDuration('90m')).toBe(90 * 60_000);
  const c = parseConfig({}).changes;
  expect(
    ['+1', '+1::skin-tone-5', '👍🏿', 'thumbsup', '✅', 'white_check_mark', 'heavy_check_mark', '✔️'].map((e) =>
      choiceOf(c, e),
    ),
  ).toEqual(Array(8).fill('approve'));
  expect(['x', '❌', '-1', '👎🏻', 'no_entry', '⛔'].map((e) => choiceOf(c, e))).toEqual(Array(6).fill('reject'));
  expect(['shrug', '🤷‍♀️', '🤷🏽'].map((e) => choiceOf(c, e))).toEqual(Array(3).fill('abstain'));
  expect(choiceOf(c, 'tada')).toBeUndefined();
});

test('outcomes: quorum, threshold, and closing only once the missing votes cannot change it', () => {
  const rule = { quorum: 3, threshold: 0.6 };
  expect(outcomeOf(2, 0, 0, rule)).toBe('postponed');
  expect(outcomeOf(0, 0, 3, rule)).toBe('postponed');
  expect(outcomeOf(3, 2, 0, rule)).toBe('approved'); // 60% inclusive
  expect(outcomeOf(1, 1, 1, rule)).toBe('rejected');
  const roster = ['a', 'b', 'c', 'd', 'e', 'f'];
  const t = (votes: Record<string, 'approve' | 'reject' | 'abstain'>) =>
    tallyVotes(
      roster,
      Object.entries(votes).map(([personId, choice]) => ({ personId, choice })),
    );
  expect(settledOutcome(t({ a: 'approve', b: 'approve', c: 'approve' }), rule)).toBeUndefined();
  expect(settledOutcome(t({ a: 'approve', b: 'approve', c: 'approve', d: 'approve' }), rule)).toBe('approved');
  expect(settledOutcome(t({ a: 'reject', b: 'reject', c: 'reject' }), rule)).toBe('rejected');
  expect(settledOutcome(t({ a: 'reject', b: 'reject' }), rule)).toBeUndefined();
  // Votes from people not on the roster are not counted.
  expect(tallyVotes(['a'], [{ personId: 'z', choice: 'approve' }]).approve).toEqual([]);
});
