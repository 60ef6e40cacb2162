import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Services } from '../../../commands/services';
import { Deployment, type DeploymentDoc, type TargetDoc } from '../../../src/deploy/deployment.model';
import { readTargets } from '../../../src/deploy/target-book';
import { withOutcomes } from '../../../src/deploy/target-fold';
import type { HostRecord } from '../../../src/inventory/host-record';
import YAML from 'yaml';
import { FIXTURE_CONFIG } from '../../support/fixture-config';
import { startSshdFarm, type SshdFarm, type SshdFarmOptions } from '../../platforms/sshd';
import { startTestBot, TestBot } from '../../support/test-bot';
import { templateFields } from '../../../src/changes/templates';
import { Ballot } from '../../../src/votes/ballot.model';
import { makeReleaseKey, type ReleaseKey } from './release-keys';

/**
 * The world's standard-change template: the test packages (`demo 1.0`, `slow 1.0`) on any of the
 * world's machines. `scheduledRfc` makes its changes from it, so they are approved by the change
 * policy (pre-approved by the template) without a vote.
 */
export const WORLD_TEMPLATE = {
  id: 'world-demo',
  title: 'Demo package on the test machines',
  need: 'The test machines need the demo package',
  description: 'Install the demo package',
  risk: 'low',
  targets: ['all'],
  allowedTargets: ['all', 'pilot'],
  testPlan: 'Installed on one canary first',
  backoutPlan: 'The package backout script removes it',
  package: { name: 'demo', version: '1.0' },
  allowedPackages: [
    { name: 'demo', versions: ['1.0'] },
    { name: 'slow', versions: ['1.0'] },
  ],
};

export interface DeployWorld {
  farm: SshdFarm;
  bot: TestBot;
  key: ReleaseKey;
  /** Where the test scripts leave `ran-HOST`, `back-HOST` and read `fail-HOST`. */
  marks: string;
  /** Host names in port order: good ports, then rogue, then closed. */
  hosts: string[];
  stop(): Promise<void>;
}

/** Install: records each run per host, fails where `fail-HOST` exists. Backout: records per host. */
export function scripts(marks: string) {
  return {
    install:
      `echo run >> ${marks}/ran-"$OPSDESK_HOST"\nif [ -e ${marks}/fail-"$OPSDESK_HOST" ]; then echo "disk ` +
      `full" >&2; exit 3; fi\necho "installed on $OPSDESK_HOST"\n`,
    backout: `echo back >> ${marks}/back-"$OPSDESK_HOST"\n`,
  };
}

export function hostName(i: number): string {
  return `pc-${String(i + 1).padStart(2, '0')}`;
}

function worldConfig(
  farm: SshdFarm,
  key: ReleaseKey,
  deploy: Record<string, unknown>,
  changes: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    deploy: {
      trustedKeys: [key.publicKeyFile],
      ssh: { user: farm.user, privateKeyFile: farm.clientKeyFile, connectTimeoutMs: 5000, commandTimeoutMs: 20_000 },
      progressEditMs: 500,
      leaseMs: 3000,
      ...deploy,
    },
    changes: { templates: [WORLD_TEMPLATE], ...changes },
  };
}

/**
 * Stops the world's bot (its database kept: the world must run on a `mongoUri` of its own) and starts a new one
 * on the same data, as a process restart does; `w.bot` is the new one.
 */
export async function restartWorldBot(w: DeployWorld, deploy: Record<string, unknown> = {}): Promise<void> {
  const uri = w.bot.mongoUri;
  await w.bot.stop({ keepDb: true });
  w.bot = await startTestBot({ jobs: true, mongoUri: uri, config: worldConfig(w.farm, w.key, deploy) });
}

