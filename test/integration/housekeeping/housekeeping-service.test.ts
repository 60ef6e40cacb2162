/**
 * The housekeeping service on a real database: every kind of bookkeeping seeded old and new, one
 * run, then exactly what went and what stayed. Claims and receipts are aged on the service clock,
 * heartbeats on the system clock.
 */
import { Types } from 'mongoose';
import { InboundReceipt } from '../../../src/db/inbound-receipt.model';
import { parseConfig } from '../../../src/config/load-config';
import { ManualClock } from '../../../src/core/clock';
import { Claim } from '../../../src/db/claim-once';
import { Heartbeat, isOwnerAlive } from '../../../src/db/owner-heartbeat';
import { Deployment, type DeploymentState } from '../../../src/deploy/deployment.model';
import { HousekeepingService } from '../../../src/maintenance/housekeeping-service';
import { CommentSource } from '../../../src/tickets/comment-source.model';
import { FixQuestion } from '../../../src/tickets/fix-question.model';
import { Ticket } from '../../../src/tickets/ticket.model';
import { withTestMongoose } from '../../support/db';

withTestMongoose('housekeeping');

const NOW = new Date('2026-11-23T02:30:00Z');
const DAY = 24 * 3_600_000;
const daysAgo = (d: number) => new Date(NOW.getTime() - d * DAY);
const clock = new ManualClock(NOW);
const housekeeping = (keepDays = 30) =>
  new HousekeepingService({ config: parseConfig({ housekeeping: { keepDays } }), clock });

const OLD = daysAgo(31);
const RECENT = daysAgo(0.05);

async function claim(_id: string, at: Date): Promise<string> {
  await Claim.create({ _id, owner: 'seed', at });
  return _id;
}

async function deployment(n: number, state: DeploymentState, endedAt?: Date): Promise<string> {
  const d = await Deployment.create({
    number: n,
    kind: 'deploy',
    package: { name: 'printer-driver', version: '1.0.0' },
    script: 'install',
    requestedBy: 'rolf',
    requestedByName: 'Rolf Eide',
    conversation: { platform: 'test', channel: '#changes' },
    total: 2,
    waves: 1,
    options: { canary: 1, parallel: 2, waveSize: 50, abortFailureRatio: 0.3 },
    state,
    leaseEpoch: 1,
    chase: { everyMs: 0, forMs: 0, active: false, expiredReported: false },
    createdAt: daysAgo(45),
    ...(endedAt ? { endedAt } : {}),
  });
  return String(d._id);
}

async function remainingClaims(): Promise<string[]> {
  return (await Claim.find({}, { _id: 1 }).lean<Array<{ _id: string }>>()).map((c) => c._id).sort();
}

afterEach(async () => {
  await Promise.all([
    Claim.deleteMany({}),
    InboundReceipt.deleteMany({}),
    Heartbeat.deleteMany({}),
    Deployment.deleteMany({}),
    CommentSource.deleteMany({}),
    FixQuestion.deleteMany({}),
    Ticket.collection.deleteMany({}),
  ]);
});

