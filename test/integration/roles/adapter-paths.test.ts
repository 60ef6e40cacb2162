/**
 * The role decisions of the role table arrive the same through the real adapters:
 * - the console adapter (its own line syntax, `NAME> /command`), every sub-command x every persona;
 * - the Slack emulator through the Slack adapter over Socket Mode, a representative subset as `!`
 *   commands in DMs and as native slash commands (answered privately), with the fixture people,
 *   whose role combinations (rolf: release-manager + operator, …) the table must also get right.
 * Matrix (a real Synapse, a command from every family from each role) is in matrix-path.test.ts.
 */
import { PassThrough, Writable } from 'node:stream';
import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { defaultCatalog } from '../../../commands';
import { ConsoleAdapter } from '../../../adapters/shell/console-adapter';
import { dataSnapshot } from '../../fuzz/db-snapshot';
import { type SlackBot, startSlackBot } from '../../e2e/slack/slack-bot';
import { FIXTURE_CONFIG, startTestBot, type TestBot } from '../../support/test-bot';
import {
  EXPECTED_ROLES,
  PERSONAS,
  expectAllowed,
  isDenial,
  personaPeople,
  personaRoles,
  personaUser,
} from './expected-roles';

const commands = defaultCatalog()
  .families.flatMap((f) => f.subcommands.map((s) => `${f.name} ${s.name}`))
  .filter((c) => c in EXPECTED_ROLES);

describe('console adapter: every sub-command x every persona', () => {
  const people = personaPeople(['console']);
  let output = '';
  let bot: TestBot;
  let adapter: ConsoleAdapter;

  beforeAll(async () => {
    adapter = new ConsoleAdapter({
      input: new PassThrough(),
      output: new Writable({
        write(chunk, _enc, cb) {
          output += String(chunk);
          cb();
        },
      }),
      defaultUser: 'as-operator',
      users: people.map((p) => p.id),
    });
    bot = await startTestBot({ config: { people }, adapters: [adapter] });
  }, 60_000);
  afterAll(() => bot?.stop());

  test.each(PERSONAS)(
    'as %s',
    async (persona) => {
      for (const command of commands) {
        const before = await dataSnapshot();
        const from = output.length;
        await adapter.handleLine(`${personaUser(persona)}> /${command} --help`);
        // The console prints "[b12] DM as-operator: FIRST LINE" then the rest indented.
        const printed = output
          .slice(from)
          .replace(/^\[[^\]]+\] [^:]*: /gmu, '')
          .replace(/^ {4}/gmu, '');
        const allowed = expectAllowed(command, personaRoles(persona));
        expect({ command, persona, denied: isDenial(printed, command), answered: printed.length > 0 }).toEqual({
          command,
          persona,
          denied: !allowed,
          answered: true,
        });
        if (!allowed) expect(await dataSnapshot()).toBe(before);
      }
    },
    60_000,
  );
});

describe('Slack emulator (Socket Mode): a representative subset, as DM commands and slash commands', () => {
  const subset = [
    'ticket assign',
    'ticket resolve',
    'ticket list',
    'digest next',
    'stats show',
    'problem show',
    'inventory list',
  ].filter((c) => commands.includes(c));
  const fixture = YAML.parse(readFileSync(FIXTURE_CONFIG, 'utf8')) as {
    people: Array<{ id: string; roles: string[]; identities: Record<string, string> }>;
  };
  const slackPeople = [
    ...['anna', 'ingrid', 'oscar', 'carl', 'maria', 'rolf', 'ada']
      .map((id) => fixture.people.find((p) => p.id === id)!)
      .map((p) => ({ slack: p.identities.slack, roles: p.roles })),
    { slack: 'UMALLORY', roles: ['reporter'] },
  ];
  let s: SlackBot;

  beforeAll(async () => {
    s = await startSlackBot({ mode: 'socket' });
    s.slack.addUser({
      id: 'UMALLORY',
      name: 'mallory',
      realName: 'Mallory Unknown',
      displayName: 'Mallory',
      email: 'mallory@elsewhere.example',
    });
  }, 60_000);
  afterAll(() => s?.stop());

  test.each(slackPeople.map((p) => [p.slack, p]))(
    '%s in a DM with `!command --help`',
    async (_id, p) => {
      for (const command of subset) {
        const channel = s.slack.dmChannel(p.slack);
        const seen = s.slack.botMessages(channel).length;
        const before = await dataSnapshot();
        await s.slack.dm(p.slack, `!${command} --help`);
        // Acknowledged once stored; the answer follows.
        await s.slack
          .waitFor(() => s.slack.botMessages(channel).length > seen, 10_000, `the answer to !${command} --help`)
          .catch(() => undefined);
        const reply = s.slack
          .botMessages(channel)
          .slice(seen)
          .map((m) => m.text)
          .join('\n');
        const allowed = expectAllowed(command, p.roles);
        expect({ command, user: p.slack, denied: isDenial(reply, command), answered: reply.length > 0 }).toEqual({
          command,
          user: p.slack,
          denied: !allowed,
          answered: true,
        });
        if (!allowed) expect(await dataSnapshot()).toBe(before);
      }
    },
    60_000,
  );

  test('native slash commands get the same decisions, privately', async () => {
    for (const p of slackPeople) {
      for (const command of ['ticket assign', 'stats show']) {
        const [family, sub] = command.split(' ');
        const seen = s.slack.ephemerals('COPS').length;
        const seenPosts = s.slack.botMessages('COPS').length;
        const r = await s.slack.slash(p.slack, 'COPS', `/${family}`, `${sub} --help`);
        expect(r.ackMs).toBeLessThan(3000);
        const allowed = expectAllowed(command, p.roles);
        const answer = allowed
          ? await s.slack.waitFor(
              () =>
                [...s.slack.botMessages('COPS').slice(seenPosts), ...s.slack.ephemerals('COPS').slice(seen)].find((m) =>
                  m.text.includes('Who: '),
                ),
              5000,
              `${command} help for ${p.slack}`,
            )
          : await s.slack.waitFor(
              () =>
                s.slack
                  .ephemerals('COPS')
                  .slice(seen)
                  .find((e) => e.user === p.slack),
              5000,
              `denial for ${p.slack}`,
            );
        expect({ command, user: p.slack, denied: isDenial(answer.text, command) }).toEqual({
          command,
          user: p.slack,
          denied: !allowed,
        });
      }
    }
  }, 90_000);
});
