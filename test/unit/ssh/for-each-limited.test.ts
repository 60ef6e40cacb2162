import { setTimeout as sleep } from 'node:timers/promises';
import { forEachLimited } from '../../../src/ssh/semaphore';

test('runs every item with at most `limit` at once', async () => {
  let active = 0;
  let peak = 0;
  const done: number[] = [];
  await forEachLimited([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
    peak = Math.max(peak, ++active);
    await sleep(5);
    active--;
    done.push(n);
  });
  expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  expect(peak).toBe(3);
});

test('after a failure starts nothing more, waits for the calls in flight, then throws the first error', async () => {
  const started: number[] = [];
  const finished: number[] = [];
  const run = forEachLimited([1, 2, 3, 4, 5, 6], 2, async (n) => {
    started.push(n);
    if (n === 1) throw new Error('database unreachable');
    await sleep(30);
    finished.push(n);
  });
  await expect(run).rejects.toThrow('database unreachable');
  // Item 2 was in flight when 1 failed: it finished before the error surfaced; 3… never started.
  expect(started).toEqual([1, 2]);
  expect(finished).toEqual([2]);
});
