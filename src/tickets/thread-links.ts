import { Types } from 'mongoose';
import { CaseRef, caseRefKeys, insertCaseRefs, type CaseRefDoc } from './case-ref.model';
import { Ticket, type TicketDoc } from './ticket.model';

/** The marker that every case's threads have links. */
const THREADS_LINKED = 'threads-linked';

/** Whether every case's threads have links (`linkAllThreads` ran, or there were no cases before links). */
export async function threadsLinked(): Promise<boolean> {
  return !!(await CaseRef.exists({ _id: THREADS_LINKED }));
}

/**
 * Writes the thread links of every case (those logged before links existed), then the marker that
 * lets `TicketService.byThread` trust the links alone. A full read of the cases: `opsdesk repair`,
 * or at start on a database without cases. Returns how many links it added.
 */
export async function linkAllThreads(): Promise<number> {
  let linked = 0;
  let batch: CaseRefDoc[] = [];
  const flush = async () => {
    linked += batch.length - (await insertCaseRefs(batch)).length;
    batch = [];
  };
  const cases = Ticket.find({}, { threadIds: 1 }).lean<Array<Pick<TicketDoc, '_id' | 'threadIds'>>>().cursor();
  for await (const t of cases) {
    for (const key of t.threadIds ?? []) batch.push({ _id: caseRefKeys.thread(key), ticketId: t._id });
    if (batch.length >= 1000) await flush();
  }
  await flush();
  await insertCaseRefs([{ _id: THREADS_LINKED, ticketId: new Types.ObjectId('000000000000000000000000') }]);
  return linked;
}
