/**
 * fast-check generators of hostile chat input: random unicode, quotes and escapes, MongoDB
 * operators, shell text, emoji with skin tones and variation selectors, huge text, shaped as
 * commands of every family in the catalog (and unknown ones), plain reports and reactions.
 */
import fc from 'fast-check';
import { defaultCatalog } from '../../commands';

/** Fixed unless OPSDESK_FUZZ_SEED is set; printed on failure. */
export const FUZZ_SEED = Number(process.env.OPSDESK_FUZZ_SEED ?? 20261123);

/** Fixture people of every role, and one nobody knows. */
export const USERS = ['anna', 'ingrid', 'oscar', 'carl', 'maria', 'rolf', 'ada', 'mallory'] as const;

export const NASTY = [
  '{"$gt": ""}',
  '{"$ne": null}',
  '{$ne:null}',
  '$where',
  '{"$where": "sleep(1000)"}',
  '$gt',
  '$regex',
  '.*',
  '{"$regex": ".*"}',
  '; rm -rf /',
  '$(id)',
  '`id`',
  '&& reboot',
  '| nc 10.0.0.1 80',
  "'; DROP TABLE x; --",
  '../../etc/passwd',
  '"',
  "'",
  '\\',
  '\\"',
  '“',
  '”',
  '"unclosed',
  "'half",
  '""',
  "''",
  '“quoted”',
  '👍🏽',
  '👍🏿',
  '✅',
  '✔️',
  '✔︎',
  '❌',
  '🤷‍♀️',
  '🤷🏻‍♂️',
  '👨‍👩‍👧',
  '🏳️‍🌈',
  '\uFE0F',
  '\u200D',
  '\u202E',
  '\u0000',
  '\uD800',
  '\t',
  '\r\n',
  'INC-1',
  'inc-2',
  '#3',
  '1',
  '0',
  '-1',
  '1e309',
  'NaN',
  'INC-99999999999',
  'INC-',
  'RFC-1',
  'PRB-1',
  'me',
  '@me',
  '@petra',
  '<@UOSCAR>',
  '<@UOSCAR|oscar>',
  '@ada:localhost',
  'nobody',
  '--yes',
  '--help',
  '--dry-run',
  '--canary',
  '--canary=5',
  '--parallel',
  '--',
  '--=',
  '---x',
  'key=value',
  'a=',
  '=b',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '__proto__=1',
  'constructor=x',
  '--__proto__',
  'P1',
  'p4',
  'P9',
  'open',
  'mine',
  'all',
  'unassigned',
  'school',
  'nordby',
  'category',
  'printing',
  'status',
  'closed',
  'resolved',
  'to',
  'pilot',
  'all-clients',
  '7d',
  '2026-03',
  '2026-01-01..2026-03-31',
  'now',
  'next',
  '20',
  '21',
] as const;

const catalog = defaultCatalog();

/** Command words: every family, alias and sub-command of the catalog, plus ones that do not exist yet or never will. */
export const COMMAND_WORDS = [
  ...catalog.families.flatMap((f) => [f.name, ...(f.aliases ?? [])]),
  'help',
  'opsdesk',
  'rfc',
  'deploy',
  'rollback',
  'inventory',
  'vote',
  'TICKET',
  'Ticket',
  'tickt',
  'x',
  'a-b',
  'ticket-',
  '_',
];
export const SUB_WORDS = [
  ...new Set(catalog.families.flatMap((f) => f.subcommands.flatMap((s) => [s.name, ...(s.aliases ?? [])]))),
].concat(['help', '--help', 'new', 'submit', 'run', 'status', 'HELP', '']);

const word: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.json({ maxDepth: 2 }) },
  { weight: 1, arbitrary: fc.constantFrom(...SUB_WORDS) },
);

const space = fc.constantFrom(' ', '  ', '\t', '\n', ' \u00A0', '\u3000');

export const words: fc.Arbitrary<string> = fc.array(fc.tuple(word, space), { maxLength: 8 }).map((parts) =>
  parts
    .map(([w, s]) => w + s)
    .join('')
    .trimEnd(),
);

/** Rarely, a huge argument (about 100 KB) that must be refused for length, not choke the parser. */
const huge: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom('x', '"', '\\', '👍🏽', '$(id) ', '{"$gt":""} ', 'a '), fc.integer({ min: 9_000, max: 110_000 }))
  .map(([unit, n]) => unit.repeat(Math.ceil(n / unit.length)));

/** One long word (no spaces) under the command length limit: refusals must not echo all of it. */
const longWord: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom('x', 'é', '$', '👍🏽', '"'), fc.integer({ min: 200, max: 7_000 }))
  .map(([u, n]) => u.repeat(n));

/** Text typed as a command: `/ticket assign INC-1 $(id)`, `!stats {"$gt": ""}`, `/nope …`. */
export const commandText: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom('/', '!', ' /', '/ ', '//'),
    fc.constantFrom(...COMMAND_WORDS),
    fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom(...SUB_WORDS) },
      { weight: 2, arbitrary: word },
      { weight: 1, arbitrary: longWord },
    ),
    fc.oneof({ weight: 30, arbitrary: words }, { weight: 1, arbitrary: huge }),
  )
  .map(([prefix, cmd, sub, rest]) => `${prefix}${cmd} ${sub} ${rest}`.trimEnd());

/** Anything at all someone might write to the bot. */
export const plainText: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: words },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 200 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 80 }) },
  { weight: 1, arbitrary: huge },
);

export const reaction: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '+1',
    '+1::skin-tone-3',
    '-1:skin-tone-6',
    'white_check_mark',
    ':x:',
    'shrug',
    '👍🏽',
    '✅',
    '✔️',
    '🤷‍♀️',
    '❌',
    '',
    ' ',
    ':::',
    '::skin-tone-9',
    '$where',
    '{"$gt":""}',
  ),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
);

export const user = fc.constantFrom(...USERS);

/** The message `fc.assert` should throw with, so a failure says how to replay it. */
export function replayHint(seed: number): string {
  return `fuzz failed with seed ${seed}: replay with OPSDESK_FUZZ_SEED=${seed}`;
}
