import { filedAt } from '../../../src/tickets/case-row';
import { createdCollection, endedCollection } from '../../../src/tickets/case-rollups';

/**
 * Where rows are filed: would catch a week named by another day than its Monday (UTC), a row of
 * Sunday night filed in the next week, and an ended row filed before its case was reported (the
 * digest reads the ended weeks since its window began and relies on every case reported, resolved
 * or closed since then being filed there).
 */
test('a row is filed in the week of its Monday, UTC', () => {
  expect(createdCollection(new Date('2026-03-30T00:00:00Z'))).toBe('rollup_created_2026_03_30');
  expect(createdCollection(new Date('2026-03-31T05:30:00Z'))).toBe('rollup_created_2026_03_30');
  expect(createdCollection(new Date('2026-03-29T23:59:59Z'))).toBe('rollup_created_2026_03_23');
  expect(endedCollection(new Date('2026-01-01T12:00:00Z'))).toBe('rollup_ended_2025_12_29');
  expect(endedCollection(new Date('1970-01-01T00:00:00Z'))).toBe('rollup_ended_1969_12_29');
});

test('a case not open is filed by its end, or by its report when that is later or it has no end', () => {
  const createdAt = new Date('2026-03-09T08:00:00Z');
  const resolvedAt = new Date('2026-03-16T09:00:00Z');
  const closedAt = new Date('2026-03-17T09:00:00Z');
  expect(filedAt({ createdAt, resolvedAt })).toEqual(resolvedAt);
  expect(filedAt({ createdAt, resolvedAt, closedAt })).toEqual(closedAt);
  expect(filedAt({ createdAt })).toEqual(createdAt);
  expect(filedAt({ createdAt, closedAt: new Date('2026-03-01T00:00:00Z') })).toEqual(createdAt);
});
