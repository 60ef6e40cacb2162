import type { OutMessage } from '../chat/out-message';
import { checkSaid, type AuditRecord } from './audit-chain';
import { sayIn } from '../i18n/refusal';
import type { AuditEntry } from './change-audit.model';
import { shortDigest } from './approved-content';
import { fieldLabel, showField } from './rfc-fields';
import { formatLocalIn, msg, msgCount, speak } from '../i18n/catalog';
import type { Lang } from '../i18n/languages';
import type { RfcDoc } from './rfc.model';
import { RFC_FIELD_NAMES, type RfcFieldName } from '../config/sections/changes';

/** Every field but the title and type, which the heading shows, in the configured order. */
const SHOWN: RfcFieldName[] = RFC_FIELD_NAMES.filter((f) => f !== 'title' && f !== 'type');

export function rfcLine(rfc: RfcDoc, timezone: string, lang?: Lang): string {
  const p = { key: rfc.key, state: rfc.state, title: rfc.title, type: rfc.type, requester: rfc.requesterName };
  return rfc.window
    ? msg(lang, 'rfc.lineAt', { ...p, at: formatLocalIn(lang, rfc.window.start, timezone) })
    : msg(lang, 'rfc.line', p);
}

/** `rfc show`: every field, the state and what is still missing; `extra`: lines from elsewhere (a scheduled start). */
export function renderRfc(
  rfc: RfcDoc,
  missing: RfcFieldName[],
  timezone: string,
  extra: string[] = [],
  lang?: Lang,
): OutMessage {
  const t = speak(lang);
  const lines = SHOWN.map((f) => `${fieldLabel(lang, f)}: ${showField(rfc, f, timezone, lang)}`);
  const title = `${rfc.key} ${rfc.title}`;
  const footer = missing.length
    ? t('rfc.missing', { fields: missing.join(', ') })
    : rfc.state === 'draft'
      ? t('rfc.ready', { key: rfc.key })
      : t('rfc.auditHint', { key: rfc.key });
  const a = rfc.approval;
  if (a) {
    const names = a.approvers.join(', ');
    const by =
      a.how === 'template'
        ? t('rfc.approvedByTemplate', { template: a.template ?? '?' })
        : t(a.how === 'override' ? 'rfc.approvedByOverride' : 'rfc.approvedBy', { names });
    lines.push(t('rfc.approved', { stage: a.stage, by, digest: shortDigest(a.digest) }));
  }
  if (rfc.revisionOf) lines.push(t('rfc.revisionOf', { revision: rfc.revision ?? 2, of: rfc.revisionOf }));
  if (rfc.revisedAs) lines.push(t('rfc.revisedAs', { key: rfc.revisedAs }));
  if (rfc.startCondition)
    lines.push(
      rfc.startConditionMet?.condition === rfc.startCondition
        ? t('rfc.conditionMet', { by: rfc.startConditionMet.by })
        : t('rfc.conditionOpen', { key: rfc.key, role: rfc.startConditionRole ?? 'change-manager' }),
    );
  if (rfc.conflicts?.length) lines.push(t('rfc.conflicts', { list: rfc.conflicts.map((c) => c.text).join('; ') }));
  if (rfc.type === 'emergency')
    lines.push(
      rfc.emergency
        ? t('rfc.emergencyConfirmed', { by: rfc.emergency.confirmedBy, reason: rfc.emergency.reason })
        : t('rfc.emergencyUnconfirmed'),
    );
  lines.push(...extra);
  const heading = t('rfc.heading', {
    key: rfc.key,
    title: rfc.title,
    state: rfc.state.toUpperCase(),
    type: rfc.type,
    requester: rfc.requesterName,
  });
  return {
    text: [heading, ...lines, footer].join('\n'),
    card: {
      kind: 'rfc',
      title,
      status: rfc.state.toUpperCase(),
      fields: [
        { label: t('rfc.card.type'), value: rfc.type },
        { label: t('rfc.card.requester'), value: rfc.requesterName },
        ...(rfc.template ? [{ label: t('rfc.card.template'), value: rfc.template }] : []),
      ],
      sections: [{ lines }],
      footer,
    },
  };
}

/**
 * One entry of `rfc audit`: `#5 2026-11-23 10:00 Carl Aas: vote approve (+1)`; rows from before the chain are `sealed`.
 * The date as the reader writes it; the entry's kind, states and reason as recorded (the record itself).
 */
export function auditLine(e: AuditEntry, timezone: string, lang?: Lang): string {
  const when = formatLocalIn(lang, e.at, timezone);
  const who = e.actorName ?? e.actorId;
  const move = e.from || e.to ? ` ${e.from ?? ''}${e.from ? ' → ' : ''}${e.to ?? ''}` : '';
  const detail =
    e.kind === 'vote' || e.kind === 'retracted'
      ? ` ${String(e.data?.choice)} (${String(e.data?.reaction)})`
      : e.kind === 'edited'
        ? ` ${((e.data?.fields as string[]) ?? []).join(', ')}`
        : '';
  const place = typeof e.seq === 'number' ? `#${e.seq}` : msg(lang, 'audit.sealedPlace');
  return `${place} ${when} ${who}: ${e.kind}${move}${detail}${e.reason && e.reason !== e.kind ? ` — ${e.reason}` : ''}`;
}

/**
 * `rfc audit`: the verdict on the chain first (verified, or where it breaks), then every entry in
 * record order; the entry at fault is marked.
 */
export function renderAuditRecord(record: AuditRecord, timezone: string, lang?: Lang): OutMessage {
  const t = speak(lang);
  const verdict = sayIn(lang, checkSaid(record.check));
  const fault = record.check.ok ? undefined : record.check.rowId;
  const mark = `   ${t('audit.brokenMark')}`;
  const lines = record.entries.map(
    (e) => `${auditLine(e, timezone, lang)}${fault !== undefined && String(e._id) === fault ? mark : ''}`,
  );
  const head =
    record.check.ok && record.check.head
      ? t('rfc.audit.head', { seq: record.check.head.seq, hash: record.check.head.hash })
      : undefined;
  return {
    text: [
      msgCount(lang, 'rfc.audit.heading', record.entries.length, { key: record.rfcKey, verdict }),
      ...lines,
      ...(head ? [head] : []),
    ].join('\n'),
    card: {
      kind: 'generic',
      title: t('rfc.audit.title', { key: record.rfcKey }),
      fields: [{ label: t('rfc.audit.chain'), value: verdict }],
      sections: [{ lines }],
      footer: head,
    },
  };
}
