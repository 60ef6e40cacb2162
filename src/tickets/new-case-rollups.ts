import { CASE_ROW_FIELDS, type RowSource, rowIsOpen } from './case-row';
import { ROLLUP_OPEN, rollupCollection, writeRollup } from './case-rollups';
import { CaseRef, caseRefKeys, type CaseRefDoc } from './case-ref.model';
import { Ticket } from './ticket.model';

const prefix = caseRefKeys.reportedPrefix;
/** `reported:` … up to, not including, `reported;`: a key range, the `_id` index serves it on MongoDB. */
const REPORTED_KEYS = { $gte: prefix, $lt: `${prefix.slice(0, -1)};` };

/**
 * Writes the rows of new cases whose process died before it wrote them (`queueNewCase`): every
 * `reported:` ref whose case is open but has no open row. A case no longer open has had a change,
 * which wrote its row. Refs older than `deleteBefore` are deleted afterwards (the nightly
 * housekeeping; at start nothing is deleted). Returns the rows written. One read of `case_refs` by
 * an `_id` range (a scan on FerretDB: at start and at night only).
 */
export async function sweepReported(deleteBefore?: Date): Promise<number> {
  const refs = await CaseRef.find({ _id: REPORTED_KEYS }, { ticketId: 1, at: 1 }).lean<CaseRefDoc[]>();
  if (!refs.length) return 0;
  const open = new Set(
    (
      await rollupCollection(ROLLUP_OPEN)
        .find({}, { projection: { _id: 1 } })
        .toArray()
    ).map((r) => r._id),
  );
  let written = 0;
  for (const ref of refs) {
    if (open.has(String(ref.ticketId))) continue;
    const t = await Ticket.findById(ref.ticketId, CASE_ROW_FIELDS).lean<RowSource>();
    if (!t || !rowIsOpen(t)) continue;
    await writeRollup(t);
    written++;
  }
  if (deleteBefore) {
    const old = refs.filter((r) => r.at && new Date(r.at) < deleteBefore).map((r) => r._id);
    if (old.length) await CaseRef.deleteMany({ _id: { $in: old } });
  }
  return written;
}
