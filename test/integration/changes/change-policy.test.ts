/**
 * The change policy tried as a reviewer would, through the real commands: every bypass of the issue
 * is refused with its reason and changes nothing (the RFC, its ballots and its audit log stay as
 * they were), and what is allowed has the effect the policy names (a reopened vote, told to the
 * requester and the CCB).
 */
import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { ManualClock } from '../../../src/core/clock';
import { ChangeAudit } from '../../../src/changes/change-audit.model';
import { Rfc, type RfcDoc } from '../../../src/changes/rfc.model';
import { Ballot, Vote } from '../../../src/votes/ballot.model';
import { FIXTURE_CONFIG, startTestBot, TestBot } from '../../support/test-bot';

let bot: TestBot;
const clock = new ManualClock('2026-11-23T09:00:00Z');
const text = TestBot.text;
const FIELDS =
  'need="exam templates crash" description="install 25.8" risk=low targets=pilot testPlan="pilot room 12" ' +
  'backoutPlan="reinstall 24.2" --window "2026-12-01 16:00..2026-12-01 20:00"';

beforeAll(async () => {
  bot = await startTestBot({
    clock,
    config: {
      people: [
        ...(YAML.parse(readFileSync(FIXTURE_CONFIG, 'utf8')) as { people: unknown[] }).people,
        // Mona holds every role a change needs: she must still not take a change to the hosts alone.
        { id: 'mona', name: 'Mona Rud', roles: ['change-manager', 'operator', 'ccb'], identities: { test: 'mona' } },
      ],
      changes: {
        templates: [
          {
            id: 'printer-driver',
            title: 'Printer driver update',
            need: 'vendor fix',
            description: 'update the driver',
            targets: ['printers'],
            testPlan: 'print a test page',
            backoutPlan: 'previous driver',
            package: { name: 'printer-driver', version: '3.2' },
          },
        ],
      },
    },
  });
});
afterAll(async () => {
  await bot?.stop();
});

const say = async (who: string, line: string, channel = '#changes') => text(await bot.say(who, line, { channel }));

/** The RFC, its ballots, votes and audit log, to compare before and after a refused attempt. */
async function snapshot(key: string) {
  const rfc = await Rfc.findOne({ key }).lean<RfcDoc>();
  const ballots = await Ballot.find({ rfcKey: key }).sort({ _id: 1 }).lean();
  const votes = await Vote.countDocuments({ ballotId: { $in: ballots.map((b) => b._id) } });
  const audit = await ChangeAudit.countDocuments({ rfcKey: key });
  return JSON.stringify({ rfc, ballots, votes, audit });
}

/** Refused with `reason`, and nothing changed. */
async function refused(key: string, attempt: () => Promise<string>, reason: RegExp): Promise<void> {
  const before = await snapshot(key);
  expect(await attempt()).toMatch(reason);
  expect(await snapshot(key)).toBe(before);
}

async function draft(who = 'ingrid', extra = ''): Promise<string> {
  const out = await say(who, `/rfc new Upgrade LibreOffice ${FIELDS} ${extra}`.trim());
  return /Created (RFC-\d+)/u.exec(out)![1];
}

async function card(key: string) {
  return (await Ballot.findOne({ rfcKey: key, open: true }).lean())!.cards[0];
}

async function voteAll(key: string, members = ['carl', 'cecilie', 'chris', 'camilla', 'conrad']) {
  const c = await card(key);
  for (const m of members) await bot.react(m, c, '+1');
}

/** Draft -> approved -> built -> release-approved (scheduled), requested by `who`, voted by four others. */
async function scheduled(who = 'ingrid'): Promise<string> {
  const key = await draft(who);
  await say(who, `/rfc submit ${key}`);
  await voteAll(key);
  await say(who, `/rfc built ${key} package="libreoffice 25.8.1" testResults="room 12 fine"`);
  await say(who, `/rfc release ${key} backoutTest="24.2 reinstalled on 2 PCs"`);
  await voteAll(key);
  expect((await Rfc.findOne({ key }).lean())?.state).toBe('scheduled');
  return key;
}

