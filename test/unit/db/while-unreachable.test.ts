import { isDatabaseUnreachable, whileUnreachable } from '../../../src/db/while-unreachable';

const named = (name: string, message = 'x') => Object.assign(new Error(message), { name });

test('tells an unreachable database from an operation that is wrong', () => {
  expect(isDatabaseUnreachable(named('MongoNetworkError', 'connect ECONNREFUSED 127.0.0.1:27017'))).toBe(true);
  expect(isDatabaseUnreachable(named('MongoServerSelectionError'))).toBe(true);
  expect(isDatabaseUnreachable(named('MongoPoolClearedError'))).toBe(true);
  expect(
    isDatabaseUnreachable(new Error('Operation `deploytargets.updateOne()` buffering timed out after 10000ms')),
  ).toBe(true);
  expect(isDatabaseUnreachable(Object.assign(named('MongoServerError', 'E11000 duplicate key'), { code: 11000 }))).toBe(
    false,
  );
  expect(isDatabaseUnreachable(new Error('validation failed'))).toBe(false);
  expect(isDatabaseUnreachable(undefined)).toBe(false);
});

test('retries while the database is unreachable, then returns what the call returned', async () => {
  let calls = 0;
  const retried: number[] = [];
  const result = await whileUnreachable(
    async () => {
      if (++calls < 3) throw named('MongoNetworkError');
      return 'recorded';
    },
    { forMs: 5000, onRetry: (_err, attempt) => retried.push(attempt) },
  );
  expect(result).toBe('recorded');
  expect(retried).toEqual([1, 2]);
});

test('does not retry other errors, and gives up with the last error after `forMs`', async () => {
  let calls = 0;
  await expect(
    whileUnreachable(async () => Promise.reject(Object.assign(new Error('E11000'), { calls: ++calls })), {
      forMs: 5000,
    }),
  ).rejects.toThrow('E11000');
  expect(calls).toBe(1);
  const started = Date.now();
  await expect(
    whileUnreachable(async () => Promise.reject(named('MongoNetworkError', 'still down')), { forMs: 600 }),
  ).rejects.toThrow('still down');
  expect(Date.now() - started).toBeLessThan(3000);
});
