import { DateTime } from 'luxon';
import { formatLocalIn, msg } from '../i18n/catalog';
import type { Lang } from '../i18n/languages';
import type { MessageKey } from '../i18n/messages-en';
import { refusal, said, type Said } from '../i18n/refusal';
import type { RfcFieldName } from '../config/sections/changes';
import { formatLocal } from '../core/format-time';
import { globProblem } from '../inventory/glob';
import { CHANGE_TYPES } from './change-lifecycle';
import { ROLES } from '../people/role';
import { parseCompletion } from './completion';
import { REQUEST_CATEGORIES, RFC_PRIORITIES, RISKS, type RfcDoc } from './rfc.model';

/** How one RFC field is parsed from typed text and shown (its label and question: the catalog's rfc.field/rfc.ask). */
interface FieldSpec {
  /** The values it may take, named in its question. */
  values?: readonly string[];
  parse(typed: string, timezone: string): unknown;
  show(value: unknown, timezone: string, lang?: Lang): string;
}

const MAX_TEXT = 4000;

const label = (field: RfcFieldName): Said => said(`rfc.field.${field}`);
const bad = (key: MessageKey, params?: Said['params']) => refusal('USAGE', said(key, params));

function text(field: RfcFieldName): FieldSpec {
  return {
    parse(typed) {
      const t = typed.trim();
      if (!t) throw bad('rfc.parse.empty', { label: label(field) });
      if (t.length > MAX_TEXT) throw bad('rfc.parse.tooLong', { label: label(field), max: MAX_TEXT });
      return t;
    },
    show: (v) => String(v),
  };
}

function oneOf(field: RfcFieldName, values: readonly string[]): FieldSpec {
  return {
    values,
    parse(typed) {
      const t = typed.trim().toLowerCase();
      if (!values.includes(t))
        throw bad('rfc.parse.oneOf', {
          label: label(field),
          values: values.join(', '),
          typed: typed.trim().slice(0, 40),
        });
      return t;
    },
    show: (v) => String(v),
  };
}

function list(
  field: RfcFieldName,
  check?: (item: string) => Said | string | undefined,
  values?: readonly string[],
): FieldSpec {
  return {
    values,
    parse(typed) {
      const items = typed
        .split(/[,\s]+/u)
        .map((s) => s.trim())
        .filter(Boolean);
      if (!items.length) throw bad('rfc.parse.empty', { label: label(field) });
      if (items.length > 200) throw bad('rfc.parse.tooMany', { label: label(field) });
      for (const item of items) {
        const problem = check?.(item);
        if (problem) throw bad('rfc.parse.item', { label: label(field), problem });
      }
      return [...new Set(items)];
    },
    show: (v) => (v as string[]).join(', '),
  };
}

const LOCAL_FORMATS = ['yyyy-MM-dd HH:mm', 'yyyy-MM-dd H:mm', "yyyy-MM-dd'T'HH:mm", 'yyyy-MM-dd'];

function parseLocal(typed: string, timezone: string, day?: DateTime): DateTime | undefined {
  const t = typed.trim();
  if (day && /^\d{1,2}:\d{2}$/u.test(t)) {
    const [h, m] = t.split(':').map(Number);
    const d = day.set({ hour: h, minute: m, second: 0, millisecond: 0 });
    return d.isValid ? d : undefined;
  }
  for (const f of LOCAL_FORMATS) {
    const d = DateTime.fromFormat(t, f, { zone: timezone });
    if (d.isValid) return d;
  }
  const iso = DateTime.fromISO(t, { zone: timezone });
  return iso.isValid ? iso : undefined;
}

/**
 * A change window in the organisation's time zone: `2026-12-01 16:00..2026-12-01 20:00`,
 * `2026-12-01 16:00..20:00` or `2026-12-01 16:00 to 20:00`.
 */
export function parseWindow(typed: string, timezone: string): { start: Date; end: Date } {
  const parts = typed
    .split(/\.\.|\bto\b|–|—/u)
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length !== 2) throw bad('rfc.parse.windowParts');
  const start = parseLocal(parts[0], timezone);
  if (!start) throw bad('rfc.parse.windowWhen', { typed: parts[0].slice(0, 40) });
  const end = parseLocal(parts[1], timezone, start);
  if (!end) throw bad('rfc.parse.windowWhen', { typed: parts[1].slice(0, 40) });
  if (end <= start) throw bad('rfc.parse.windowOrder');
  return { start: start.toJSDate(), end: end.toJSDate() };
}

/** A target date: `2026-12-10` (the end of that day) or `2026-12-10 12:00`, local. */
export function parseTargetDate(typed: string, timezone: string): Date {
  const t = typed.trim();
  const d = parseLocal(t, timezone);
  if (!d) throw bad('rfc.parse.date', { typed: t.slice(0, 40) });
  return (/^\d{4}-\d{2}-\d{2}$/u.test(t) ? d.endOf('day') : d).toJSDate();
}

export function formatWindow(w: { start: Date; end: Date }, timezone: string): string {
  return `${formatLocal(w.start, timezone)}..${formatLocal(w.end, timezone)} (${timezone})`;
}

