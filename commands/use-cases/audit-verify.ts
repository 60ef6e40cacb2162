import { describeCheck } from '../../src/changes/audit-chain';
import type { AuditLog } from '../../src/changes/audit-log';

export interface AuditVerifyResult {
  /** One line per change: `RFC-17: verified (…)` or `RFC-18: BROKEN at entry 5 (…)`. */
  lines: string[];
  /** Every change verified. */
  ok: boolean;
  broken: number;
  total: number;
}

/**
 * `opsdesk audit verify`: every change's record (each RFC, and any change key found only in the
 * audit) checked entry by entry: hash chain, sequence, signatures, sealed rows.
 */
export async function verifyEveryRecord(audit: Pick<AuditLog, 'verifyAll'>): Promise<AuditVerifyResult> {
  const records = await audit.verifyAll();
  const lines = records.map((r) => `${r.rfcKey}: ${describeCheck(r.check)}`);
  const broken = records.filter((r) => !r.check.ok).length;
  lines.push(
    records.length
      ? `${records.length - broken} of ${records.length} change records verify${broken ? `; ${broken} broken` : ''}.`
      : 'No change records.',
  );
  return { lines, ok: broken === 0, broken, total: records.length };
}
