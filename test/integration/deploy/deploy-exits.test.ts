/**
 * A way out of every state a deployment used to leave an RFC stuck in, through the real commands
 * and real sshd targets (pc-01 … pc-03 good, pc-04 a host whose key changed): each test ends in a
 * final state. Would catch: an RFC left deploying for good below the criterion, a refusal that does
 * not name the command that gets out, exceptions not recorded or not followed up, dropped hosts
 * still counted.
 */
import { Rfc } from '../../../src/changes/rfc.model';
import { Deployment, type DeploymentDoc } from '../../../src/deploy/deployment.model';
import { Problem } from '../../../src/problems/problem.model';
import { TestBot } from '../../support/test-bot';
import { scheduledRfc, startDeployWorld, until, waitForEnd, type DeployWorld } from './deploy-fixture';

let w: DeployWorld;
const say = async (who: string, line: string, channel = '#operators') =>
  TestBot.text(await w.bot.say(who, line, { channel }));
const state = async (key: string) => (await Rfc.findOne({ key }).lean())?.state;

beforeAll(async () => {
  w = await startDeployWorld({ ports: 3, roguePorts: 1 }, { canary: 0, chase: { everyMinutes: 600, forHours: 1 } });
}, 60_000);
afterAll(() => w?.stop());

/** A deployment of a new RFC to all four, ended at 3/4 (75%, below the 95% criterion). */
async function belowCriterion(): Promise<{ key: string; d: DeploymentDoc }> {
  const key = await scheduledRfc(w.bot.services, { targets: ['all'] });
  await say('rolf', `/deploy ${key}`);
  const d = await waitForEnd(key);
  expect(d.state).toBe('done');
  await until('the note of where it stands', async () =>
    w.bot.sent.some((s) => s.msg.text.startsWith(`${key} stays deploying: 3/4 (75%)`)),
  );
  expect(await state(key)).toBe('deploying');
  return { key, d };
}

test('below the criterion: every refusal names the way out; completed with exceptions, then closed', async () => {
  const { key, d } = await belowCriterion();
  expect(await say('rolf', `/rfc close ${key}`, '#changes')).toMatch(
    new RegExp(`Ways out: \`deploy ${key}\` runs the rest, \`deploy complete ${key} --with-exceptions\``, 'u'),
  );
  expect(await say('rolf', `/deploy cancel ${key}`)).toMatch(
    new RegExp(`nothing to cancel[\\s\\S]*\`deploy complete ${key} --with-exceptions\``, 'u'),
  );
  expect(await say('rolf', `/deploy complete ${key} --with-exceptions`)).toMatch(/change-manager/u);
  expect(await say('maria', `/deploy complete ${key}`)).toMatch(
    new RegExp(`\`deploy complete ${key} --with-exceptions\``, 'u'),
  );
  const reply = await say('maria', `/deploy complete ${key} --with-exceptions`);
  expect(reply).toMatch(
    new RegExp(
      `${key} is deployed with exceptions \\(accepted by Maria .*\\): 3/4 succeeded; 1 exception\\(s\\): pc-04; follow-up: PRB-\\d+`,
      'u',
    ),
  );
  expect(await state(key)).toBe('deployed');
  const recorded = (await Deployment.findById(d._id).lean<DeploymentDoc>())!;
  expect(recorded.exceptions).toMatchObject({ hosts: ['pc-04'], by: expect.stringMatching(/^Maria/u) });
  expect(recorded.chase.active).toBe(false);
  const problem = await Problem.findOne({ key: recorded.exceptions!.followUp[0] }).lean();
  expect(problem?.title).toMatch(new RegExp(`${key}: demo 1\\.0 not on 1 host\\(s\\): pc-04`, 'u'));
  expect(await say('maria', `/deploy complete ${key} --with-exceptions`)).toMatch(/only a deploying RFC/u);
  expect(await say('rolf', `/rfc close ${key}`, '#changes')).toMatch(/is now closed/u);
  expect(await state(key)).toBe('closed');
}, 120_000);

test('a host dropped from the chase list leaves the total: the RFC reaches deployed, then closed', async () => {
  const { key } = await belowCriterion();
  await say('rolf', `/chase ${key} drop pc-04`);
  await until('deployed', async () => (await state(key)) === 'deployed');
  expect(TestBot.text(w.bot.sent)).toContain(`${key} reached the completion criterion: 3/3 (100%)`);
  expect(await say('rolf', `/rfc close ${key}`, '#changes')).toMatch(/is now closed/u);
}, 120_000);

test('a subset at a time while deploying, then completed with exceptions followed up by incidents', async () => {
  const key = await scheduledRfc(w.bot.services, { targets: ['all'] });
  await say('rolf', `/deploy ${key} to pc-01 pc-02`);
  await waitForEnd(key);
  expect(await state(key)).toBe('deploying');
  expect(await say('rolf', `/deploy ${key} to pc-03`)).not.toMatch(/already deploying|not release-approved/u);
  await until('the second deployment', async () => (await Deployment.countDocuments({ rfcKey: key })) === 2);
  await waitForEnd(key);
  expect(await state(key)).toBe('deploying'); // pc-04 is approved too: 3/4
  await say('maria', `/deploy complete ${key} --with-exceptions --incidents`);
  expect(await state(key)).toBe('deployed');
}, 120_000);
