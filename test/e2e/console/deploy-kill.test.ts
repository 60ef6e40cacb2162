/**
 * kill -9 in the middle of a deployment: the real CLI (`opsdesk start`, console on a pipe) starts
 * `/deploy`, is SIGKILLed while targets run, and a second process started on the same database
 * finishes the deployment. No target that had succeeded runs the script again; targets caught
 * running run again (the package is idempotent: the convention).
 */
import type { ChildProcess } from 'node:child_process';
import { liveTargets } from '../../../src/deploy/target-fold';
import { Deployment, type DeploymentDoc } from '../../../src/deploy/deployment.model';
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

const TARGETS = 20;

let w: DeployWorld;
let configFile: string;
const children: ChildProcess[] = [];

function startCli(name: string, input?: string): { child: ChildProcess; log: () => string } {
  const cli = startDeployCli(w, configFile, input);
  children.push(cli.child);
  return { child: cli.child, log: () => `[${name}] ${cli.log()}` };
}

beforeAll(async () => {
  w = await startDeployWorld({ ports: TARGETS }, {}, { jobs: false });
  await addSlowPackage(w, 1);
  configFile = writeCliConfig(w);
}, 90_000);

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await Promise.all(children.map(exited));
  await w?.stop();
}, 30_000);

test('SIGKILL mid-deployment, restart: it completes and no succeeded target runs twice', async () => {
  const rfc = await scheduledRfc(w.bot.services, { package: { name: 'slow', version: '1.0' } });
  const first = startCli('first', `:in #operators\n/deploy ${rfc} to all --parallel 4\n`);
  const d = await until(
    'the deployment to start',
    async () => Deployment.findOne({ rfcKey: rfc }).lean<DeploymentDoc>(),
    60_000,
  ).catch((err: Error) => {
    throw new Error(`${err.message}\n${first.log()}`);
  });
  await until(
    '6 targets to succeed',
    async () => (await liveTargets(d._id)).filter((t) => t.state === 'succeeded').length >= 6,
    60_000,
  );
  first.child.kill('SIGKILL');
  await exited(first.child);
  const atKill = await liveTargets(d._id);
  const succeededBefore = atKill.filter((t) => t.state === 'succeeded').map((t) => t.host);
  const runningAtKill = atKill.filter((t) => t.state === 'running').map((t) => t.host);
  expect(succeededBefore.length).toBeGreaterThanOrEqual(6);
  expect(succeededBefore.length).toBeLessThan(TARGETS);
  expect((await Deployment.findById(d._id).lean<DeploymentDoc>())?.state).toBe('running');

  const second = startCli('second');
  const done = await waitForEnd(rfc, 'deploy', 90_000).catch((err: Error) => {
    throw new Error(`${err.message}\n${second.log()}`);
  });
  expect(done.state).toBe('done');
  expect(done.leaseEpoch).toBeGreaterThanOrEqual(2);
  const final = await liveTargets(d._id);
  expect(final.filter((t) => t.state === 'succeeded')).toHaveLength(TARGETS);
  const runs = runsPerHost(w.marks, 'ran');
  for (const h of succeededBefore) expect({ host: h, runs: runs[h] }).toEqual({ host: h, runs: 1 });
  for (const t of final) expect(runs[t.host]).toBeLessThanOrEqual(runningAtKill.includes(t.host) ? 2 : 1);
  // The second process ran what was left.
  expect(final.some((t) => t.runnerId !== atKill.find((a) => a.host === t.host)?.runnerId)).toBe(true);
  second.child.kill('SIGTERM');
  await exited(second.child);
}, 180_000);
