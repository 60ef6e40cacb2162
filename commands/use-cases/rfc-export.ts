import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { preconditionFailed } from '../../src/core/errors';
import type { Services } from '../services';
import { publicKeyPath } from '../../src/signing/bot-key';
import { Ballot, type BallotDoc } from '../../src/votes/ballot.model';
import { stableJson } from '../../src/changes/change-service';
import type { RfcDoc } from '../../src/changes/rfc.model';

export interface ExportResult {
  file: string;
  signatureFile: string;
  fingerprint: string;
  publicKeyFile: string;
}

const RECORD_FORMAT = 'opsdesk-change-record/1';

/** The full record of a change: its fields, every ballot with its final tally, and the whole audit log. */
export async function changeRecord(services: Pick<Services, 'changes' | 'clock' | 'config'>, rfc: RfcDoc): Promise<Record<string, unknown>> {
  const ballots = await Ballot.find({ rfcKey: rfc.key }).sort({ opensAt: 1 }).lean<BallotDoc[]>();
  const audit = await services.changes.auditLog(rfc.key);
  const { _id, dialogueThreads: _d, asking: _a, stateSeq: _s, ...fields } = rfc;
  return {
    format: RECORD_FORMAT,
    organisation: services.config.organisation.name,
    exportedAt: services.clock.now(),
    change: { id: String(_id), ...fields },
    ballots: ballots.map(({ cardKeys: _k, ...b }) => b),
    audit: audit.map(({ _id: id, ...e }) => ({ id: String(id), ...e })),
  };
}

/**
 * `rfc export`: writes `<exportDir>/RFC-n.json` (stable key order) and `RFC-n.json.asc`, a detached
 * armored signature by the bot's key that `gpg --verify` checks.
 */
export async function exportChange(services: Pick<Services, 'changes' | 'clock' | 'config'>, rfc: RfcDoc): Promise<ExportResult> {
  const signer = await services.changes.signer();
  if (!signer?.fingerprint) {
    throw preconditionFailed('opsdesk has no signing key, so it cannot export a signed record.', 'An admin runs `opsdesk keys init` (or sets OPSDESK_SIGNING_KEY) and restarts the bot.');
  }
  const text = `${stableJson(await changeRecord(services, rfc), 2)}\n`;
  const dir = services.config.changes.exportDir;
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${rfc.key}.json`);
  const signatureFile = `${file}.asc`;
  await writeFile(file, text);
  await writeFile(signatureFile, await signer.sign(text));
  return { file, signatureFile, fingerprint: signer.fingerprint, publicKeyFile: publicKeyPath(services.config.changes.signing) };
}
