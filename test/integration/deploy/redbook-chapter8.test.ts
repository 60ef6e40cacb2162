/**
 * The IBM Redbook's chapter 8 case study, end to end, the way a change board would live it: change order
 * ESDWAS61101 ("Deploy WebSphere Application Server V6.1", Table 8-1) groups two RFCs (DB2 Enterprise V9 and
 * WebSphere Application Server V6.1) with its external id and a target date distinct from the window; each goes to
 * the technical review board (TAB) first, then the CCB; its start condition ("System p 615 hardware being
 * available") is marked met by the change manager before it may ship; it is delivered to the pilot servers, pauses
 * for a go, then the rest (real sshd targets); the post-implementation review reaches the CCB under its card; the
 * order shows both reviewed; the signed export of each change's record verifies with gpg.
 * Would catch: any step of the seed's process the product cannot carry through (a TAB approval taken for the
 * CCB's, a deploy before the start condition, an RFC deployed by its pilot alone, a review the board never sees,
 * an export whose signature does not verify), and a change order that loses track of its changes.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { Rfc } from '../../../src/changes/rfc.model';
import { Ballot } from '../../../src/votes/ballot.model';
import { Deployment, type DeploymentDoc } from '../../../src/deploy/deployment.model';
import { latestCard } from '../../support/ccb-card';
import { TestBot } from '../../support/test-bot';
import { startDeployWorld, typedWindow, until, waitForEnd, type DeployWorld } from './deploy-fixture';

let w: DeployWorld;
let exportDir: string;
const PILOT = ['pc-01', 'pc-02'];
const ALL = ['pc-01', 'pc-02', 'pc-03', 'pc-04', 'pc-05'];
const CONDITION = 'System p 615 hardware being available';

const say = async (who: string, line: string, channel = '#changes') =>
  TestBot.text(await w.bot.say(who, line, { channel }));
const state = async (key: string) => (await Rfc.findOne({ key }).lean())?.state;
/** On which hosts, and how many times, the install script of `pkg` ran. */
const installs = (pkg: string): Record<string, number> =>
  Object.fromEntries(
    ALL.filter((h) => existsSync(join(w.marks, `${pkg}-${h}`))).map((h) => [
      h,
      readFileSync(join(w.marks, `${pkg}-${h}`), 'utf8')
        .split('\n')
        .filter(Boolean).length,
    ]),
  );

beforeAll(async () => {
  exportDir = await mkdtemp(join(tmpdir(), 'opsdesk-redbook-'));
  w = await startDeployWorld(
    { ports: 5 },
    { canary: 0, completionRatio: 1, pilot: { group: 'esd-pilot' }, chase: { everyMinutes: 600, forHours: 1 } },
    {
      changes: {
        exportDir,
        boards: {
          ccb: { channel: 'ccb' },
          esd: { channel: 'ccb', technicalReview: 'tab' },
          tab: { channel: 'operators', members: ['carl', 'chris', 'camilla'] },
        },
        routing: [{ category: 'distribute', board: 'esd' }],
      },
    },
  );
  // The North America data center: two pilot servers, then the rest; all of them the WebSphere servers.
  const hosts = await w.bot.services.inventory.all();
  await w.bot.services.inventory.import(
    hosts.map((h) => ({
      name: h.name,
      address: h.address,
      port: h.port,
      hostKey: h.hostKey,
      attributes: {},
      groups: PILOT.includes(h.name) ? ['esd-pilot', 'esd-was'] : ['esd-was'],
    })),
  );
  for (const [name, version] of [
    ['db2', '9.0'],
    ['was', '6.1'],
  ]) {
    await w.bot.services.packages.add({
      name,
      version,
      idempotent: false,
      scripts: { install: `echo run >> ${w.marks}/${name}-"$OPSDESK_HOST"\n`, backout: 'true\n' },
    });
    await w.bot.services.packages.sign(name, version, w.key.privateKey);
  }
}, 90_000);
afterAll(async () => {
  await w?.stop();
  await rm(exportDir, { recursive: true, force: true });
});

/** Every member of the board whose ballot is open on `key` approves it by reaction; returns the ballot's kind. */
async function boardApproves(key: string, members: string[]): Promise<string> {
  const ballot = await Ballot.findOne({ rfcKey: key, open: true }).lean();
  if (!ballot) throw new Error(`${key} has no open vote (it is ${await state(key)})`);
  for (const m of members) await w.bot.react(m, ballot.cards[0], '+1');
  return `${ballot.kind}:${ballot.board}`;
}

