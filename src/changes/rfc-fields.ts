import { DateTime } from 'luxon';
import { usageError } from '../core/errors';
import type { RfcFieldName } from '../config/sections/changes';
import { formatLocal } from '../core/format-time';
import { globProblem } from '../inventory/glob';
import { CHANGE_TYPES } from './change-lifecycle';
import { ROLES } from '../people/role';
import { parseCompletion } from './completion';
import { REQUEST_CATEGORIES, RFC_PRIORITIES, RISKS, type RfcDoc } from './rfc.model';

/** How one RFC field is named, asked for, parsed from typed text and shown. */
interface FieldSpec {
  label: string;
  /** The question the dialogue asks. */
  question: string;
  parse(typed: string, timezone: string): unknown;
  show(value: unknown, timezone: string): string;
}

const MAX_TEXT = 4000;

function text(label: string, question: string): FieldSpec {
  return {
    label,
    question,
    parse(typed) {
      const t = typed.trim();
      if (!t) throw usageError(`${label} is empty.`);
      if (t.length > MAX_TEXT) throw usageError(`${label} is longer than ${MAX_TEXT} characters.`);
      return t;
    },
    show: (v) => String(v),
  };
}

function oneOf(label: string, question: string, values: readonly string[]): FieldSpec {
  return {
    label,
    question: `${question} (${values.join(', ')})`,
    parse(typed) {
      const t = typed.trim().toLowerCase();
      if (!values.includes(t))
        throw usageError(`${label} must be one of: ${values.join(', ')} (not "${typed.trim().slice(0, 40)}").`);
      return t;
    },
    show: (v) => String(v),
  };
}