describe('standard changes', () => {
  test(
    'an ICT contact cannot make a draft standard by editing it (no template, no vote): refused, still a ' + 'draft',
    async () => {
      const key = await draft('ingrid');
      await refused(
        key,
        () => say('ingrid', `/rfc edit ${key} type=standard`),
        /cannot become a standard change by editing: a standard change comes only from a configured template/u,
      );
      await refused(key, () => say('maria', `/rfc edit ${key} type=standard`), /only from a configured template/u);
      expect(await say('ingrid', `/rfc new Sneaky type=standard ${FIELDS}`)).toMatch(
        /A standard change comes only from a configured template/u,
      );
      expect(await Rfc.countDocuments({ title: 'Sneaky' })).toBe(0);
    },
  );

  test('typed values never widen a template: targets=all and another package are refused, no RFC is made', async () => {
    const before = await Rfc.countDocuments();
    expect(await say('ingrid', '/rfc new --template printer-driver targets=all package="tool 1.0"')).toMatch(
      /The new RFC is outside what template printer-driver allows: targets all are not among the template's targets \(printers\); package tool 1\.0 is not one the template allows \(printer-driver 3\.2\)/u,
    );
    expect(await say('ingrid', '/rfc new --template printer-driver risk=high')).toMatch(
      /risk is fixed by the template/u,
    );
    expect(await Rfc.countDocuments()).toBe(before);
    // Inside the template it is pre-approved and scheduled at once; its approval names the template.
    const out = await say('ingrid', '/rfc new --template printer-driver --window "2026-12-03 15:00..16:00"');
    const key = /Created (RFC-\d+)/u.exec(out)![1];
    expect(out).toMatch(/\*scheduled\* for 2026-12-03 15:00 without a CCB vote/u);
    expect((await Rfc.findOne({ key }).lean())?.approval).toMatchObject({
      stage: 'template',
      how: 'template',
      template: 'printer-driver',
    });
    // Edited later, it stays inside the template (re-approved by it) or is refused.
    await refused(
      key,
      () => say('ingrid', `/rfc edit ${key} targets=all`),
      /targets all are not among the template's targets/u,
    );
    expect(await say('ingrid', `/rfc edit ${key} --window "2026-12-04 15:00..16:00"`)).toMatch(
      /still within template printer-driver, which approves it again/u,
    );
  });
});