/** sshd farm, signed package `demo 1.0`, inventory of every port (all pinned to the farm key), and the bot. */
export async function startDeployWorld(
  farmOpts: SshdFarmOptions,
  deploy: Record<string, unknown> = {},
  botOpts: { jobs?: boolean; mongoUri?: string; changes?: Record<string, unknown> } = {},
): Promise<DeployWorld> {
  const [farm, key] = await Promise.all([startSshdFarm(farmOpts), makeReleaseKey()]);
  const marks = mkdtempSync(join(tmpdir(), 'opsdesk-marks-'));
  const bot = await startTestBot({
    jobs: botOpts.jobs ?? true,
    mongoUri: botOpts.mongoUri,
    config: worldConfig(farm, key, deploy, botOpts.changes),
  });
  const ports = [...farm.ports, ...farm.roguePorts, ...farm.closedPorts];
  const hosts = ports.map((_, i) => hostName(i));
  const records: HostRecord[] = ports.map((port, i) => ({
    name: hosts[i],
    address: '127.0.0.1',
    port,
    school: i % 2 ? 'sandvik' : 'nordby',
    role: 'classroom',
    groups: i < 5 ? ['pilot'] : [],
    attributes: {},
    hostKey: farm.hostKey,
  }));
  await bot.services.inventory.import(records);
  await bot.services.packages.add({ name: 'demo', version: '1.0', idempotent: true, scripts: scripts(marks) });
  await bot.services.packages.sign('demo', '1.0', key.privateKey);
  const world: DeployWorld = {
    farm,
    bot,
    key,
    marks,
    hosts,
    stop: async () => {
      await world.bot.stop(); // the bot of now: `restartWorldBot` replaces it
      await farm.stop();
      rmSync(marks, { recursive: true, force: true });
    },
  };
  return world;
}

/**
 * A scheduled standard change from the world's template (pre-approved by it, so the change policy
 * lets it ship) whose window is open now; `state: 'draft'` leaves it a draft.
 */
export async function scheduledRfc(
  services: Services,
  opts: {
    package?: { name: string; version: string };
    targets?: string[];
    window?: { start: Date; end: Date };
    state?: 'scheduled' | 'draft';
  } = {},
): Promise<string> {
  const person = services.people.get('rolf')!;
  const template = services.config.changes.templates.find((t) => t.id === WORLD_TEMPLATE.id)!;
  const window = opts.window ?? { start: new Date(Date.now() - 3600_000), end: new Date(Date.now() + 3600_000) };
  const fields = {
    ...templateFields(template),
    window,
    package: opts.package ?? { name: 'demo', version: '1.0' },
    targets: opts.targets ?? ['all'],
  };
  const rfc = await services.changes.create({
    person,
    title: 'Demo package',
    conversation: { platform: 'test', channel: '#operators' },
    type: 'standard',
    template: template.id,
    fields,
  });
  if (opts.state !== 'draft') await services.changes.scheduleStandard(rfc.key, person);
  return rfc.key;
}

/** A window as typed in chat (local time in `timezone`; to the second when `precise`). */
export function typedWindow(w: { start: Date; end: Date }, timezone: string, precise = false): string {
  const format = precise ? "yyyy-LL-dd'T'HH:mm:ss" : 'yyyy-LL-dd HH:mm';
  const f = (d: Date) => DateTime.fromJSDate(d).setZone(timezone).toFormat(format);
  return `window="${f(w.start)}..${f(w.end)}"`;
}

/**
 * A normal change (or an emergency change, confirmed by the change manager maria when `confirm`)
 * requested by rolf and taken through both CCB votes by four members, through the real commands:
 * the way a change gets its approval. Its window is open now unless given.
 */
export async function ccbApprovedRfc(
  bot: TestBot,
  opts: {
    type?: 'normal' | 'emergency';
    confirm?: boolean;
    targets?: string;
    window?: { start: Date; end: Date };
    /** The window typed to the second (a start due in seconds). */
    precise?: boolean;
    package?: string;
    requester?: string;
  } = {},
): Promise<string> {
  const who = opts.requester ?? 'rolf';
  const say = async (person: string, text: string) =>
    TestBot.text(await bot.say(person, text, { channel: '#changes' }));
  const tz = bot.services.config.organisation.timezone;
  const window = opts.window ?? { start: new Date(Date.now() - 3600_000), end: new Date(Date.now() + 3600_000) };
  const fields = [
    'need="the pilot machines need it"',
    'description="install the demo package"',
    'risk=low',
    `targets=${opts.targets ?? 'pilot'}`,
    typedWindow(window, tz, opts.precise),
    'testPlan="canary first"',
    'backoutPlan="the backout script"',
  ].join(' ');
  const created = await say(who, `/rfc new Demo change --type ${opts.type ?? 'normal'} ${fields}`);
  const key = /Created (RFC-\d+)/u.exec(created)?.[1];
  if (!key) throw new Error(`no RFC created: ${created}`);
  if (opts.confirm) await say('maria', `/rfc confirm ${key} the outbreak will not wait`);
  const vote = async () => {
    const ballot = await Ballot.findOne({ rfcKey: key, open: true }).lean();
    if (!ballot) throw new Error(`${key} has no open vote`);
    for (const member of ['carl', 'cecilie', 'chris', 'camilla']) await bot.react(member, ballot.cards[0], '+1');
  };
  await say(who, `/rfc submit ${key}`);
  await vote();
  await say(who, `/rfc built ${key} package="${opts.package ?? 'demo 1.0'}" testResults="fine on the canary"`);
  await say(who, `/rfc release ${key} backoutTest="removed again on one machine"`);
  await vote();
  const state = (await bot.services.changes.require(key)).state;
  if (state !== 'scheduled') throw new Error(`${key} is ${state}, not scheduled`);
  return key;
}

