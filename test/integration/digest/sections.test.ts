import { Rfc } from '../../../src/changes/rfc.model';
import { ManualClock } from '../../../src/core/clock';
import { Ballot, Vote } from '../../../src/votes/ballot.model';
import { startTestBot, type TestBot } from '../../support/test-bot';

/** Sections from other features in the digest: CCB votes waiting (with deadlines). Tue 31 March 2026, 07:30 Oslo. */
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

  beforeAll(async () => {
    bot = await startTestBot({ clock, config: { digest: { chart: { enabled: false } } } });
  }, 60_000);
  afterAll(() => bot?.stop());

  it('shows nothing about votes while none is open', async () => {
    await Ballot.create(ballot('RFC-1', 'approval', '2026-03-30T10:00:00Z', false));
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
      { ballotId: 'RFC-2/release/1', personId: 'carl', choice: 'approve', reaction: '+1', at: new Date('2026-03-30T09:00:00Z') },
      { ballotId: 'RFC-2/release/1', personId: 'maria', choice: 'reject', reaction: 'x', at: new Date('2026-03-30T09:05:00Z') },
      { ballotId: 'RFC-3/approval/1', personId: 'chris', choice: 'approve', reaction: 'white_check_mark', at: new Date('2026-03-30T09:00:00Z') },
      { ballotId: 'RFC-1/approval/1', personId: 'chris', choice: 'approve', reaction: 'white_check_mark', at: new Date('2026-03-29T09:00:00Z') },
    ]);
    const f = await bot.services.digest.figures(clock.now());
    expect(f.extras).toEqual([
      {
        heading: 'CCB votes waiting',
        count: 3,
        lines: [
          'RFC-4 approval vote · 0 of 6 voted (quorum 4) · deadline passed Tue 06:00',
          'RFC-2 release vote · 2 of 6 voted (quorum 4) · closes Wed 1 Apr 10:00 · Upgrade LibreOffice on all pupil laptops',
          'RFC-3 approval vote · 1 of 6 voted (quorum 4) · closes Thu 2 Apr 14:00 · New print server at Sandvik',
        ],
      },
    ]);
    const [posted] = await bot.say('oscar', '/digest now', { channel: '#operators' });
    const section = posted.msg.card?.sections?.find((s) => s.heading === 'CCB votes waiting (3)');
    expect(section?.lines[1]).toBe('RFC-2 release vote · 2 of 6 voted (quorum 4) · closes Wed 1 Apr 10:00 · Upgrade LibreOffice on all pupil laptops');
  }, 30_000);

  it('shows the top items and how many more', async () => {
    const topItems = bot.services.config.digest.topItems; // 5 by default
    await Ballot.create(Array.from({ length: 4 }, (_, i) => ballot(`RFC-${10 + i}`, 'approval', `2026-04-0${3 + i}T12:00:00Z`)));
    const f = await bot.services.digest.figures(clock.now());
    expect(f.extras[0].count).toBe(7);
    expect(f.extras[0].lines).toHaveLength(topItems);
  });
});