test('deletes exactly what can never be needed again, and keeps everything else', async () => {
  const deleted: string[] = [];
  const kept: string[] = [];
  // Time-bounded claims: the old one goes, the recent one stays.
  const job = new Types.ObjectId();
  deleted.push(await claim(`job:sla-check:${job}:due:2026-10-22T08:00:00.000Z`, OLD));
  kept.push(await claim(`job:sla-check:${job}:due:2026-11-23T02:25:00.000Z`, RECENT));
  deleted.push(await claim('takeover:slack|Ev01|123-ab|2026-10-22T08:00:00.000Z', OLD));
  kept.push(await claim('takeover:slack|Ev02|123-ab|2026-11-23T02:00:00.000Z', RECENT));
  deleted.push(await claim('sla-takeover:7:response-breach:1792656000000', OLD));
  kept.push(await claim('sla-takeover:8:response-breach:1795400000000', RECENT));
  deleted.push(await claim('digest-takeover:2026-10-22:1792656000000', OLD));
  kept.push(await claim('digest-takeover:2026-11-23:1795400000000', RECENT));
  deleted.push(await claim('report:slack|Ev01', OLD));
  kept.push(await claim('report:slack|Ev02', RECENT));
  deleted.push(await claim('rate:reports-person:anna:120000:14938800', OLD));
  kept.push(await claim('rate:reports-person:anna:120000:14961250', RECENT));
  deleted.push(await claim('limit-notice:reports-person:anna:120000:14938801:anna', OLD));
  kept.push(await claim('limit-notice:reports-person:anna:120000:14961251:anna', RECENT));
  deleted.push(await claim(`fold-notice:${new Types.ObjectId()}`, OLD));
  kept.push(await claim(`fold-notice:${new Types.ObjectId()}`, RECENT));
  // Permanent facts and unknown kinds stay at any age (a prefix is matched exactly: `jobs:` is not `job:`).
  const rfc = new Types.ObjectId();
  const ballot = new Types.ObjectId();
  for (const key of [
    'seq:incident:1',
    `rfc-state:${rfc}:1`,
    `rfc-state:${rfc}:2:takeover`,
    `ballot-decision:${ballot}`,
    `ballot-decision:${ballot}:takeover`,
    `ballot-reminder:${ballot}`,
    'problem-fix:PRB-1',
    'jobs:something-new',
    'reporter:something-new',
  ]) {
    kept.push(await claim(key, daysAgo(400)));
  }
  // Deployments: claims go only when the deployment ended before the cutoff, and never `:completed`.
  const endedLongAgo = await deployment(1, 'done', daysAgo(40));
  for (const rest of ['lease:1', 'cancel', 'ended', 'pc-01:attempt:1'])
    deleted.push(await claim(`deploy:${endedLongAgo}:${rest}`, daysAgo(41)));
  kept.push(await claim(`deploy:${endedLongAgo}:completed`, daysAgo(40)));
  kept.push(await claim(`deploy:${endedLongAgo}:pc-01:attempt:2`, daysAgo(2))); // a manual chase round this week
  const abortedLongAgo = await deployment(2, 'aborted', daysAgo(35));
  deleted.push(await claim(`deploy:${abortedLongAgo}:pc-02:attempt:1`, daysAgo(36)));
  const stillRunning = await deployment(3, 'running');
  kept.push(await claim(`deploy:${stillRunning}:lease:1`, daysAgo(44)));
  const endedThisWeek = await deployment(4, 'failed', daysAgo(2));
  kept.push(await claim(`deploy:${endedThisWeek}:lease:1`, daysAgo(44)));
  kept.push(await claim(`deploy:${new Types.ObjectId()}:lease:1`, OLD)); // no such deployment: not known to have ended
  kept.push(await claim('deploy:bench-run:lease:1', OLD)); // not written by opsdesk

  // Receipts: only those of deliveries done before the cutoff (a done claim, or from before: `state: 'done'`).
  await InboundReceipt.create([
    { platform: 'slack', eventId: 'Ev05', state: 'handling', claimedBy: 'p1', claimedAt: daysAgo(31.01) },
    { platform: 'slack', eventId: 'Ev06', state: 'handling', claimedBy: 'p1', claimedAt: daysAgo(31.01) },
    { platform: 'slack', eventId: 'Ev01', state: 'done', claimedBy: 'p1', claimedAt: daysAgo(31.01), doneAt: OLD },
    { platform: 'slack', eventId: 'Ev02', state: 'done', claimedBy: 'p1', claimedAt: RECENT, doneAt: RECENT },
    { platform: 'slack', eventId: 'Ev03', state: 'handling', claimedBy: 'p1', claimedAt: daysAgo(60) },
    {
      platform: 'matrix',
      eventId: '$ev04',
      state: 'done',
      claimedBy: 'p1',
      claimedAt: daysAgo(60),
      doneAt: daysAgo(3),
    },
  ]);
  deleted.push(await claim('done:slack|Ev05', daysAgo(31)));
  kept.push(await claim('done:slack|Ev06', RECENT));
  // Heartbeats (system clock): only owners unseen for more than a day.
  await Heartbeat.create([
    { _id: 'live', seenAt: new Date() },
    { _id: 'dead-a-minute', seenAt: new Date(Date.now() - 60_000) },
    { _id: 'dead-two-days', seenAt: new Date(Date.now() - 2 * DAY) },
  ]);
  expect(await isOwnerAlive('dead-two-days')).toBe(false);

  const r = await housekeeping().run();

  expect(r.cutoff.toISOString()).toBe(daysAgo(30).toISOString());
  expect(r.deleted).toEqual({
    claims: {
      job: 1,
      takeover: 1,
      'sla-takeover': 1,
      'digest-takeover': 1,
      report: 1,
      done: 1,
      rate: 1,
      'limit-notice': 1,
      'fold-notice': 1,
      deploy: 5,
    },
    inboundReceipts: 2,
    caseMarks: 0,
    heartbeats: 1,
    commentSources: 0,
    fixQuestions: 0,
  });
  expect(await remainingClaims()).toEqual(kept.sort());
  expect(Object.values(r.deleted.claims).reduce((a, b) => a + b)).toBe(deleted.length);
  const receipts = await InboundReceipt.find({}).lean();
  expect(receipts.map((x) => x.eventId).sort()).toEqual(['$ev04', 'Ev02', 'Ev03', 'Ev06']);
  expect((await Heartbeat.find({}).lean()).map((h) => h._id).sort()).toEqual(['dead-a-minute', 'live']);
  // A deleted heartbeat reads as it did before: dead.
  expect(await isOwnerAlive('dead-two-days')).toBe(false);
  expect(await isOwnerAlive('live')).toBe(true);
});