describe('four eyes', () => {
  test(
    'a change manager cannot approve her own RFC: her reaction does not count (told privately), her override is ' +
      'refused, even with zero votes',
    async () => {
      const key = await draft('maria');
      expect(await say('maria', `/rfc submit ${key}`)).toMatch(/queued for the CCB \(6 members, quorum 3\)/u); // the board (with Mona) without her
      const ballot = (await Ballot.findOne({ rfcKey: key }).lean())!;
      expect(ballot.roster).not.toContain('maria');
      const before = await snapshot(key);
      const notice = await bot.react('maria', ballot.cards[0], '+1');
      expect(notice).toEqual([
        expect.objectContaining({
          action: 'notice',
          userId: 'maria',
          msg: expect.objectContaining({
            text: expect.stringMatching(/does not count\. You requested RFC-\d+, so you may not vote on it/u),
          }),
        }),
      ]);
      expect(await snapshot(key)).toBe(before);
      await refused(
        key,
        () => say('maria', `/rfc override ${key} approve the board could not meet`, '#ccb'),
        /You requested RFC-\d+, so you may not override the vote on it[\s\S]*Ask a change manager other than yourself/u,
      );
      // Another change manager may, with a reason; it is recorded as an approval by her alone.
      await bot.say('mona', `/rfc override ${key} approve board unreachable during the outbreak`, { channel: '#ccb' });
      expect((await Rfc.findOne({ key }).lean())?.approval).toMatchObject({
        stage: 'approval',
        how: 'override',
        approvers: ['mona'],
        decidedById: 'mona',
      });
    },
  );

  test(
    'one person holding change-manager, operator and ccb cannot take a change from idea to running on hosts ' + 'alone',
    async () => {
      const key = await draft('mona');
      await say('mona', `/rfc submit ${key}`);
      const c = await card(key);
      expect(text(await bot.react('mona', c, '+1'))).toMatch(/you may not vote on it/u);
      expect(await say('mona', `/rfc override ${key} approve I am sure`, '#ccb')).toMatch(
        /you may not override the vote/u,
      );
      expect(await say('mona', `/rfc built ${key} package="x 1" testResults=ok`)).toMatch(
        /is proposed; it cannot become built/u,
      );
      expect(await say('mona', `/deploy ${key} to pilot`, '#operators')).toMatch(
        /is not release-approved: it is proposed/u,
      );
      expect((await Rfc.findOne({ key }).lean())?.state).toBe('proposed');
    },
  );

  test(
    'an emergency proposed by the requester has no emergency privileges until another change manager confirms ' +
      'it, with a reason',
    async () => {
      const key = await draft('maria', '--type emergency');
      await refused(
        key,
        () => say('maria', `/rfc confirm ${key} it is urgent`, '#ccb'),
        /You requested RFC-\d+, so you may not confirm it/u,
      );
      await refused(
        key,
        () => say('oscar', `/rfc confirm ${key} it is urgent`, '#ccb'),
        /`rfc confirm` is for: change-manager/u,
      );
      // Unconfirmed, it votes by the normal rule.
      expect(await say('maria', `/rfc submit ${key}`)).toMatch(
        /quorum 3\)[\s\S]*not confirmed yet, so the normal vote rule applies/u,
      );
      expect(await say('mona', `/rfc confirm ${key} phishing wave in progress`, '#ccb')).toMatch(
        /confirmed as an emergency change by Mona Rud \(phishing wave in progress\)/u,
      );
      expect((await Rfc.findOne({ key }).lean())?.emergency).toMatchObject({
        confirmedBy: 'mona',
        reason: 'phishing wave in progress',
      });
      expect(await ChangeAudit.findOne({ rfcKey: key, kind: 'note', actorId: 'mona' }).lean()).toMatchObject({
        reason: 'phishing wave in progress',
        data: { emergency: 'confirmed' },
      });
      expect(text(bot.dmsTo('maria'))).toMatch(/confirmed as an emergency change by Mona Rud/u);
    },
  );
});

