/**
 * Every sub-command of the catalog against every role, through the whole bot on the test
 * platform: allowed where EXPECTED_ROLES says so, otherwise the role check's denial, which changes
 * nothing. Each persona holds exactly one role (plus a person nobody configured), so a decision
 * can only come from that role. The table is built from the catalog: a command missing from
 * EXPECTED_ROLES fails here.
 */
import { defaultCatalog } from '../../../commands';
import { watchWrites } from '../../fuzz/db-snapshot';
import { dropTestDb, testDbUri } from '../../support/db';
import { startTestBot, TestBot } from '../../support/test-bot';
import {
  EXPECTED_ROLES,
  PERSONAS,
  expectAllowed,
  isDenial,
  personaPeople,
  personaRoles,
  personaUser,
} from './expected-roles';

const catalog = defaultCatalog();
const commands = catalog.families.flatMap((f) => f.subcommands.map((s) => `${f.name} ${s.name}`));

/** One person per role, with only that role; `unknown` is not in the config at all. */
const people = personaPeople(['test', 'console']);

let bot: TestBot;
let uri = '';
let watch: ReturnType<typeof watchWrites>;

beforeAll(async () => {
  // Command monitoring shows every write a refused command would cause (see watchWrites).
  uri = `${testDbUri()}?monitorCommands=true`;
  bot = await startTestBot({ mongoUri: uri, config: { people, console: { defaultUser: 'as-operator' } } });
  watch = watchWrites();
  await bot.say('as-reporter', 'the printer in room 12 prints nothing');
}, 60_000);

afterAll(async () => {
  watch?.stop();
  await bot?.stop();
  if (uri) await dropTestDb(uri);
});

test(
  'every sub-command in the catalog has an expectation, and every expectation of a family in the catalog a ' +
    'sub-command',
  () => {
    expect(commands.filter((c) => !(c in EXPECTED_ROLES))).toEqual([]);
    // Expectations of a family not registered yet wait for it (it lands in commands/index.ts later).
    const families = new Set(catalog.families.map((f) => f.name));
    expect(Object.keys(EXPECTED_ROLES).filter((c) => families.has(c.split(' ')[0]) && !commands.includes(c))).toEqual(
      [],
    );
  },
);

test('the catalog declares the roles of the table (deny by default: no empty role lists)', () => {
  for (const f of catalog.families) {
    for (const s of f.subcommands) {
      const expected = EXPECTED_ROLES[`${f.name} ${s.name}`];
      if (expected === undefined) continue;
      expect({ command: `${f.name} ${s.name}`, roles: s.roles === 'anyone' ? 'anyone' : [...s.roles].sort() }).toEqual({
        command: `${f.name} ${s.name}`,
        roles: expected === 'anyone' ? 'anyone' : [...expected].sort(),
      });
    }
  }
});

describe.each(PERSONAS)('as %s', (persona) => {
  test.each(commands.filter((c) => c in EXPECTED_ROLES))('%s', async (command) => {
    const allowed = expectAllowed(command, personaRoles(persona));
    const user = personaUser(persona);
    // `--help` after the sub-command is answered only past the role check, without side effects;
    // a refused caller is also refused the bare command (allowed ones would run it for real).
    for (const text of allowed ? [`/${command} --help`] : [`/${command} --help`, `/${command}`]) {
      watch.writes.length = 0;
      const out = TestBot.text(await bot.say(user, text, { channel: '#operators' }));
      expect(out).not.toMatch(/something went wrong on my side/u);
      expect({ text, persona, denied: isDenial(out, command) }).toEqual({ text, persona, denied: !allowed });
      if (!allowed) expect({ text, writes: watch.writes }).toEqual({ text, writes: [] });
      else if (text.endsWith('--help')) expect(out).toContain(`/${command.split(' ')[0]}`);
    }
  });
});

test('the write watch sees writes (so the refusals above are not vacuously write-free)', async () => {
  watch.writes.length = 0;
  await bot.say('as-operator', '/ticket assign INC-1 me', { channel: '#operators' });
  expect(watch.writes).toEqual(expect.arrayContaining([expect.stringMatching(/^(update|findAndModify) tickets$/u)]));
});
