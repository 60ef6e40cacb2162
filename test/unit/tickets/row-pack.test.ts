import { Types } from 'mongoose';
import { caseRow, endedRow, type RowSource } from '../../../src/tickets/case-row';
import { packRow, unpackRow } from '../../../src/tickets/row-pack';

/**
 * The stored form of a roll-up row gives back the row it was made of: would catch a field dropped
 * or misplaced by the packing, an instant coming back as a number, or an absent field coming back
 * as null (the model test compares the rows with the cases, field by field).
 */
const at = (s: string) => new Date(s);
const base: RowSource = {
  _id: new Types.ObjectId(),
  number: 7,
  key: 'INC-7',
  title: 'Printer "B12" jams, again',
  priority: 'P2',
  status: 'in-progress',
  category: 'printing',
  createdAt: at('2026-03-09T08:00:00Z'),
  reopenCount: 0,
  conversation: { platform: 'slack', channel: 'C1', threadTs: '1.2' },
  events: [
    { at: at('2026-03-09T08:00:00Z'), kind: 'created' },
    { at: at('2026-03-09T08:05:00Z'), kind: 'status', to: 'in-progress' },
  ],
} as unknown as RowSource;

test('an open row with its status history comes back as it was', () => {
  const row = caseRow(base);
  expect(unpackRow(packRow(row))).toEqual(row);
  expect(unpackRow(packRow(row)).events?.[0].at).toBeInstanceOf(Date);
});

test('a closed row with every optional field, and one with none, come back as they were', () => {
  const full = caseRow({
    ...base,
    status: 'closed',
    school: 'nordby',
    assigneeId: 'U9',
    firstResponseAt: at('2026-03-09T08:05:00Z'),
    resolvedAt: at('2026-03-09T09:00:00Z'),
    closedAt: at('2026-03-10T09:00:00Z'),
    reopenCount: 1,
    problemKey: 'PRB-2',
    deflectedBy: 'PRB-2',
  } as RowSource);
  expect(unpackRow(packRow(full))).toEqual(full);
  const bare = caseRow({ ...base, status: 'resolved', conversation: undefined, events: [] } as unknown as RowSource);
  const back = unpackRow(packRow(bare));
  expect(back).toEqual(bare);
  expect(Object.keys(back).sort()).toEqual(Object.keys(JSON.parse(JSON.stringify(bare))).sort());
});

test('an ended row keeps its times', () => {
  const ended = endedRow(caseRow({ ...base, status: 'resolved', resolvedAt: at('2026-03-09T09:00:00Z') } as RowSource));
  expect(unpackRow(packRow(ended))).toEqual(ended);
});