/** An RFC of the order, proposed by Oscar, through the TAB and the CCB to release-approved. */
async function throughTheBoards(title: string, pkg: string, window: { start: Date; end: Date }): Promise<string> {
  const tz = w.bot.services.config.organisation.timezone;
  const created = await say(
    'oscar',
    `/rfc new ${title} categories=distribute need="Project 101: the accounting application needs it" ` +
      `description="${title} on the WebSphere servers" risk=medium targets=esd-was ${typedWindow(window, tz)} ` +
      'testPlan="Unit test at the Building Site, test plan at the Test Site" backoutPlan="Remove the package" ' +
      `startCondition="${CONDITION}" externalId=ESDWAS61101 targetDate=${targetDate}`,
  );
  const key = /Created (RFC-\d+)/u.exec(created)![1];
  expect(await say('oscar', `/rfc submit ${key}`)).toMatch(/queued for technical review by the tab board/u);
  expect(latestCard(w.bot, key, '#operators').text).toMatch(/\[VOTING: TECHNICAL REVIEW\]/u);
  expect(await boardApproves(key, ['carl', 'chris', 'camilla'])).toBe('technical:tab');
  expect(await state(key)).toBe('proposed'); // the TAB's approval is not the CCB's
  expect(latestCard(w.bot, key).text).toMatch(/\[VOTING: APPROVAL\]/u);
  expect(await boardApproves(key, ['carl', 'cecilie', 'chris', 'camilla'])).toBe('approval:esd');
  expect(await state(key)).toBe('approved');
  await say('oscar', `/rfc built ${key} package="${pkg}" testResults="all test cases passed at the Test Site"`);
  await say('oscar', `/rfc release ${key} backoutTest="removed again on the test server"`);
  expect(await boardApproves(key, ['carl', 'cecilie', 'chris', 'camilla'])).toMatch(/^release:/u);
  expect(await state(key)).toBe('scheduled');
  return key;
}

/** `/deploy`: the pilot runs and the deployment waits for a go; Rolf's go by reaction lets the rest run. */
async function pilotThenRest(key: string, pkg: string): Promise<DeploymentDoc> {
  const reply = await say('rolf', `/deploy ${key}`, '#operators');
  expect(reply).toMatch(new RegExp(`^Deployment D-\\d+ of ${key}: `, 'mu'));
  let last: DeploymentDoc | null = null;
  const gate = await until(
    `the pilot gate of ${key} (the /deploy reply: ${reply})`,
    async () => {
      last = await Deployment.findOne({ rfcKey: key }).sort({ number: -1 }).lean<DeploymentDoc>();
      return last?.pilot?.state === 'waiting' && last.pilot.card && last;
    },
    60_000,
  ).catch((err: Error) => {
    throw new Error(`${err.message}; the deployment: ${JSON.stringify(last)}`);
  });
  expect(installs(pkg)).toEqual({ 'pc-01': 1, 'pc-02': 1 });
  expect(await state(key)).toBe('deploying');
  const card = w.bot.sent.filter((s) => s.msg.card?.title === `Go/no-go: Deployment D-${gate.number} of ${key}`).pop()!;
  expect(card.msg.text).toMatch(/Pilot esd-pilot \(2: pc-01, pc-02\): 2\/2 done, 2 succeeded\./u);
  expect(card.msg.text).toMatch(/3 host\(s\) wait for the go/u);
  await w.bot.react('rolf', gate.pilot!.card!, '+1');
  const done = await waitForEnd(key);
  expect(done.state).toBe('done');
  expect(installs(pkg)).toEqual(Object.fromEntries(ALL.map((h) => [h, 1])));
  await until(`${key} deployed`, async () => (await state(key)) === 'deployed');
  return done;
}

let targetDate: string;

