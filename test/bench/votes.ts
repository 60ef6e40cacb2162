/**
 * Benchmark: a CCB vote storm through the whole bot (recording adapter, real runtime and database):
 * 20 members each react, change their vote, retract and vote again, every delivery twice, all at
 * once; the figure is the time until the tally is settled (all handled, card edited). Baseline, in
 * the same run: 20 bare concurrent upserts of vote documents. Database: MONGODB_URI, else embedded.
 * The bot signs every audit entry (each counted reaction) with a key made for the run, as in production.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { generateBotKey } from '../../src/signing/generate-key';
import { Ballot, Vote } from '../../src/votes/ballot.model';
import { startTestBot } from '../support/test-bot';
import { benchDatabase } from './bench-database';
import { type BenchRow, round, versus } from './bench-row';

const MEMBERS = Array.from({ length: 20 }, (_, i) => `v${String(i + 1).padStart(2, '0')}`);
/** Each member: approve, change to reject, retract, approve again. */
const SCRIPT: Array<{ r: string; action: 'added' | 'removed' }> = [
  { r: '+1', action: 'added' },
  { r: 'x', action: 'added' },
  { r: 'x', action: 'removed' },
  { r: 'white_check_mark', action: 'added' },
];

export async function run(): Promise<BenchRow[]> {
  const db = await benchDatabase('opsdesk_bench_votes');
  const people = [
    { id: 'rolf', name: 'Rolf Eide', roles: ['release-manager', 'operator'], identities: { test: 'rolf' } },
    ...MEMBERS.map((id) => ({ id, name: `Member ${id}`, roles: ['ccb'], identities: { test: id } })),
  ];
  const keyDir = await mkdtemp(join(tmpdir(), 'opsdesk-bench-key-'));
  await generateBotKey({ dir: keyDir, name: 'opsdesk bench', email: 'opsdesk@bench.invalid' });
  // Quorum above the roster and no early close: every reaction of the storm is counted.
  const bot = await startTestBot({
    mongoUri: db.uri,
    config: { people, changes: { votes: { normal: { quorum: 20, closeEarly: false } }, signing: { keyDir } } },
  });
  try {
    const rolf = bot.services.people.get('rolf')!;
    const rfc = await bot.services.changes.create({
      person: rolf,
      title: 'bench',
      conversation: { platform: 'test', channel: '#changes' },
    });
    await bot.services.changes.transition(rfc.key, 'proposed', { personId: 'rolf' }, 'bench');
    const ballot = await bot.services.votes.open((await bot.services.changes.get(rfc.key))!, 'approval', rolf);
    const card = ballot.cards[0];

    const t0 = performance.now();
    await Promise.all(
      MEMBERS.map(async (m) => {
        for (const [i, s] of SCRIPT.entries()) {
          const eventId = `bench-${m}-${i}`;
          await Promise.all([bot.react(m, card, s.r, s.action, eventId), bot.react(m, card, s.r, s.action, eventId)]);
        }
      }),
    );
    const storm = performance.now() - t0;
    const tally = await bot.services.votes.tally((await Ballot.findById(ballot._id).lean())!);
    if (tally.approve.length !== MEMBERS.length)
      throw new Error(`storm tally is wrong: ${tally.approve.length} approve`);

    const baseBallot = `${ballot._id}-baseline`;
    const t1 = performance.now();
    await Promise.all(
      MEMBERS.map((m) =>
        Vote.updateOne(
          { ballotId: baseBallot, personId: m },
          { $set: { choice: 'approve', reaction: '+1', at: new Date() } },
          { upsert: true },
        ),
      ),
    );
    const bare = performance.now() - t1;
    const reactions = MEMBERS.length * SCRIPT.length;
    return [
      {
        ...versus(
          `vote storm: ${MEMBERS.length} members, ${reactions} reactions ×2 deliveries, to settled tally`,
          round(storm),
          'ms',
          round(bare),
          `${MEMBERS.length} bare concurrent vote upserts`,
        ),
        engine: db.engine,
      },
      {
        ...versus(
          'vote storm: per counted reaction',
          round(storm / reactions, 2),
          'ms',
          round(bare / MEMBERS.length, 2),
          'one bare vote upsert (of 20 concurrent)',
        ),
        engine: db.engine,
      },
    ];
  } finally {
    await mongoose.connection.dropDatabase().catch(() => undefined);
    await bot.stop();
    await db.stop();
    await rm(keyDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  void run().then((rows) => console.table(rows));
}
