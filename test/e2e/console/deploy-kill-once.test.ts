/**
 * kill -9 in the middle of a deployment of a package that is neither idempotent nor has a check
 * script: a second process finishes the deployment, and its chase rounds go on, yet no host runs
 * the install twice (runs counted on each target). The targets caught running are `unknown`, the
 * chase skips them with a reason, and only an operator's `/chase RFC retry HOST --yes` runs one
 * again. Would catch: a resumed runner or the chase re-running an interrupted install blindly.
 */
import type { ChildProcess } from 'node:child_process';
import { liveTargets } from '../../../src/deploy/target-fold';
import { Deployment, type DeploymentDoc } from '../../../src/deploy/deployment.model';
import { TestBot } from '../../support/test-bot';
import {
  addSlowPackage,
  runsPerHost,
  scheduledRfc,
  startDeployWorld,
  until,
  waitForEnd,
  writeCliConfig,
  type DeployWorld,
} from '../../integration/deploy/deploy-fixture';
import { exited, startDeployCli } from './deploy-cli';

const TARGETS = 8;

let w: DeployWorld;
let configFile: string;
const children: ChildProcess[] = [];

function startCli(input?: string): ChildProcess {
  const { child } = startDeployCli(w, configFile, input);
  children.push(child);
  return child;
}

beforeAll(async () => {
  w = await startDeployWorld({ ports: TARGETS }, {}, { jobs: false });
  await addSlowPackage(w, 3, { idempotent: false });
  configFile = writeCliConfig(w, { chase: { everyMinutes: 0.02, forHours: 1 } });
}, 90_000);

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await Promise.all(children.map(exited));
  await w?.stop();
}, 30_000);

test('SIGKILL mid-run, not idempotent, no check script: no host runs the install twice, even chased', async () => {
  const rfc = await scheduledRfc(w.bot.services, { package: { name: 'slow', version: '1.0' } });
  const first = startCli(`:in #operators\n/deploy ${rfc} to all --parallel 4\n`);
  const d = await until(
    'the deployment to start',
    async () => Deployment.findOne({ rfcKey: rfc }).lean<DeploymentDoc>(),
    60_000,
  );
  await until(
    'targets running with some succeeded',
    async () => {
      const ts = await liveTargets(d._id);
      return ts.some((t) => t.state === 'succeeded') && ts.some((t) => t.state === 'running');
    },
    60_000,
  );
  first.kill('SIGKILL');
  await exited(first);
  const caught = (await liveTargets(d._id)).filter((t) => t.state === 'running').map((t) => t.host);
  expect(caught.length).toBeGreaterThan(0);

  const second = startCli();
  expect((await waitForEnd(rfc, 'deploy', 90_000)).state).toBe('done');
  // Rounds of the chase come and go (every 1.2 s); the unknown targets stay unknown.
  await until(
    'three chase rounds',
    async () => ((await Deployment.findById(d._id).lean())?.chase.round ?? 0) >= 4,
    60_000,
  );
  const final = await liveTargets(d._id);
  expect(final.filter((t) => t.state === 'unknown').map((t) => t.host)).toEqual([...caught].sort());
  const runs = runsPerHost(w.marks, 'ran');
  for (const t of final)
    expect({ host: t.host, runs: runs[t.host] ?? 0 }).toEqual({
      host: t.host,
      runs: t.state === 'unknown' && !runs[t.host] ? 0 : 1,
    });

  const say = async (line: string) => TestBot.text(await w.bot.say('rolf', line, { channel: '#operators' }));
  expect(await say(`/chase ${rfc} list`)).toContain(
    `${caught[0]}: unknown (interrupted mid-run, may have run already; not retried until \`chase ${rfc} retry ${caught[0]} --yes\`)`,
  );
  expect(await say(`/chase ${rfc} retry ${caught[0]}`)).toContain(`type \`chase ${rfc} retry ${caught[0]} --yes\``);
  second.kill('SIGTERM');
  await exited(second);
  const retried = await say(`/chase ${rfc} retry ${caught[0]} --yes`);
  expect(retried).toContain(`${caught[0]} ran again at Rolf Eide's request and succeeded`);
  expect(runsPerHost(w.marks, 'ran')[caught[0]]).toBe((runs[caught[0]] ?? 0) + 1);
}, 180_000);
