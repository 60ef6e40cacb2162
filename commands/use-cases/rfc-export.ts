import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Services } from '../services';
import { publicKeyPath } from '../../src/signing/bot-key';
import { Ballot, type BallotDoc } from '../../src/votes/ballot.model';
import { checkSaid, describeCheck, stableJson, type AuditRecord } from '../../src/changes/audit-chain';
import type { RfcDoc } from '../../src/changes/rfc.model';
import { refusal, said, type Said } from '../../src/i18n/refusal';

export interface ExportResult {
  /** The verdict on the record's chain, e.g. `verified (14 entries, signed by …)` (English, as in the file). */
  verdict: string;
  /** The same by catalog key, for the reader. */
  verdictSaid: Said;
  file: string;
  signatureFile: string;
  fingerprint: string;
  publicKeyFile: string;
}

/** Version 2: audit entries carry their chain (seq, prevHash, hash, signature of the hash). */
const RECORD_FORMAT = 'opsdesk-change-record/2';

/**
 * The full record of a change: its fields, every ballot with its final tally, the whole audit
 * log in record order with its hash chain, and the verdict on that chain.
 */
export async function changeRecord(
  services: Pick<Services, 'changes' | 'clock' | 'config'>,
  rfc: RfcDoc,
  audit: AuditRecord,
): Promise<Record<string, unknown>> {
  const ballots = await Ballot.find({ rfcKey: rfc.key }).sort({ opensAt: 1 }).lean<BallotDoc[]>();
  const { _id, dialogueThreads: _d, asking: _a, stateSeq: _s, ...fields } = rfc;
  const check = audit.check;
  return {
    format: RECORD_FORMAT,
    organisation: services.config.organisation.name,
    exportedAt: services.clock.now(),
    change: { id: String(_id), ...fields },
    ballots: ballots.map(({ cardKeys: _k, ...b }) => b),
    audit: audit.entries.map(({ _id: id, ...e }) => ({ id: String(id), ...e })),
    auditChain: {
      verdict: describeCheck(check),
      head: check.ok ? check.head : undefined,
      signedBy: check.ok ? check.signedBy : undefined,
    },
  };
}

/**
 * `rfc export`: writes `<exportDir>/RFC-n.json` (stable key order) and `RFC-n.json.asc`, a detached
 * armored signature by the bot's key that `gpg --verify` checks. Refuses a record whose chain does
 * not verify: the bot signs only what it can vouch for.
 */
export async function exportChange(
  services: Pick<Services, 'changes' | 'clock' | 'config'>,
  rfc: RfcDoc,
): Promise<ExportResult> {
  const signer = await services.changes.signer();
  if (!signer?.fingerprint) {
    throw refusal('PRECONDITION', said('rfc.export.noKey'), said('rfc.export.noKeyFix'));
  }
  const audit = await services.changes.auditRecord(rfc.key);
  if (!audit.check.ok) {
    throw refusal(
      'PRECONDITION',
      said('rfc.export.broken', { key: rfc.key, verdict: checkSaid(audit.check) }),
      said('rfc.export.brokenFix', { key: rfc.key }),
    );
  }
  const text = `${stableJson(await changeRecord(services, rfc, audit), 2)}\n`;
  const dir = services.config.changes.exportDir;
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${rfc.key}.json`);
  const signatureFile = `${file}.asc`;
  await writeFile(file, text);
  await writeFile(signatureFile, await signer.sign(text));
  return {
    verdict: describeCheck(audit.check),
    verdictSaid: checkSaid(audit.check),
    file,
    signatureFile,
    fingerprint: signer.fingerprint,
    publicKeyFile: publicKeyPath(services.config.changes.signing),
  };
}
