import { ManualClock } from '../../../src/core/clock';
import { ChangeAudit } from '../../../src/changes/change-audit.model';
import { Rfc } from '../../../src/changes/rfc.model';
import { STALE_STEP_MS } from '../../../src/db/claim-step';
import { OpsdeskError } from '../../../src/core/errors';
import { claimOnce } from '../../../src/db/claim-once';
import { startTestBot, type TestBot } from '../../support/test-bot';
import { Heartbeat, keepAlive } from '../../../src/db/owner-heartbeat';

let bot: TestBot;
const clock = new ManualClock('2026-11-23T09:00:00Z');

beforeAll(async () => {
  bot = await startTestBot({ clock });
});
afterAll(async () => {
  await bot?.stop();
});

async function draft(title: string) {
  const person = bot.services.people.get('rolf')!;
  return bot.services.changes.create({
    person,
    title,
    conversation: { platform: 'test', channel: 'dm:rolf', direct: true },
  });
}

test('get accepts RFC-n, rfc-n and n; transitions are checked and recorded', async () => {
  const rfc = await draft('Upgrade LibreOffice');
  const changes = bot.services.changes;
  expect((await changes.get(rfc.key))?.number).toBe(rfc.number);
  expect((await changes.get(String(rfc.number)))?.key).toBe(rfc.key);
  expect((await changes.get(rfc.key.toLowerCase()))?.key).toBe(rfc.key);
  expect(await changes.get('{"$gt":""}')).toBeNull();

  const err = await changes.transition(rfc.key, 'deploying', { personId: 'rolf' }, 'try').catch((e: unknown) => e);
  expect(err).toBeInstanceOf(OpsdeskError);
  expect((err as OpsdeskError).code).toBe('INVALID_STATE');
  expect((err as OpsdeskError).message).toContain(
    'is draft; it cannot become deploying. From draft it can become: proposed',
  );
  expect((await Rfc.findById(rfc._id).lean())?.state).toBe('draft');

  clock.advance(60_000);
  const after = await changes.transition(rfc.key, 'proposed', { personId: 'rolf' }, 'submitted');
  expect(after.state).toBe('proposed');
  const log = await changes.auditLog(rfc.key);
  expect(log.map((e) => [e.kind, e.from, e.to, e.actorId])).toEqual([
    ['created', undefined, 'draft', 'rolf'],
    ['transition', 'draft', 'proposed', 'rolf'],
  ]);
  expect(log[1].reason).toBe('submitted');
  expect(log[1].at.toISOString()).toBe('2026-11-23T09:01:00.000Z');
});

test('the audit log refuses to be rewritten', async () => {
  const rfc = await draft('Append only');
  await expect(ChangeAudit.updateOne({ rfcKey: rfc.key }, { $set: { reason: 'changed' } })).rejects.toThrow(
    /append-only \(updateOne refused\)/,
  );
  await expect(ChangeAudit.deleteMany({ rfcKey: rfc.key })).rejects.toThrow(/append-only/);
  expect(await ChangeAudit.countDocuments({ rfcKey: rfc.key })).toBe(1);
});

test('ten concurrent transitions from one state: exactly one wins, one audit entry', async () => {
  const rfc = await draft('Concurrent');
  const results = await Promise.allSettled(
    Array.from({ length: 10 }, (_, i) =>
      bot.services.changes.transition(rfc.key, 'proposed', { personId: 'rolf' }, `try ${i}`),
    ),
  );
  expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  for (const r of results)
    if (r.status === 'rejected') expect((r.reason as OpsdeskError).message).toMatch(/is already proposed/);
  expect(await ChangeAudit.countDocuments({ rfcKey: rfc.key, kind: 'transition' })).toBe(1);
  expect((await Rfc.findById(rfc._id).lean())?.stateSeq).toBe(1);
});

test('a step already claimed by another process is refused as a conflict and changes nothing', async () => {
  const rfc = await draft('Other process');
  // Another bot process, alive (its heartbeat is fresh), took step 1 of this change (its claim is in the
  // shared database).
  await keepAlive('other-process');
  expect(await claimOnce(`rfc-state:${String(rfc._id)}:1`, 'other-process', clock.now())).toBe(true);
  await expect(
    bot.services.changes.transition(rfc.key, 'proposed', { personId: 'rolf' }, 'mine'),
  ).rejects.toMatchObject({ code: 'CONFLICT' });
  expect((await Rfc.findById(rfc._id).lean())?.state).toBe('draft');
  expect(await ChangeAudit.countDocuments({ rfcKey: rfc.key, kind: 'transition' })).toBe(0);
  // That process died before moving the change: after a while one taker may take the step over.
  clock.advance(STALE_STEP_MS + 1000);
  const taken = await Promise.allSettled(
    [1, 2, 3].map(() => bot.services.changes.transition(rfc.key, 'proposed', { personId: 'rolf' }, 'taken over')),
  );
  expect(taken.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  expect(await Rfc.findById(rfc._id).lean()).toMatchObject({ state: 'proposed', stateSeq: 1 });
});

test('a step claimed by a process that was killed (its heartbeat stale) is taken over at once, by one taker', async () => {
  const rfc = await draft('Killed process');
  await Heartbeat.create({ _id: 'killed-process', seenAt: new Date(Date.now() - 60_000) });
  expect(await claimOnce(`rfc-state:${String(rfc._id)}:1`, 'killed-process', clock.now())).toBe(true);
  const taken = await Promise.allSettled(
    [1, 2, 3].map(() => bot.services.changes.transition(rfc.key, 'proposed', { personId: 'rolf' }, 'taken over')),
  );
  expect(taken.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  expect(await Rfc.findById(rfc._id).lean()).toMatchObject({ state: 'proposed', stateSeq: 1 });
  expect(await ChangeAudit.countDocuments({ rfcKey: rfc.key, kind: 'transition' })).toBe(1);
});
