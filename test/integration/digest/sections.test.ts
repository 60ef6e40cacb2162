import { Rfc } from '../../../src/changes/rfc.model';
import { Types } from 'mongoose';
import { ManualClock } from '../../../src/core/clock';
import { Deployment, DeployTarget } from '../../../src/deploy/deployment.model';
import { Ballot, Vote } from '../../../src/votes/ballot.model';
import { startTestBot, type TestBot } from '../../support/test-bot';

/**
 * Sections from other features in the digest: CCB votes waiting (with deadlines), deployments running (with chase
 * lists). Tue 31 March 2026, 07:30 Oslo.
 */
describe('digest sections of other features', () => {
  let bot: TestBot;
  const clock = new ManualClock('2026-03-31T05:30:00Z');
  const roster = ['carl', 'cecilie', 'chris', 'camilla', 'conrad', 'maria'];
  const ballot = (rfcKey: string, kind: 'approval' | 'release', deadline: string, open = true) => ({
    _id: `${rfcKey}/${kind}/1`,
    rfcKey,
    kind,
    round: 1,
    board: 'ccb',
    roster,
    quorum: 4,
    threshold: 0.5,
    closeEarly: true,
    opensAt: new Date('2026-03-27T10:00:00Z'),
    deadline: new Date(deadline),
    remindAt: new Date('2026-03-29T10:00:00Z'),
    open,
  });

  const deployment = (number: number, state: string, chase: Record<string, unknown>, total = 0) => ({
    _id: new Types.ObjectId(),
    number,
    kind: 'deploy',
    rfcKey: `RFC-${number + 100}`,
    package: { name: 'libreoffice', version: `7.6.${number}` },
    total,
    state,
    chase,
    createdAt: new Date('2026-03-30T10:00:00Z'),
  });

  beforeAll(async () => {
    bot = await startTestBot({ clock, config: { digest: { chart: { enabled: false } } } });
  }, 60_000);
  afterAll(() => bot?.stop());

  it('shows nothing about votes or deployments while none is open or running', async () => {
    await Ballot.create(ballot('RFC-1', 'approval', '2026-03-30T10:00:00Z', false));
    await Deployment.collection.insertOne(
      deployment(1, 'done', { everyMs: 3_600_000, active: false, expiredReported: true }),
    );
    const f = await bot.services.digest.figures(clock.now());
    expect(f.extras).toEqual([]);
  });

  it('lists open CCB votes, soonest deadline first, with votes cast, quorum and local deadline', async () => {
    await Rfc.collection.insertMany([
      { number: 2, key: 'RFC-2', title: 'Upgrade LibreOffice on all pupil laptops' },
      { number: 3, key: 'RFC-3', title: 'New print server at Sandvik' },
    ]);
    await Ballot.create([
      ballot('RFC-3', 'approval', '2026-04-02T12:00:00Z'), // Thu 2 Apr 14:00 CEST
      ballot('RFC-2', 'release', '2026-04-01T08:00:00Z'), // Wed 1 Apr 10:00 CEST
      ballot('RFC-4', 'approval', '2026-03-31T04:00:00Z'), // passed at 06:00, not yet closed by its job
    ]);
    await Vote.create([
      {
        ballotId: 'RFC-2/release/1',
        personId: 'carl',
        choice: 'approve',
        reaction: '+1',
        at: new Date('2026-03-30T09:00:00Z'),
      },
      {
        ballotId: 'RFC-2/release/1',
        personId: 'maria',
        choice: 'reject',
        reaction: 'x',
        at: new Date('2026-03-30T09:05:00Z'),
      },
      {
        ballotId: 'RFC-3/approval/1',
        personId: 'chris',
        choice: 'approve',
        reaction: 'white_check_mark',
        at: new Date('2026-03-30T09:00:00Z'),
      },
      {
        ballotId: 'RFC-1/approval/1',
        personId: 'chris',
        choice: 'approve',
        reaction: 'white_check_mark',
        at: new Date('2026-03-29T09:00:00Z'),
      },
    ]);
    const f = await bot.services.digest.figures(clock.now());
    expect(f.extras).toEqual([
      {
        heading: 'CCB votes waiting',
        count: 3,
        lines: [
          'RFC-4 approval vote · 0 of 6 voted (quorum 4) · deadline passed Tue 06:00',
          'RFC-2 release vote · 2 of 6 voted (quorum 4) · closes Wed 1 Apr 10:00 · Upgrade LibreOffice on all pupil ' +
            'laptops',
          'RFC-3 approval vote · 1 of 6 voted (quorum 4) · closes Thu 2 Apr 14:00 · New print server at Sandvik',
        ],
      },
    ]);
    const [posted] = await bot.say('oscar', '/digest now', { channel: '#operators' });
    const section = posted.msg.card?.sections?.find((s) => s.heading === 'CCB votes waiting (3)');
    expect(section?.lines[1]).toBe(
      'RFC-2 release vote · 2 of 6 voted (quorum 4) · closes Wed 1 Apr 10:00 · Upgrade LibreOffice on all pupil ' +
        'laptops',
    );
  }, 30_000);

  it('shows the top items and how many more', async () => {
    const topItems = bot.services.config.digest.topItems; // 5 by default
    await Ballot.create(
      Array.from({ length: 4 }, (_, i) => ballot(`RFC-${10 + i}`, 'approval', `2026-04-0${3 + i}T12:00:00Z`)),
    );
    const f = await bot.services.digest.figures(clock.now());
    expect(f.extras[0].count).toBe(7);
    expect(f.extras[0].lines).toHaveLength(topItems);
  });
});