describe('approved content is frozen', () => {
  test(
    'after the release approval, a new window or targets reopen the approval vote, told to the requester and the ' +
      'CCB and recorded; the type cannot change',
    async () => {
      const key = await scheduled('ingrid');
      const approval = (await Rfc.findOne({ key }).lean())!.approval!;
      expect(approval).toMatchObject({
        stage: 'release',
        how: 'vote',
        content: { targets: ['pilot'], package: { name: 'libreoffice', version: '25.8.1' } },
      });
      await refused(
        key,
        () => say('ingrid', `/rfc edit ${key} type=emergency`),
        /its type was fixed when it was submitted/u,
      );
      // Post-approval fields change freely.
      expect(await say('ingrid', `/rfc edit ${key} testResults="also fine in room 14"`)).toMatch(
        /set testResults\.$/mu,
      );
      expect((await Rfc.findOne({ key }).lean())?.state).toBe('scheduled');
      // The change manager moves the window: the vote reopens, the requester is told, the CCB sees why on the new card.
      const out = await say('maria', `/rfc schedule ${key} 2026-12-02 16:00..20:00`);
      expect(out).toMatch(
        /\(proposed\)\. RFC-\d+ was changed after its approval \(window, by Maria Vik\): the approval no longer holds, and the CCB votes on it again/u,
      );
      const after = (await Rfc.findOne({ key }).lean())!;
      expect(after.state).toBe('proposed');
      expect(after.approval).toBeUndefined();
      expect(text(bot.dmsTo('ingrid'))).toMatch(/was changed after its approval \(window, by Maria Vik\)/u);
      const ballot = (await Ballot.findOne({ rfcKey: key, open: true }).lean())!;
      expect(ballot).toMatchObject({
        kind: 'approval',
        round: 2,
        note: expect.stringContaining('changed after its approval (window'),
      });
      const posted = bot.sent.find((s) => s.ref.messageId === ballot.cards[0].messageId && s.action === 'post')!;
      expect(posted.msg.card?.sections?.[0]).toEqual({
        heading: 'Vote again',
        lines: [expect.stringContaining('(window, by Maria Vik)')],
      });
      const reopened = await ChangeAudit.findOne({
        rfcKey: key,
        kind: 'transition',
        to: 'proposed',
        from: 'scheduled',
      }).lean();
      expect(reopened).toMatchObject({
        actorId: 'maria',
        reason: 'reopened: window changed after the approval',
        data: { reopened: ['window'], digest: approval.digest },
      });
      // Approved again, built again, released again: the new digest covers the new window.
      await voteAll(key);
      await say('ingrid', `/rfc built ${key}`);
      await say('ingrid', `/rfc release ${key}`);
      await voteAll(key);
      const again = (await Rfc.findOne({ key }).lean())!;
      expect(again.state).toBe('scheduled');
      expect(again.approval!.digest).not.toBe(approval.digest);
      // Targets likewise.
      expect(await say('ingrid', `/rfc edit ${key} targets=all`)).toMatch(
        /changed after its approval \(targets, by Ingrid Lie\)/u,
      );
    },
  );

  test('built cannot slip in a change of what the CCB approved: refused, nothing set', async () => {
    const key = await draft('ingrid');
    await say('ingrid', `/rfc submit ${key}`);
    await voteAll(key);
    await refused(
      key,
      () => say('ingrid', `/rfc built ${key} package="x 1" testResults=ok targets=all`),
      /changing targets after the approval reopens the CCB's vote/u,
    );
  });

  test(
    'after a postponed release vote the approved fields are not open again: an edit reopens the approval vote; ' +
      'type=emergency is refused',
    async () => {
      const key = await draft('ingrid');
      await say('ingrid', `/rfc submit ${key}`);
      await voteAll(key);
      await say('ingrid', `/rfc built ${key} package="libreoffice 25.8.1" testResults=ok`);
      await say('ingrid', `/rfc release ${key} backoutTest=ok`);
      const release = (await Ballot.findOne({ rfcKey: key, open: true }).lean())!;
      clock.set(release.deadline);
      await bot.services.votes.deadline(release._id);
      expect((await Rfc.findOne({ key }).lean())?.state).toBe('postponed');
      await refused(
        key,
        () => say('ingrid', `/rfc edit ${key} type=emergency`),
        /its type was fixed when it was submitted/u,
      );
      await refused(
        key,
        () => say('ingrid', `/rfc submit ${key}`),
        /postponed in its release vote; it is already approved/u,
      );
      expect(await say('ingrid', `/rfc edit ${key} risk=high`)).toMatch(
        /changed after its approval \(risk, by Ingrid Lie\)/u,
      );
      expect((await Rfc.findOne({ key }).lean())?.state).toBe('proposed');
    },
  );

  test('during a vote nothing changes; a direct write to the database does not get past the digest', async () => {
    const key = await draft('ingrid');
    await say('ingrid', `/rfc submit ${key}`);
    await refused(
      key,
      () => say('maria', `/rfc edit ${key} targets=all`),
      /the CCB is voting on it, so nothing about it changes now/u,
    );
    await voteAll(key);
    // Someone edits the document behind opsdesk's back: built (and every later step) refuses.
    await Rfc.updateOne({ key }, { $set: { targets: ['all'] } });
    expect(await say('ingrid', `/rfc built ${key} package="x 1" testResults=ok`)).toMatch(
      /is not what was approved: targets changed since the approval \(digest [0-9a-f]{12}\)/u,
    );
    expect((await Rfc.findOne({ key }).lean())?.state).toBe('approved');
  });
});