test('keepDays moves the cutoff', async () => {
  await claim('job:digest:x:due:1', daysAgo(40));
  await claim('job:digest:x:due:2', daysAgo(70));
  const r = await housekeeping(60).run();
  expect(r.cutoff.toISOString()).toBe(daysAgo(60).toISOString());
  expect(r.deleted.claims.job).toBe(1);
  expect(await remainingClaims()).toEqual(['job:digest:x:due:1']);
});

test('pages through more deploy claims than one page holds', async () => {
  const ended = await deployment(5, 'cancelled', daysAgo(50));
  const running = await deployment(6, 'running');
  const hosts = Array.from({ length: 1200 }, (_, i) => `pc-${String(i).padStart(4, '0')}`);
  await Claim.insertMany([
    ...hosts.map((h) => ({ _id: `deploy:${ended}:${h}:attempt:1`, owner: 'seed', at: daysAgo(51) })),
    ...hosts.slice(0, 900).map((h) => ({ _id: `deploy:${running}:${h}:attempt:1`, owner: 'seed', at: daysAgo(51) })),
    { _id: `deploy:${ended}:completed`, owner: 'seed', at: daysAgo(50) },
  ]);
  const r = await housekeeping().run();
  expect(r.deleted.claims.deploy).toBe(1200);
  expect(await Claim.countDocuments({ _id: { $regex: `^deploy:${ended}:` } })).toBe(1);
  expect(await Claim.countDocuments({ _id: { $regex: `^deploy:${running}:` } })).toBe(900);
});

