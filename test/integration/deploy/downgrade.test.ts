/**
 * A version older than a host runs is refused unless the change declares the downgrade: demo 2.0 is deployed through
 * the CCB to every host (the inventory records it), then a standard change shipping demo 1.0 is refused at `/deploy`,
 * naming the hosts and the way out, with nothing run; declared `downgrade=yes`, it ships and the inventory follows; a
 * normal change that declares it goes back to the CCB, whose card says so.
 * Real sshd targets (3 hosts). Would catch: a downgrade run blindly over a newer version, a refusal that runs the
 * script anyway or does not name the hosts, a declared downgrade still refused, the inventory not following it.
 */
import { Rfc } from '../../../src/changes/rfc.model';
import { Deployment } from '../../../src/deploy/deployment.model';
import { latestCard } from '../../support/ccb-card';
import { TestBot } from '../../support/test-bot';
import {
  ccbApprovedRfc,
  runsPerHost,
  scheduledRfc,
  scripts,
  startDeployWorld,
  waitForEnd,
  type DeployWorld,
} from './deploy-fixture';

let w: DeployWorld;
const say = async (who: string, line: string) => TestBot.text(await w.bot.say(who, line, { channel: '#operators' }));
const total = () => Object.values(runsPerHost(w.marks, 'ran')).reduce((a, b) => a + b, 0);

beforeAll(async () => {
  w = await startDeployWorld({ ports: 3 }, { canary: 0 });
  await w.bot.services.packages.add({ name: 'demo', version: '2.0', idempotent: true, scripts: scripts(w.marks) });
  await w.bot.services.packages.sign('demo', '2.0', w.key.privateKey);
}, 60_000);
afterAll(() => w?.stop());

test('an older version than the hosts run is refused, naming them; declared a downgrade, it ships', async () => {
  const newer = await ccbApprovedRfc(w.bot, { targets: 'all', package: 'demo 2.0' });
  await say('rolf', `/deploy ${newer}`);
  expect((await waitForEnd(newer)).state).toBe('done');
  expect(await say('oscar', '/inventory show pc-02')).toMatch(
    new RegExp(`runs demo: 2\\.0 \\(Deployment D-\\d+ of ${newer}, `, 'u'),
  );
  const ranBefore = total();

  const older = await scheduledRfc(w.bot.services, { package: { name: 'demo', version: '1.0' } });
  const refused = await say('rolf', `/deploy ${older}`);
  expect(refused).toContain(
    `${older} would install demo 1.0, older than 3 target(s) run: pc-01 runs 2.0, pc-02 runs 2.0, pc-03 runs 2.0.`,
  );
  expect(refused).toContain(`\`rfc edit ${older} downgrade=yes\``);
  expect(await Deployment.countDocuments({ rfcKey: older })).toBe(0);
  expect(total()).toBe(ranBefore);

  // Only the hosts that run something newer count: the dry run is refused the same way.
  expect(await say('rolf', `/deploy ${older} to pc-03 --dry-run`)).toContain(
    'older than 1 target(s) run: pc-03 runs 2.0',
  );

  // A normal change that declares it after the CCB approved goes back to the vote; the new card says so.
  const key = await ccbApprovedRfc(w.bot, { targets: 'all', package: 'demo 1.0' });
  expect(await say('rolf', `/deploy ${key}`)).toContain(`${key} would install demo 1.0, older than 3 target(s) run`);
  await say('rolf', `/rfc edit ${key} downgrade=yes`);
  expect((await Rfc.findOne({ key }).lean())?.state).toBe('proposed');
  const card = latestCard(w.bot, key);
  expect(card.text).toMatch(/\[VOTING: APPROVAL\]/u);
  expect(card.text).toContain('⚠ demo 1.0 is a declared downgrade.');

  // Declared (a standard change: its template approves it again), it ships; the inventory follows.
  await say('rolf', `/rfc edit ${older} downgrade=yes`);
  await say('rolf', `/deploy ${older}`);
  expect((await waitForEnd(older)).state).toBe('done');
  expect(total()).toBe(ranBefore + 3);
  expect(await say('oscar', '/inventory show pc-02')).toMatch(
    new RegExp(`runs demo: 1\\.0 \\(Deployment D-\\d+ of ${older}, `, 'u'),
  );
}, 120_000);
