import type { OutMessage } from '../chat/out-message';
import { formatLocal } from '../core/format-time';
import { describeCheck, type AuditRecord } from './audit-chain';
import type { AuditEntry } from './change-audit.model';
import { shortDigest } from './approved-content';
import { FIELD_SPECS, showField } from './rfc-fields';
import type { RfcDoc } from './rfc.model';
import { RFC_FIELD_NAMES, type RfcFieldName } from '../config/sections/changes';

/** Every field but the title and type, which the heading shows, in the configured order. */
const SHOWN: RfcFieldName[] = RFC_FIELD_NAMES.filter((f) => f !== 'title' && f !== 'type');

export function rfcLine(rfc: RfcDoc, timezone: string): string {
  return (
    `${rfc.key} [${rfc.state}] ${rfc.title} — ${rfc.type}, ` +
    `${rfc.requesterName}${rfc.window ? `, ${formatLocal(rfc.window.start, timezone)}` : ''}`
  );
}

/** `rfc show`: every field, the state and what is still missing; `extra`: lines from elsewhere (a scheduled start). */
export function renderRfc(rfc: RfcDoc, missing: RfcFieldName[], timezone: string, extra: string[] = []): OutMessage {
  const lines = SHOWN.map((f) => `${FIELD_SPECS[f].label}: ${showField(rfc, f, timezone)}`);
  const title = `${rfc.key} ${rfc.title}`;
  const footer = missing.length
    ? `Missing before submit: ${missing.join(', ')}.`
    : rfc.state === 'draft'
      ? `Ready: type \`rfc submit ${rfc.key}\`.`
      : `Type \`rfc audit ${rfc.key}\` for its history.`;
  const a = rfc.approval;
  if (a) {
    const approvers = `by ${a.approvers.join(', ')}${a.how === 'override' ? ' (override)' : ''}`;
    const by = a.how === 'template' ? `by template ${a.template ?? '?'}` : approvers;
    lines.push(`Approved (${a.stage}): ${by}, digest ${shortDigest(a.digest)}`);
  }
  if (rfc.revisionOf) lines.push(`Revision ${rfc.revision ?? 2} of ${rfc.revisionOf} (rejected).`);
  if (rfc.revisedAs) lines.push(`Revised as ${rfc.revisedAs}.`);
  if (rfc.startCondition)
    lines.push(
      rfc.startConditionMet?.condition === rfc.startCondition
        ? `Start condition met (marked by ${rfc.startConditionMet.by}).`
        : `Start condition not marked met yet: \`rfc condition ${rfc.key} met\` ` +
            `(${rfc.startConditionRole ?? 'change-manager'}).`,
    );
  if (rfc.conflicts?.length) lines.push(`⚠ Conflicts: ${rfc.conflicts.map((c) => c.text).join('; ')}`);
  if (rfc.type === 'emergency')
    lines.push(
      rfc.emergency
        ? `Emergency confirmed by ${rfc.emergency.confirmedBy}: ${rfc.emergency.reason}`
        : 'Emergency not confirmed: normal rules apply until a change manager other than the requester confirms it.',
    );
  lines.push(...extra);
  return {
    text: [
      `${title} [${rfc.state.toUpperCase()}] (${rfc.type}, requested by ${rfc.requesterName})`,
      ...lines,
      footer,
    ].join('\n'),
    card: {
      kind: 'rfc',
      title,
      status: rfc.state.toUpperCase(),
      fields: [
        { label: 'Type', value: rfc.type },
        { label: 'Requester', value: rfc.requesterName },
        ...(rfc.template ? [{ label: 'Template', value: rfc.template }] : []),
      ],
      sections: [{ lines }],
      footer,
    },
  };
}

/**
 * One entry of `rfc audit`: `#5 2026-11-23 10:00 Carl Aas: vote approve (+1)`; rows from before the chain are `sealed`.
 */
export function auditLine(e: AuditEntry, timezone: string): string {
  const when = formatLocal(e.at, timezone);
  const who = e.actorName ?? e.actorId;
  const move = e.from || e.to ? ` ${e.from ?? ''}${e.from ? ' → ' : ''}${e.to ?? ''}` : '';
  const detail =
    e.kind === 'vote' || e.kind === 'retracted'
      ? ` ${String(e.data?.choice)} (${String(e.data?.reaction)})`
      : e.kind === 'edited'
        ? ` ${((e.data?.fields as string[]) ?? []).join(', ')}`
        : '';
  const place = typeof e.seq === 'number' ? `#${e.seq}` : 'sealed';
  return `${place} ${when} ${who}: ${e.kind}${move}${detail}${e.reason && e.reason !== e.kind ? ` — ${e.reason}` : ''}`;
}

/**
 * `rfc audit`: the verdict on the chain first (verified, or where it breaks), then every entry in
 * record order; the entry at fault is marked.
 */
export function renderAuditRecord(record: AuditRecord, timezone: string): OutMessage {
  const verdict = describeCheck(record.check);
  const fault = record.check.ok ? undefined : record.check.rowId;
  const lines = record.entries.map(
    (e) => `${auditLine(e, timezone)}${fault !== undefined && String(e._id) === fault ? '   <- BROKEN' : ''}`,
  );
  const head =
    record.check.ok && record.check.head
      ? `Head: entry ${record.check.head.seq}, ${record.check.head.hash}`
      : undefined;
  return {
    text: [
      `${record.rfcKey} record (${record.entries.length} entries): ${verdict}`,
      ...lines,
      ...(head ? [head] : []),
    ].join('\n'),
    card: {
      kind: 'generic',
      title: `${record.rfcKey} record`,
      fields: [{ label: 'Chain', value: verdict }],
      sections: [{ lines }],
      footer: head,
    },
  };
}
