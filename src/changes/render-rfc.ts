import type { OutMessage } from '../chat/out-message';
import { formatLocal } from '../core/format-time';
import type { AuditEntry } from './change-audit.model';
import { shortDigest } from './approved-content';
import { FIELD_SPECS, showField } from './rfc-fields';
import type { RfcDoc } from './rfc.model';
import type { RfcFieldName } from '../config/sections/changes';

const SHOWN: RfcFieldName[] = [
  'need', 'description', 'risk', 'priority', 'categories', 'targets', 'targetCount', 'services', 'users', 'network', 'staff', 'training',
  'window', 'testPlan', 'testResults', 'backoutPlan', 'backoutTest', 'communication', 'package', 'incidents',
];

export function rfcLine(rfc: RfcDoc, timezone: string): string {
  return `${rfc.key} [${rfc.state}] ${rfc.title} — ${rfc.type}, ${rfc.requesterName}${rfc.window ? `, ${formatLocal(rfc.window.start, timezone)}` : ''}`;
}

/** `rfc show`: every field, the state and what is still missing. */
export function renderRfc(rfc: RfcDoc, missing: RfcFieldName[], timezone: string): OutMessage {
  const lines = SHOWN.map((f) => `${FIELD_SPECS[f].label}: ${showField(rfc, f, timezone)}`);
  const title = `${rfc.key} ${rfc.title}`;
  const footer = missing.length ? `Missing before submit: ${missing.join(', ')}.` : rfc.state === 'draft' ? `Ready: type \`rfc submit ${rfc.key}\`.` : `Type \`rfc audit ${rfc.key}\` for its history.`;
  const a = rfc.approval;
  if (a) lines.push(`Approved (${a.stage}): ${a.how === 'template' ? `by template ${a.template ?? '?'}` : `by ${a.approvers.join(', ')}${a.how === 'override' ? ' (override)' : ''}`}, digest ${shortDigest(a.digest)}`);
  if (rfc.type === 'emergency') lines.push(rfc.emergency ? `Emergency confirmed by ${rfc.emergency.confirmedBy}: ${rfc.emergency.reason}` : 'Emergency not confirmed: normal rules apply until a change manager other than the requester confirms it.');
  return {
    text: [`${title} [${rfc.state.toUpperCase()}] (${rfc.type}, requested by ${rfc.requesterName})`, ...lines, footer].join('\n'),
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

export function auditLine(e: AuditEntry, timezone: string): string {
  const when = formatLocal(e.at, timezone);
  const who = e.actorName ?? e.actorId;
  const move = e.from || e.to ? ` ${e.from ?? ''}${e.from ? ' → ' : ''}${e.to ?? ''}` : '';
  const detail = e.kind === 'vote' || e.kind === 'retracted' ? ` ${String(e.data?.choice)} (${String(e.data?.reaction)})` : e.kind === 'edited' ? ` ${((e.data?.fields as string[]) ?? []).join(', ')}` : '';
  return `${when} ${who}: ${e.kind}${move}${detail}${e.reason && e.reason !== e.kind ? ` — ${e.reason}` : ''}${e.signature ? ' [signed]' : ''}`;
}