export async function waitForEnd(
  rfcKey: string,
  kind: 'deploy' | 'rollback' = 'deploy',
  timeoutMs = 90_000,
): Promise<DeploymentDoc> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const d = await Deployment.findOne({ rfcKey, kind }).sort({ number: -1 }).lean<DeploymentDoc>();
    if (d && d.state !== 'running') return d;
    if (Date.now() > deadline) throw new Error(`${rfcKey} ${kind} still running after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function until<T>(
  what: string,
  fn: () => Promise<T | undefined | null | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The targets (the target book) with their last attempt's outcome (error, exit code, output, runner). */
export async function targetsOf(d: Pick<DeploymentDoc, '_id'>): Promise<TargetDoc[]> {
  const targets = await readTargets(d._id);
  return withOutcomes(targets.sort((a, b) => (a.host < b.host ? -1 : a.host > b.host ? 1 : 0)));
}

/** How many times the install (`ran`) or backout (`back`) script ran on each host. */
export function runsPerHost(marks: string, what: 'ran' | 'back'): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of readdirSync(marks)) {
    if (!f.startsWith(`${what}-`)) continue;
    out[f.slice(what.length + 1)] = readFileSync(join(marks, f), 'utf8').split('\n').filter(Boolean).length;
  }
  return out;
}

export function ranOn(marks: string, host: string): boolean {
  return existsSync(join(marks, `ran-${host}`));
}

/**
 * Signed package `slow 1.0`: records each run per host (`ran-HOST`), then takes `seconds`; idempotent (the
 * convention) unless told.
 */
export async function addSlowPackage(
  w: DeployWorld,
  seconds: number,
  opts: { idempotent?: boolean } = {},
): Promise<void> {
  await w.bot.services.packages.add({
    name: 'slow',
    version: '1.0',
    idempotent: opts.idempotent ?? true,
    scripts: { install: `echo run >> ${w.marks}/ran-"$OPSDESK_HOST"\nsleep ${seconds}\necho ok\n`, backout: 'true\n' },
  });
  await w.bot.services.packages.sign('slow', '1.0', w.key.privateKey);
}

/**
 * A config file for the real CLI (`opsdesk start --as rolf`) deploying to the world's farm: the
 * console on, no health server, quick job scans, canary off, ×4; `deploy` overrides the rest.
 */
export function writeCliConfig(w: DeployWorld, deploy: Record<string, unknown> = {}): string {
  const raw = YAML.parse(readFileSync(FIXTURE_CONFIG, 'utf8')) as Record<string, unknown>;
  raw.console = { enabled: true, defaultUser: 'rolf' };
  raw.http = { enabled: false };
  raw.jobs = { processEveryMs: 200, shutdownGraceMs: 1000 };
  raw.deploy = {
    trustedKeys: [w.key.publicKeyFile],
    ssh: { user: w.farm.user, privateKeyFile: w.farm.clientKeyFile, connectTimeoutMs: 5000 },
    canary: 0,
    parallel: 4,
    progressEditMs: 500,
    leaseMs: 3000,
    ...deploy,
  };
  raw.changes = { templates: [WORLD_TEMPLATE] };
  const file = join(w.marks, 'opsdesk.yaml');
  writeFileSync(file, YAML.stringify(raw));
  return file;
}