test('Redbook chapter 8: change order ESDWAS61101, TAB then CCB, start condition, pilot then the rest, review, signed export', async () => {
  const tz = w.bot.services.config.organisation.timezone;
  targetDate = DateTime.now().setZone(tz).plus({ days: 7 }).toISODate()!;
  const window = { start: new Date(Date.now() - 3600_000), end: new Date(Date.now() + 4 * 3600_000) };

  // Table 8-1: the change order, with its external id and a target date a week after the window.
  const order = await say(
    'maria',
    `/order new Deploy WebSphere Application Server V6.1 --external-id ESDWAS61101 --target-date ${targetDate}`,
  );
  const co = /change order (CO-\d+)/u.exec(order)![1];
  expect(order).toMatch(
    new RegExp(`\\(ESDWAS61101\\): Deploy WebSphere Application Server V6\\.1, target ${targetDate}`, 'u'),
  );

  const db2 = await throughTheBoards('DB2 Enterprise V9', 'db2 9.0', window);
  const was = await throughTheBoards('WebSphere Application Server V6.1', 'was 6.1', window);
  expect(await say('maria', `/order add ${co} ${db2} ${was}`)).toContain(`${co} now groups ${db2}, ${was}`);
  expect(await say('maria', `/order show ${co}`)).toMatch(
    new RegExp(`^${co} \\(ESDWAS61101\\) Deploy WebSphere Application Server V6\\.1: 2 changes: 2 scheduled`, 'u'),
  );

  // Nothing ships before the start condition is marked met, and only the change manager marks it.
  expect(await say('rolf', `/deploy ${db2}`, '#operators')).toContain(CONDITION);
  expect(installs('db2')).toEqual({});
  expect(await say('rolf', `/rfc condition ${db2} met`)).toMatch(/Only a change-manager marks/u);
  for (const key of [db2, was])
    expect(await say('maria', `/rfc condition ${key} met the p615 arrived and is racked`)).toContain(
      `${key}: start condition "${CONDITION}" marked met by Maria Vik`,
    );

  // The pilot servers first, a go, then the rest; each RFC is deployed only after all five servers.
  const d1 = await pilotThenRest(db2, 'db2');
  const d2 = await pilotThenRest(was, 'was');
  expect(d1.number).not.toBe(d2.number);
  expect(await say('oscar', '/inventory show pc-05', '#operators')).toMatch(
    /runs db2: 9\.0[\s\S]*runs was: 6\.1|runs was: 6\.1[\s\S]*runs db2: 9\.0/u,
  );
  await until('the CCB card to follow', async () => /Now: DEPLOYED since/u.test(latestCard(w.bot, was).text));

  // The post-implementation review reaches the CCB, under each change's card; the order shows both reviewed.
  for (const key of [db2, was]) {
    expect(
      await say('oscar', `/rfc review ${key} delivered to all five servers --satisfaction 5 --in-time yes`),
    ).toMatch(/the review is posted to the CCB/u);
    const ref = latestCard(w.bot, key).ref;
    const under = w.bot.sent
      .filter((s) => s.action === 'post' && s.to?.thread === ref.messageId)
      .map((s) => s.msg.text);
    expect(under).toContainEqual(
      expect.stringMatching(
        new RegExp(`^Post-deployment review of ${key} by Oscar Nilsen, satisfaction 5/5, in time`, 'u'),
      ),
    );
    expect(latestCard(w.bot, key).text).toMatch(/Now: REVIEWED since/u);
  }
  expect(await say('maria', `/order show ${co}`)).toMatch(
    new RegExp(`${co} \\(ESDWAS61101\\) .*: 2 changes: 2 reviewed`, 'u'),
  );

  // The record of the change, exported and signed by the bot: gpg verifies the signature; it tells the whole story.
  const exported = await say('maria', `/rfc export ${was}`, '#ccb');
  expect(exported).toMatch(/its audit chain is verified/u);
  const file = join(exportDir, `${was}.json`);
  const record = JSON.parse(await readFile(file, 'utf8')) as {
    audit: Array<{ kind: string; to?: string; reason?: string }>;
  };
  const moves = record.audit.filter((e) => e.kind === 'transition').map((e) => e.to);
  expect(moves).toEqual([
    'proposed',
    'approved',
    'built',
    'release-vote',
    'scheduled',
    'deploying',
    'deployed',
    'reviewed',
  ]);
  expect(record.audit.some((e) => e.kind === 'note' && /^start condition met/u.test(e.reason ?? ''))).toBe(true);
  const gnupg = await mkdtemp(join(tmpdir(), 'opsdesk-gnupg-'));
  try {
    const env = { ...process.env, GNUPGHOME: gnupg };
    execFileSync('gpg', ['--batch', '--import', process.env.OPSDESK_TEST_SIGNING_PUBLIC_KEY!], { env, stdio: 'pipe' });
    const verified = spawnSync('gpg', ['--batch', '--verify', `${file}.asc`, file], { env, encoding: 'utf8' });
    expect(verified.stderr).toMatch(/Good signature from "opsdesk tests <opsdesk@tests.invalid>"/u);
    expect(verified.status).toBe(0);
  } finally {
    await rm(gnupg, { recursive: true, force: true });
  }
}, 300_000);