describe('digest: deployments running, with their chase lists', () => {
  let bot: TestBot;
  const clock = new ManualClock('2026-03-31T05:30:00Z');
  beforeAll(async () => {
    bot = await startTestBot({ clock, config: { digest: { chart: { enabled: false } } } });
  }, 60_000);
  afterAll(() => bot?.stop());

  it(
    'shows a running deployment with its progress and a finished one whose chase list is retried, beside an open ' +
      'vote',
    async () => {
      const running = {
        _id: new Types.ObjectId(),
        number: 7,
        kind: 'deploy',
        rfcKey: 'RFC-17',
        package: { name: 'libreoffice', version: '7.6.4' },
        total: 6,
        state: 'running',
        chase: { everyMs: 3_600_000, active: false, expiredReported: false },
      };
      const chasing = {
        _id: new Types.ObjectId(),
        number: 6,
        kind: 'deploy',
        rfcKey: 'RFC-16',
        package: { name: 'firefox-esr', version: '128.9' },
        total: 8,
        state: 'done',
        chase: { everyMs: 3_600_000, until: new Date('2026-04-02T14:00:00Z'), active: true, expiredReported: false },
      };
      const finished = {
        _id: new Types.ObjectId(),
        number: 5,
        kind: 'deploy',
        rfcKey: 'RFC-15',
        package: { name: 'gimp', version: '2.10' },
        total: 2,
        state: 'done',
        chase: { everyMs: 3_600_000, active: false, expiredReported: true },
      };
      await Deployment.collection.insertMany([running, chasing, finished]);
      const target = (d: { _id: Types.ObjectId }, host: string, state: string, dropped = false) => ({
        deploymentId: d._id,
        host,
        wave: 1,
        state,
        dropped,
      });
      await DeployTarget.collection.insertMany([
        target(running, 'a1', 'succeeded'),
        target(running, 'a2', 'succeeded'),
        target(running, 'a3', 'succeeded'),
        target(running, 'a4', 'failed'),
        target(running, 'a5', 'running'),
        target(running, 'a6', 'pending'),
        ...['b1', 'b2', 'b3', 'b4', 'b5'].map((h) => target(chasing, h, 'succeeded')),
        target(chasing, 'b6', 'unreachable'),
        target(chasing, 'b7', 'timed-out'),
        target(chasing, 'b8', 'failed', true),
        target(finished, 'c1', 'succeeded'),
        target(finished, 'c2', 'unreachable'),
      ]);
      await Ballot.create({
        _id: 'RFC-18/approval/1',
        rfcKey: 'RFC-18',
        kind: 'approval',
        round: 1,
        board: 'ccb',
        roster: ['carl', 'maria'],
        quorum: 2,
        threshold: 0.5,
        closeEarly: true,
        opensAt: new Date('2026-03-30T10:00:00Z'),
        deadline: new Date('2026-04-01T10:00:00Z'),
        remindAt: new Date('2026-03-31T10:00:00Z'),
        open: true,
      });

      // The digest's index on chase.active is built beside the deployment model's own.
      const indexes = (await Deployment.listIndexes()).map((i) => i.name);
      expect(indexes).toEqual(expect.arrayContaining(['number_1', 'state_1', 'chase.active_1']));

      const [posted] = await bot.say('oscar', '/digest now', { channel: '#operators' });
      const sections = Object.fromEntries((posted.msg.card?.sections ?? []).map((s) => [s.heading, s.lines]));
      expect(sections['CCB votes waiting (1)']).toEqual([
        'RFC-18 approval vote · 0 of 2 voted (quorum 2) · closes Wed 1 Apr 12:00',
      ]);
      expect(sections['Deployments running (2)']).toEqual([
        'Deployment D-7 of RFC-17 · libreoffice 7.6.4 · running, 4/6 targets done · chase list 1',
        'Deployment D-6 of RFC-16 · firefox-esr 128.9 · done · chase list 2 (retried until Thu 2 Apr 16:00)',
      ]);
    },
    30_000,
  );
});
