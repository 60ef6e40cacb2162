import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../../src/core/clock';
import { ChangeAudit } from '../../../src/changes/change-audit.model';
import { Rfc } from '../../../src/changes/rfc.model';
import { generateBotKey } from '../../../src/signing/generate-key';
import { Ballot } from '../../../src/votes/ballot.model';
import { startTestBot, TestBot } from '../../support/test-bot';

let bot: TestBot;
let dir: string;
const clock = new ManualClock('2026-11-23T09:00:00Z');
const text = TestBot.text;
const FIELDS =
  'need="exam templates crash" description="install 25.8" risk=low targets=classroom-pcs testPlan="pilot room 12" ' +
  'backoutPlan="reinstall 24.2" --window "2026-12-01 16:00..2026-12-01 20:00"';

beforeAll(async () => {
  // This file's own key (its public key is imported into gpg below), not the run's test key.
  delete process.env.OPSDESK_SIGNING_KEY_FILE;
  dir = await mkdtemp(join(tmpdir(), 'opsdesk-changes-'));
  await generateBotKey({ dir: join(dir, 'keys'), name: 'opsdesk test', email: 'opsdesk@test' });
  bot = await startTestBot({
    clock,
    config: {
      changes: {
        exportDir: join(dir, 'exports'),
        signing: { keyDir: join(dir, 'keys') },
        templates: [
          {
            id: 'printer-driver',
            title: 'Printer driver update',
            need: 'vendor fix',
            description: 'update the driver',
            targets: ['printers'],
            testPlan: 'print a test page',
            backoutPlan: 'previous driver',
          },
        ],
      },
    },
  });
});
afterAll(async () => {
  await bot?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function newComplete(title: string, extra = ''): Promise<string> {
  const out = await bot.say('rolf', `/rfc new ${title} ${extra}`.trim(), { channel: '#changes' });
  const key = /Created (RFC-\d+)/.exec(text(out))![1];
  expect(text(await bot.say('rolf', `/rfc edit ${key} ${FIELDS}`, { channel: '#changes' }))).toMatch(/has everything/);
  return key;
}

async function cardOf(key: string) {
  const b = await Ballot.findOne({ rfcKey: key, open: true }).lean();
  return b!.cards[0];
}

async function voteAll(key: string, who: string[], emoji: string) {
  const card = await cardOf(key);
  for (const w of who) await bot.react(w, card, emoji);
}

test(
  'proposal, approval, built, release go, scheduled, deployed, reviewed, closed; the signed export verifies with ' +
    'gpg',
  async () => {
    const key = await newComplete('Upgrade LibreOffice to 25.8');
    await bot.say('rolf', `/rfc submit ${key}`, { channel: '#changes' });
    await voteAll(key, ['carl', 'cecilie', 'chris', 'maria'], 'white_check_mark');
    expect((await Rfc.findOne({ key }).lean())?.state).toBe('approved');

    // Release approval needs the package, the test results and a tested backout.
    expect(text(await bot.say('rolf', `/rfc release ${key}`, { channel: '#changes' }))).toMatch(
      /is approved; it cannot become release-vote/,
    );
    expect(text(await bot.say('rolf', `/rfc built ${key}`, { channel: '#changes' }))).toMatch(
      /needs package, testResults before `rfc built`/,
    );
    expect(
      text(
        await bot.say(
          'rolf',
          `/rfc built ${key} package="libreoffice 25.8.1" testResults="room 12: 30 PCs fine for a week"`,
          { channel: '#changes' },
        ),
      ),
    ).toMatch(/is now built/);
    expect(text(await bot.say('rolf', `/rfc release ${key}`, { channel: '#changes' }))).toMatch(/needs backoutTest/);
    expect(
      text(
        await bot.say('rolf', `/rfc release ${key} backoutTest="24.2 reinstalled on 2 PCs"`, { channel: '#changes' }),
      ),
    ).toMatch(/release approval \(go\/no-go\)/);
    const releaseCard = await cardOf(key);
    expect(text(bot.sent.filter((s) => s.ref.messageId === releaseCard.messageId))).toMatch(/VOTING: RELEASE/);
    await voteAll(key, ['carl', 'cecilie', 'chris', 'camilla'], '+1');
    const scheduled = await Rfc.findOne({ key }).lean();
    expect(scheduled?.state).toBe('scheduled');

    // The release decision recorded the digest of exactly what was approved (a later edit of it reopens
    // the vote: test/integration/changes/change-policy.test.ts).
    expect(scheduled?.approval).toMatchObject({
      stage: 'release',
      how: 'vote',
      digest: expect.stringMatching(/^[0-9a-f]{64}$/u),
      content: { targets: ['classroom-pcs'], package: { name: 'libreoffice', version: '25.8.1' } },
    });
    expect(scheduled?.approval?.approvers.sort()).toEqual(['camilla', 'carl', 'cecilie', 'chris']);
    // The deployment engineer's part, through the contract.
    await bot.services.changes.transition(key, 'deploying', { personId: 'rolf' }, 'deploy started');
    await bot.services.changes.transition(
      key,
      'deployed',
      { personId: 'opsdesk' },
      '28 of 30 done, 2 on the chase ' + 'list',
    ); // the deployment moves it on, never a person
    expect(
      text(
        await bot.say(
          'rolf',
          `/rfc review ${key} went fine, two PCs chased the next day --satisfaction 5 --in-time yes`,
          { channel: '#changes' },
        ),
      ),
    ).toMatch(/is reviewed/);
    expect((await Rfc.findOne({ key }).lean())?.review).toMatchObject({
      satisfaction: 5,
      inTime: true,
      note: 'went fine, two PCs chased the next day',
    });
    expect(text(await bot.say('rolf', `/rfc close ${key}`, { channel: '#changes' }))).toMatch(/is now closed/);

    const audit = text(await bot.say('maria', `/rfc audit ${key}`, { channel: '#ccb' }));
    for (const step of [
      'draft → proposed',
      'proposed → approved',
      'approved → built',
      'built → release-vote',
      'release-vote → scheduled',
      'scheduled → deploying',
      'reviewed → closed',
    ])
      expect(audit).toContain(step);
    expect(audit).toMatch(/opsdesk: decision approved — closed early/);
    expect(audit).not.toContain('[signed]');
    const fingerprint = (await bot.services.changes.signer())!.fingerprint!;
    expect(audit).toMatch(
      new RegExp(`^${key} record \\(\\d+ entries\\): verified \\(\\d+ entries, signed by ${fingerprint}\\)`),
    );
    const decisions = await ChangeAudit.find({ rfcKey: key, kind: 'decision' }).lean();
    expect(decisions).toHaveLength(2);
    expect(decisions.every((d) => d.signature?.startsWith('-----BEGIN PGP SIGNATURE-----'))).toBe(true);

    const exported = text(await bot.say('maria', `/rfc export ${key}`, { channel: '#ccb' }));
    expect(exported).toMatch(/gpg --verify/);
    const file = join(dir, 'exports', `${key}.json`);
    const record = JSON.parse(await readFile(file, 'utf8'));
    expect(record.change.state).toBe('closed');
    expect(record.ballots).toHaveLength(2);
    expect(record.audit.length).toBeGreaterThan(10);

    const gnupg = await mkdtemp(join(tmpdir(), 'opsdesk-gnupg-'));
    try {
      const env = { ...process.env, GNUPGHOME: gnupg };
      execFileSync('gpg', ['--batch', '--import', join(dir, 'keys', 'opsdesk-signing.pub.asc')], {
        env,
        stdio: 'pipe',
      });
      const ok = spawnSync('gpg', ['--batch', '--verify', `${file}.asc`, file], { env, encoding: 'utf8' });
      expect(ok.stderr).toMatch(/Good signature from "opsdesk test <opsdesk@test>"/);
      expect(ok.status).toBe(0);
      // One byte changed: the signature no longer verifies.
      const bytes = await readFile(file);
      const i = bytes.indexOf(Buffer.from('"closed"'));
      bytes[i + 1] = 'C'.charCodeAt(0);
      await writeFile(file, bytes);
      const bad = spawnSync('gpg', ['--batch', '--verify', `${file}.asc`, file], { env, encoding: 'utf8' });
      expect(bad.stderr).toMatch(/BAD signature/);
      expect(bad.status).not.toBe(0);
    } finally {
      await rm(gnupg, { recursive: true, force: true });
    }
    // The private key never reaches the log.
    const armoredKey = await readFile(join(dir, 'keys', 'opsdesk-signing.key.asc'), 'utf8');
    const keyBody = armoredKey.split('\n').filter((l) => /^[A-Za-z0-9+/=]{40,}$/u.test(l))[1];
    expect(keyBody).toBeDefined();
    expect(bot.logLines.join('')).not.toContain(keyBody);
  },
);

test(
  'a rejection by reactions; a third vote postponed for lack of quorum at the deadline, with a half-time ' + 'reminder',
  async () => {
    const rejected = await newComplete('Replace the wifi controller');
    await bot.say('rolf', `/rfc submit ${rejected}`, { channel: '#changes' });
    await voteAll(rejected, ['carl', 'cecilie', 'chris'], 'x');
    expect((await Rfc.findOne({ key: rejected }).lean())?.state).toBe('rejected');
    expect(text(bot.dmsTo('rolf'))).toMatch(new RegExp(`vote on ${rejected} is closed: \\*rejected\\*`));

    const quiet = await newComplete('Change the proxy');
    await bot.say('rolf', `/rfc submit ${quiet}`, { channel: '#changes' });
    const ballot = (await Ballot.findOne({ rfcKey: quiet }).lean())!;
    expect(ballot.deadline.getTime() - clock.now().getTime()).toBe(72 * 3_600_000);
    await bot.react('carl', ballot.cards[0], '+1');
    clock.set(ballot.remindAt);
    const reminded = await bot.services.votes.remind(ballot._id);
    expect(reminded.sort()).toEqual(['camilla', 'cecilie', 'chris', 'conrad', 'maria']);
    expect(text(bot.dmsTo('cecilie'))).toMatch(new RegExp(`Reminder: the CCB approval vote on ${quiet} closes`));
    expect(await bot.services.votes.remind(ballot._id)).toEqual([]); // a re-run reminds nobody twice
    await bot.react('cecilie', ballot.cards[0], '+1');
    clock.set(ballot.deadline);
    expect(await bot.services.votes.deadline(ballot._id)).toBe(true);
    expect(await bot.services.votes.deadline(ballot._id)).toBe(false);
    const after = await Rfc.findOne({ key: quiet }).lean();
    expect(after?.state).toBe('postponed');
    const decision = await ChangeAudit.findOne({ rfcKey: quiet, kind: 'decision' }).lean();
    expect(decision?.reason).toBe('deadline reached without quorum (2 of 3 needed)');
    // Postponed before approval: a release vote is refused, it must be submitted again.
    expect(
      text(
        await bot.say('rolf', `/rfc release ${quiet} package="x 1" testResults=ok backoutTest=ok`, {
          channel: '#changes',
        }),
      ),
    ).toMatch(/postponed before the CCB approved it/);
    expect((await Rfc.findOne({ key: quiet }).lean())?.package).toBeUndefined();
    // Resubmitted, it gets a fresh vote (round 2).
    await bot.say('rolf', `/rfc submit ${quiet}`, { channel: '#changes' });
    expect((await Ballot.findOne({ rfcKey: quiet, open: true }).lean())?._id).toBe(`${quiet}/approval/2`);
  },
);

test('a change manager overrides with a reason, shown on the card and recorded', async () => {
  const key = await newComplete('Urgent antivirus signature rollout');
  await bot.say('rolf', `/rfc submit ${key}`, { channel: '#changes' });
  const card = await cardOf(key);
  await bot.react('chris', card, 'x');
  expect(text(await bot.say('carl', `/rfc override ${key} approve no time`, { channel: '#ccb' }))).toMatch(
    /is for: change-manager/,
  );
  const out = await bot.say('maria', `/rfc override ${key} approve board unreachable during the outbreak`, {
    channel: '#ccb',
  });
  expect(text(out)).toMatch(/overridden: \*approved\*.*It is now approved/);
  const edits = bot.sent.filter((s) => s.action === 'edit' && s.ref.messageId === card.messageId);
  expect(edits[edits.length - 1].msg.text).toMatch(
    /\[APPROVED \(override\)\].*by override of Maria Vik: board unreachable during the outbreak/,
  );
  const rec = await ChangeAudit.findOne({ rfcKey: key, kind: 'override' }).lean();
  expect(rec).toMatchObject({ actorId: 'maria', to: 'approved', reason: 'board unreachable during the outbreak' });
});

test('emergency changes: smaller quorum, short deadline, review required before close', async () => {
  const key = await newComplete('Block the phishing domain', '--type emergency');
  // Its emergency privileges (the emergency vote rule among them) need a change manager other than the requester.
  expect(text(await bot.say('maria', `/rfc confirm ${key} phishing wave in progress`, { channel: '#ccb' }))).toMatch(
    /confirmed as an emergency change by Maria Vik/,
  );
  await bot.say('rolf', `/rfc submit ${key}`, { channel: '#changes' });
  const ballot = (await Ballot.findOne({ rfcKey: key }).lean())!;
  expect(ballot.quorum).toBe(2);
  expect(ballot.deadline.getTime() - ballot.opensAt.getTime()).toBe(4 * 3_600_000);
  await bot.react('maria', ballot.cards[0], '+1');
  clock.set(ballot.deadline);
  await bot.services.votes.deadline(ballot._id);
  expect((await Rfc.findOne({ key }).lean())?.state).toBe('postponed');
  const rfc = await Rfc.findOne({ key }).lean();
  await Rfc.updateOne({ _id: rfc!._id }, { $set: { state: 'deployed' } }); // fast-forward for the review rule
  expect(text(await bot.say('rolf', `/rfc close ${key}`, { channel: '#changes' }))).toMatch(
    /emergency change: it must be reviewed before it is closed/,
  );
});

test('a standard change from a template is scheduled without a vote', async () => {
  const out = await bot.say('oscar', '/rfc new --template printer-driver', { channel: '#changes' });
  const key = /Created (RFC-\d+)/.exec(text(out))![1];
  expect(text(out)).toMatch(/standard, from template printer-driver: pre-approved/);
  expect(text(out)).toMatch(/1 still missing: window/);
  const before = await Ballot.countDocuments();
  // Complete, it goes straight to scheduled: no submit, no vote.
  expect(
    text(await bot.say('oscar', `/rfc edit ${key} --window "2026-12-02 15:00..16:00"`, { channel: '#changes' })),
  ).toMatch(/pre-approved standard change: \*scheduled\* for 2026-12-02 15:00 without a CCB vote/);
  expect((await Rfc.findOne({ key }).lean())?.state).toBe('scheduled');
  expect(await Ballot.countDocuments()).toBe(before);
  expect(await ChangeAudit.findOne({ rfcKey: key, kind: 'transition' }).lean()).toMatchObject({
    from: 'draft',
    to: 'scheduled',
    reason: 'standard change from template printer-driver: pre-approved',
  });
  // With every field on the command line it is scheduled at once.
  const oneLine = await bot.say(
    'oscar',
    '/rfc new --template printer-driver Driver for room 7 --window "2026-12-03 15:00..16:00"',
    { channel: '#changes' },
  );
  expect(text(oneLine)).toMatch(/Created RFC-\d+ \(standard[\s\S]*\*scheduled\* for 2026-12-03 15:00/);
});