export const FIELD_SPECS: Record<RfcFieldName, FieldSpec> = {
  title: text('title'),
  need: text('need'),
  description: text('description'),
  type: oneOf('type', CHANGE_TYPES),
  risk: oneOf('risk', RISKS),
  priority: oneOf('priority', RFC_PRIORITIES),
  categories: list(
    'categories',
    (c) =>
      (REQUEST_CATEGORIES as readonly string[]).includes(c.toLowerCase())
        ? undefined
        : said('rfc.parse.notCategory', { item: c.slice(0, 30), values: REQUEST_CATEGORIES.join(', ') }),
    REQUEST_CATEGORIES,
  ),
  targets: list('targets', (t) =>
    t.startsWith('$')
      ? said('rfc.parse.notTarget', { item: t.slice(0, 30) })
      : globProblem(t.slice(t.indexOf('=') + 1)),
  ),
  targetCount: {
    parse(typed) {
      const n = Number(typed.trim());
      if (!Number.isInteger(n) || n < 0 || n > 1_000_000) throw bad('rfc.parse.count');
      return n;
    },
    show: (v) => String(v),
  },
  services: text('services'),
  users: text('users'),
  network: text('network'),
  staff: text('staff'),
  training: text('training'),
  window: {
    parse: parseWindow,
    show: (v, tz) => formatWindow(v as { start: Date; end: Date }, tz),
  },
  testPlan: text('testPlan'),
  testResults: text('testResults'),
  backoutPlan: text('backoutPlan'),
  backoutTest: text('backoutTest'),
  communication: text('communication'),
  package: {
    parse(typed) {
      const m = /^([A-Za-z0-9][\w.+-]{0,99})(?:\s+|=|@)([\w.+:~-]{1,64})$/u.exec(typed.trim());
      if (!m) throw bad('rfc.parse.package');
      return { name: m[1], version: m[2] };
    },
    show: (v) => `${(v as { name: string }).name} ${(v as { version: string }).version}`,
  },
  externalId: {
    parse(typed) {
      const t = typed.trim();
      if (!/^[\w.:/#-]{1,64}$/u.test(t)) throw bad('rfc.parse.externalId');
      return t;
    },
    show: (v) => String(v),
  },
  targetDate: {
    parse: parseTargetDate,
    show: (v, tz, lang) => formatLocalIn(lang, v as Date, tz),
  },
  startCondition: text('startCondition'),
  startConditionRole: oneOf('startConditionRole', ROLES),
  completion: {
    parse: (typed) => parseCompletion(typed).text,
    show: (v) => String(v),
  },
  downgrade: {
    parse(typed) {
      const t = typed.trim().toLowerCase();
      if (['yes', 'y', 'true', 'ja', 'j'].includes(t)) return true;
      if (['no', 'n', 'false', 'nei'].includes(t)) return false;
      throw bad('rfc.parse.downgrade');
    },
    show: (v, _tz, lang) => msg(lang, v ? 'rfc.show.downgradeYes' : 'rfc.show.downgradeNo'),
  },
  incidents: list('incidents', (i) =>
    /^INC-\d{1,9}$/iu.test(i) ? undefined : said('rfc.parse.notIncident', { item: i.slice(0, 30) }),
  ),
};

/** A field's name for people ("Backout plan", "Tilbakeføringsplan"). */
export function fieldLabel(lang: Lang | undefined, field: RfcFieldName): string {
  return msg(lang, `rfc.field.${field}`);
}

/** The question the dialogue asks for a field. */
export function fieldQuestion(lang: Lang | undefined, field: RfcFieldName): string {
  return msg(lang, `rfc.ask.${field}`, { values: FIELD_SPECS[field].values?.join(', ') ?? '' });
}

export const FIELD_NAMES = Object.keys(FIELD_SPECS) as RfcFieldName[];

/** `testplan`, `test-plan`, `test_plan` -> `testPlan`; undefined for unknown names. */
export function fieldByName(typed: string): RfcFieldName | undefined {
  const flat = typed.toLowerCase().replace(/[-_\s]/gu, '');
  const aliases: Record<string, RfcFieldName> = {
    benefit: 'need',
    backout: 'backoutPlan',
    tests: 'testResults',
    incident: 'incidents',
    target: 'targets',
    count: 'targetCount',
    external: 'externalId',
    due: 'targetDate',
    condition: 'startCondition',
    criterion: 'completion',
  };
  return FIELD_NAMES.find((f) => f.toLowerCase() === flat) ?? aliases[flat];
}

export function parseField(field: RfcFieldName, typed: string, timezone: string): unknown {
  const value = FIELD_SPECS[field].parse(typed, timezone);
  return field === 'incidents' ? (value as string[]).map((s) => s.toUpperCase()) : value;
}

export function isFilled(rfc: Partial<RfcDoc>, field: RfcFieldName): boolean {
  const v = (rfc as Record<string, unknown>)[field];
  if (v === undefined || v === null || v === '') return false;
  return !Array.isArray(v) || v.length > 0;
}

export function showField(rfc: Partial<RfcDoc>, field: RfcFieldName, timezone: string, lang?: Lang): string {
  return isFilled(rfc, field) ? FIELD_SPECS[field].show((rfc as Record<string, unknown>)[field], timezone, lang) : '—';
}
