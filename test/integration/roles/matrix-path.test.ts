/**
 * The role table's decisions arrive the same through the Matrix adapter (issue 5: "on every
 * platform adapter"): one real Synapse, the bot on it, one Matrix account per role among the
 * fixture people (whose role combinations the table must also get right: maria is change-manager
 * and ccb, rolf release-manager and operator, ada admin and operator) and one account nobody
 * configured. Each writes a representative subset of `!` commands, at least one for few people
 * per family, in a DM with the bot; refusals must be the role check's words, anything else must
 * not be. The commands name things that do not exist, so an allowed one stops at "not found",
 * help or a usage error and nothing is deployed, chased or rolled back.
 */
import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { createMatrixAdapter } from '../../../adapters/matrix/matrix-adapter';
import { createLogger } from '../../../src/core/log';
import { MatrixUser, messagesFrom, shownBody } from '../../e2e/matrix/matrix-user';
import { startSynapse, type SynapseServer, type SynapseUser } from '../../platforms/synapse';
import { FIXTURE_CONFIG, startTestBot, testConfig, type TestBot } from '../../support/test-bot';
import { expectAllowed, isDenial } from './expected-roles';

jest.setTimeout(90_000);

/** What each person types, and the table's row it must be decided by. */
const SUBSET: ReadonlyArray<{ command: string; text: string }> = [
  { command: 'ticket assign', text: '!ticket assign INC-9999 oscar' },
  { command: 'ticket list', text: '!ticket list' },
  { command: 'rfc submit', text: '!rfc submit RFC-9999' },
  { command: 'rfc override', text: '!rfc override RFC-9999 approve --help' },
  { command: 'deploy run', text: '!deploy RFC-9999 --dry-run' },
  { command: 'digest next', text: '!digest next' },
  { command: 'stats show', text: '!stats 7d' },
  { command: 'problem new', text: '!problem new --help' },
  { command: 'problem show', text: '!problem show PRB-9999' },
  { command: 'inventory list', text: '!inventory list' },
  { command: 'chase run', text: '!chase RFC-9999 list' },
  { command: 'rollback run', text: '!rollback RFC-9999 --dry-run' },
];

const fixture = YAML.parse(readFileSync(FIXTURE_CONFIG, 'utf8')) as {
  people: Array<{ id: string; roles: string[]; identities: Record<string, string> }>;
};
/** One fixture person per role, plus `mallory`, who is in no config (treated as a reporter). */
const PEOPLE = [
  ...['anna', 'ingrid', 'oscar', 'carl', 'maria', 'rolf', 'ada'].map((id) => {
    const p = fixture.people.find((q) => q.id === id)!;
    return { localpart: id, matrixId: p.identities.matrix, roles: p.roles };
  }),
  { localpart: 'mallory', matrixId: '@mallory:localhost', roles: ['reporter'] },
];

describe('Matrix adapter (Synapse): the role table through `!` commands in DMs', () => {
  let hs: SynapseServer;
  let botAccount: SynapseUser;
  let bot: TestBot;
  const users = new Map<string, { user: MatrixUser; dm: string }>();

  beforeAll(async () => {
    hs = await startSynapse();
    botAccount = await hs.register('opsdesk', { displayName: 'Opsdesk' });
    const overrides = { matrix: { enabled: true, homeserverUrl: hs.url, syncTimeoutMs: 1000, sendRetryMs: 60_000 } };
    const adapter = createMatrixAdapter(
      testConfig(overrides),
      { MATRIX_ACCESS_TOKEN: botAccount.accessToken },
      silentLog(),
    );
    bot = await startTestBot({ config: overrides, adapters: [adapter] });
    await Promise.all(
      PEOPLE.map(async (p) => {
        const user = new MatrixUser(hs, await hs.register(p.localpart));
        const dm = await user.createRoom({ invite: [botAccount.userId], direct: true });
        users.set(p.localpart, { user, dm });
      }),
    );
    // Every DM joined by the bot before anyone writes.
    for (const { user, dm } of users.values()) {
      await user.waitFor(dm, (ev) =>
        ev.some(
          (e) => e.type === 'm.room.member' && e.state_key === botAccount.userId && e.content.membership === 'join',
        ),
      );
    }
  }, 120_000);

  afterAll(async () => {
    await bot?.stop();
    await hs?.stop();
  });

  test.each(PEOPLE.map((p) => [p.localpart, p] as const))(
    '%s gets the decisions the table expects',
    async (_name, p) => {
      const { user, dm } = users.get(p.localpart)!;
      expect(user.id).toBe(p.matrixId); // the fixture's identity (or, for mallory, nobody's)
      const decisions = [];
      const before = messagesFrom(await user.messages(dm), botAccount.userId).length;
      for (const { command, text } of SUBSET) {
        const seen = messagesFrom(await user.messages(dm), botAccount.userId).length;
        await user.say(dm, text);
        const reply = await user.waitFor(dm, (ev) => {
          const fresh = messagesFrom(ev, botAccount.userId).slice(seen);
          return fresh.length > 0 && fresh.map((e) => shownBody(ev, e)).join('\n');
        });
        decisions.push({ command, denied: isDenial(reply, command), answered: reply.length > 0 });
      }
      expect(decisions).toEqual(
        SUBSET.map(({ command }) => ({ command, denied: !expectAllowed(command, p.roles), answered: true })),
      );
      // One answer per command (so no answer was taken for the next command's).
      expect(messagesFrom(await user.messages(dm), botAccount.userId).length - before).toBe(SUBSET.length);
      // Not vacuous: everyone in the list is refused something and allowed something.
      expect(new Set(decisions.map((d) => d.denied))).toEqual(new Set([true, false]));
    },
  );
});

/** The adapter is built before the test bot (which makes its own logger): it logs to nowhere. */
function silentLog() {
  return createLogger({ level: 'warn', destination: { write: () => true } as never });
}