function list(label: string, question: string, check?: (item: string) => string | undefined): FieldSpec {
  return {
    label,
    question,
    parse(typed) {
      const items = typed
        .split(/[,\s]+/u)
        .map((s) => s.trim())
        .filter(Boolean);
      if (!items.length) throw usageError(`${label} is empty.`);
      if (items.length > 200) throw usageError(`${label}: at most 200 entries.`);
      for (const item of items) {
        const problem = check?.(item);
        if (problem) throw usageError(`${label}: ${problem}`);
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
  const example = 'Example: 2026-12-01 16:00..2026-12-01 20:00 (or 2026-12-01 16:00..20:00)';
  if (parts.length !== 2) throw usageError(`WINDOW needs a start and an end separated by "..". ${example}.`);
  const start = parseLocal(parts[0], timezone);
  if (!start) throw usageError(`WINDOW: "${parts[0].slice(0, 40)}" is not a date and time. ${example}.`);
  const end = parseLocal(parts[1], timezone, start);
  if (!end) throw usageError(`WINDOW: "${parts[1].slice(0, 40)}" is not a date and time. ${example}.`);
  if (end <= start) throw usageError('WINDOW: the end must come after the start.');
  return { start: start.toJSDate(), end: end.toJSDate() };
}

/** A target date: `2026-12-10` (the end of that day) or `2026-12-10 12:00`, local. */
export function parseTargetDate(typed: string, timezone: string): Date {
  const t = typed.trim();
  const d = parseLocal(t, timezone);
  if (!d) throw usageError(`"${t.slice(0, 40)}" is not a date. Example: 2026-12-10 or 2026-12-10 12:00.`);
  return (/^\d{4}-\d{2}-\d{2}$/u.test(t) ? d.endOf('day') : d).toJSDate();
}

export function formatWindow(w: { start: Date; end: Date }, timezone: string): string {
  return `${formatLocal(w.start, timezone)}..${formatLocal(w.end, timezone)} (${timezone})`;
}

export const FIELD_SPECS: Record<RfcFieldName, FieldSpec> = {
  title: text('Title', 'What is the change, in one line?'),
  need: text('Need', 'Why is it needed: what is the business or technical benefit?'),
  description: text('Description', 'Describe the change: what exactly will be done?'),
  type: oneOf('Type', 'What type of change is it?', CHANGE_TYPES),
  risk: oneOf('Risk', 'How risky is it?', RISKS),
  priority: oneOf('Priority', 'What priority?', RFC_PRIORITIES),
  categories: list('Categories', `Which request categories? (${REQUEST_CATEGORIES.join(', ')})`, (c) =>
    (REQUEST_CATEGORIES as readonly string[]).includes(c.toLowerCase())
      ? undefined
      : `"${c.slice(0, 30)}" is not a category (${REQUEST_CATEGORIES.join(', ')}).`,
  ),
  targets: list(
    'Targets',
    'Which machines: inventory groups, host names or key=value filters, separated by commas?',
    (t) =>
      t.startsWith('$')
        ? `"${t.slice(0, 30)}" is not a group, host or key=value filter.`
        : globProblem(t.slice(t.indexOf('=') + 1)),
  ),
  targetCount: {
    label: 'Target count',
    question: 'How many machines are affected?',
    parse(typed) {
      const n = Number(typed.trim());
      if (!Number.isInteger(n) || n < 0 || n > 1_000_000) throw usageError('Target count must be a whole number.');
      return n;
    },
    show: (v) => String(v),
  },
  services: text('Services affected', 'Which services are affected?'),
  users: text('Users affected', 'Which users are affected, and how?'),
  network: text('Network load', 'What network load will it cause (package size, segments)?'),
  staff: text('Staff needed', 'Which staff are needed to carry it out?'),
  training: text('Training needed', 'What training do users or staff need?'),
  window: {
    label: 'Window',
    question: 'When is the change window? Type start..end in local time, e.g. 2026-12-01 16:00..2026-12-01 20:00',
    parse: parseWindow,
    show: (v, tz) => formatWindow(v as { start: Date; end: Date }, tz),
  },
  testPlan: text('Test plan', 'How will it be tested before release?'),
  testResults: text('Test results', 'What were the test results?'),
  backoutPlan: text('Backout plan', 'How is it undone if it fails (backout plan)?'),
  backoutTest: text('Backout test', 'How was the backout tested?'),
  communication: text('Communication plan', 'Who is told what, and when (communication plan)?'),
  package: {
    label: 'Package',
    question: 'Which package and version (e.g. libreoffice 25.8.1)?',
    parse(typed) {
      const m = /^([A-Za-z0-9][\w.+-]{0,99})(?:\s+|=|@)([\w.+:~-]{1,64})$/u.exec(typed.trim());
      if (!m)
        throw usageError('Package must be a name and a version, e.g. `libreoffice 25.8.1` or `libreoffice=25.8.1`.');
      return { name: m[1], version: m[2] };
    },
    show: (v) => `${(v as { name: string }).name} ${(v as { version: string }).version}`,
  },
  externalId: {
    label: 'External id',
    question: 'Its id in another system (change order number)?',
    parse(typed) {
      const t = typed.trim();
      if (!/^[\w.:/#-]{1,64}$/u.test(t))
        throw usageError('External id: letters, digits and . : / # - _ only, at most 64 (e.g. CO-2001).');
      return t;
    },
    show: (v) => String(v),
  },
  targetDate: {
    label: 'Target date',
    question: 'By when should it be done (the target date, e.g. 2026-12-10)?',
    parse: parseTargetDate,
    show: (v, tz) => formatLocal(v as Date, tz),
  },
  startCondition: text('Start condition', 'What must hold before it may start (e.g. the new hardware is available)?'),
  startConditionRole: oneOf('Start condition role', 'Which role marks the start condition met?', ROLES),
  completion: {
    label: 'Completion criterion',
    question: 'When is it complete: a share of its targets such as 95%, or all?',
    parse: (typed) => parseCompletion(typed).text,
    show: (v) => String(v),
  },
  downgrade: {
    label: 'Downgrade',
    question: 'Is it a declared downgrade (an older version than the hosts run)? yes or no',
    parse(typed) {
      const t = typed.trim().toLowerCase();
      if (['yes', 'y', 'true'].includes(t)) return true;
      if (['no', 'n', 'false'].includes(t)) return false;
      throw usageError('Downgrade must be yes or no.');
    },
    show: (v) => (v ? 'yes (declared)' : 'no'),
  },
  incidents: list('Linked incidents', 'Which incidents does it address (INC-…)?', (i) =>
    /^INC-\d{1,9}$/iu.test(i) ? undefined : `"${i.slice(0, 30)}" is not an incident key such as INC-1042.`,
  ),
};

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

export function showField(rfc: Partial<RfcDoc>, field: RfcFieldName, timezone: string): string {
  return isFilled(rfc, field) ? FIELD_SPECS[field].show((rfc as Record<string, unknown>)[field], timezone) : '—';
}
