/**
 * The target book (target-book.ts): a deployment's target states as inserted versions, read and written by `_id`.
 * Would catch: a write lost when two writers (a chase round and an operator's drop) write at once — on FerretDB 1.x
 * an update is a read and a write, so two could both "succeed" — a reader that misses the versions another process
 * inserted, and a deployment recorded before the books (its `deploy_targets` documents) read or written wrongly.
 */
import { Types } from 'mongoose';
import { DeployTarget } from '../../../src/deploy/deployment.model';
import { readTargets, recordPlan, skipPending, TargetBook, writeTargets } from '../../../src/deploy/target-book';
import { startTestBot, type TestBot } from '../../support/test-bot';

let bot: TestBot;

beforeAll(async () => {
  bot = await startTestBot();
});
afterAll(async () => {
  await bot?.stop();
});

const plan = (id: Types.ObjectId, hosts: string[]) =>
  hosts.map((host, i) => ({
    deploymentId: id,
    host,
    wave: i % 2,
    state: 'pending' as const,
    attempts: 0,
    dropped: false,
    chased: false,
  }));

test('writers at once: every change lands, each in a version of its own', async () => {
  const id = new Types.ObjectId();
  const hosts = Array.from({ length: 12 }, (_, i) => `pc-${String(i).padStart(2, '0')}`);
  await recordPlan(id, plan(id, hosts));
  // Twelve writers at once, each marking its own host: without the insert-or-retry, most would be lost.
  await Promise.all(
    hosts.map((h, i) =>
      writeTargets(id, (targets) => {
        const t = targets.find((x) => x.host === h)!;
        t.state = i % 3 ? 'succeeded' : 'failed';
        t.attempts = 1;
        return true;
      }),
    ),
  );
  const now = await readTargets(id);
  expect(now.map((t) => t.host)).toEqual([...hosts.filter((_, i) => i % 2 === 0), ...hosts.filter((_, i) => i % 2)]);
  expect(now.filter((t) => t.state === 'pending')).toEqual([]);
  expect(now.filter((t) => t.state === 'failed').map((t) => t.host)).toEqual(['pc-00', 'pc-06', 'pc-03', 'pc-09']);
  expect(await TargetBook.countDocuments({ deploymentId: id })).toBe(13);
  // Nothing to change: no version written.
  expect(await writeTargets(id, skipPending(new Date()))).toBeUndefined();
  expect(await TargetBook.countDocuments({ deploymentId: id })).toBe(13);
});

test('a version another process inserted is found (the latest of many)', async () => {
  const id = new Types.ObjectId();
  await recordPlan(id, plan(id, ['pc-a', 'pc-b']));
  await readTargets(id);
  // Versions 2..37 written elsewhere: this process's last seen version is 1.
  for (let v = 2; v <= 37; v++)
    await TargetBook.create({
      _id: `${String(id)}:${v}`,
      deploymentId: id,
      version: v,
      at: new Date(),
      targets: [
        { host: 'pc-a', wave: 0, state: 'succeeded', attempts: v },
        { host: 'pc-b', wave: 1, state: 'pending', attempts: 0 },
      ],
    });
  expect((await readTargets(id)).map((t) => [t.host, t.state, t.attempts])).toEqual([
    ['pc-a', 'succeeded', 37],
    ['pc-b', 'pending', 0],
  ]);
  await writeTargets(id, skipPending(new Date()));
  expect(await TargetBook.exists({ _id: `${String(id)}:38` })).not.toBeNull();
});

test('a deployment recorded before the books: read from its target documents, its first write starts the book', async () => {
  const id = new Types.ObjectId();
  await DeployTarget.insertMany([
    { deploymentId: id, host: 'old-1', wave: 0, state: 'succeeded', attempts: 1 },
    { deploymentId: id, host: 'old-2', wave: 0, state: 'pending', attempts: 0 },
  ]);
  expect((await readTargets(id)).map((t) => t.state)).toEqual(['succeeded', 'pending']);
  await writeTargets(id, skipPending(new Date()));
  expect((await readTargets(id)).map((t) => t.state)).toEqual(['succeeded', 'skipped']);
  expect(await TargetBook.exists({ _id: `${String(id)}:1` })).not.toBeNull();
});