test('two runs at once (two processes) end in the same state; a later run finds nothing', async () => {
  for (let i = 0; i < 50; i++) await claim(`job:sla-check:x:due:${i}`, OLD);
  await claim('job:sla-check:x:due:new', RECENT);
  await InboundReceipt.create({
    platform: 'slack',
    eventId: 'Ev09',
    state: 'done',
    claimedBy: 'p1',
    claimedAt: OLD,
    doneAt: OLD,
  });
  const runs = await Promise.all([housekeeping().run(), housekeeping().run()]);
  expect(runs.map((r) => r.deleted.claims.job).reduce((a, b) => a + b)).toBeGreaterThanOrEqual(50);
  expect(await remainingClaims()).toEqual(['job:sla-check:x:due:new']);
  expect(await InboundReceipt.countDocuments()).toBe(0);
  const again = await housekeeping().run();
  expect(again.deleted).toEqual({
    claims: {
      job: 0,
      takeover: 0,
      'sla-takeover': 0,
      'digest-takeover': 0,
      report: 0,
      done: 0,
      rate: 0,
      'limit-notice': 0,
      'fold-notice': 0,
      deploy: 0,
    },
    inboundReceipts: 0,
    caseMarks: 0,
    heartbeats: 0,
    commentSources: 0,
    fixQuestions: 0,
  });
});

// Catches: comment sources and one-tap questions kept for good (they grow with every comment and
// question), and the opposite: a link pruned while a chat action can still change its case (a
// deleted message that should blank a comment, a "fixed?" tap on a resolved case).
test('prunes comment sources and one-tap questions of closed cases once old, keeping what a tap or delete still changes', async () => {
  const [closed, open, resolved, gone] = [0, 1, 2, 3].map(() => new Types.ObjectId());
  await Ticket.collection.insertMany([
    { _id: closed, key: 'INC-1', status: 'closed' },
    { _id: open, key: 'INC-2', status: 'in-progress' },
    { _id: resolved, key: 'INC-3', status: 'resolved' },
  ]);
  const source = (_id: string, ticketId: Types.ObjectId, at: Date) => ({ _id, ticketId, at, actorId: 'anna' });
  await CommentSource.create([
    source('matrix|$closed-old', closed, daysAgo(400)),
    source('matrix|$closed-this-year', closed, daysAgo(200)), // a delete of it still blanks the comment
    source('matrix|$open-old', open, daysAgo(400)),
    source('matrix|$gone-old', gone, daysAgo(400)),
  ]);
  const question = (_id: string, ticketId: Types.ObjectId, askedAt: Date) => ({
    _id,
    kind: 'confirm' as const,
    ticketId,
    caseKey: 'INC-x',
    personId: 'anna',
    askedAt,
  });
  await FixQuestion.create([
    question('slack|D1|1.1', closed, OLD),
    question('slack|D1|1.2', closed, daysAgo(5)),
    question('slack|D1|1.3', resolved, daysAgo(60)), // "fixed?" can still be answered
    question('slack|D1|1.4', gone, OLD),
  ]);
  await claim('fix-answer:slack|D1|1.1', OLD);
  await claim('fix-answer:slack|D1|1.3', daysAgo(59));

  const r = await housekeeping().run();

  expect([r.deleted.commentSources, r.deleted.fixQuestions]).toEqual([2, 2]);
  expect((await CommentSource.find({}).lean()).map((x) => x._id).sort()).toEqual([
    'matrix|$closed-this-year',
    'matrix|$open-old',
  ]);
  expect((await FixQuestion.find({}).lean()).map((x) => x._id).sort()).toEqual(['slack|D1|1.2', 'slack|D1|1.3']);
  expect(await remainingClaims()).toEqual(['fix-answer:slack|D1|1.3']);
  // A shorter commentSourceDays reaches this year's source of the closed case too.
  const shorter = new HousekeepingService({
    config: parseConfig({ housekeeping: { commentSourceDays: 100 } }),
    clock,
  });
  expect((await shorter.run()).deleted.commentSources).toBe(1);
  expect((await CommentSource.find({}).lean()).map((x) => x._id)).toEqual(['matrix|$open-old']);
});
