import { MongoServerError } from 'mongodb';
import { isDuplicateKey } from '../../../src/core/duplicate-key';

test('a unique index refusing a write is a duplicate key, nothing else is', () => {
  expect(isDuplicateKey(new MongoServerError({ code: 11000, errmsg: 'E11000 duplicate key error' }))).toBe(true);
  expect(isDuplicateKey({ code: 11000 })).toBe(true);
  for (const other of [
    new MongoServerError({ code: 112, errmsg: 'WriteConflict' }),
    new Error('boom'),
    { code: '11000' },
    null,
    undefined,
    11000,
  ]) {
    expect(isDuplicateKey(other)).toBe(false);
  }
});
