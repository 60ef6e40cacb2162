import { checkSaid } from '../../src/changes/audit-chain';
import type { AuditLog } from '../../src/changes/audit-log';
import { msg } from '../../src/i18n/catalog';
import type { Lang } from '../../src/i18n/languages';
import { sayIn } from '../../src/i18n/refusal';

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
 * audit) checked entry by entry: hash chain, sequence, signatures, sealed rows. The lines in `lang`
 * (the CLI: the terminal's language, like the rest of the CLI).
 */
export async function verifyEveryRecord(
  audit: Pick<AuditLog, 'verifyAll'>,
  lang: Lang = 'en',
): Promise<AuditVerifyResult> {
  const records = await audit.verifyAll();
  const lines = records.map((r) => `${r.rfcKey}: ${sayIn(lang, checkSaid(r.check))}`);
  const broken = records.filter((r) => !r.check.ok).length;
  const counts = { ok: records.length - broken, total: records.length, broken };
  lines.push(
    records.length ? msg(lang, broken ? 'audit.summaryBroken' : 'audit.summary', counts) : msg(lang, 'audit.noRecords'),
  );
  return { lines, ok: broken === 0, broken, total: records.length };
}
