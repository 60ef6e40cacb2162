/**
 * The message catalog: every language has every key of the English catalog, no extra key, and the
 * same placeholders in each sentence (a translation that drops `{key}` would send a sentence
 * without the case number). And the teacher-facing render modules write no sentence themselves:
 * every string literal in them is a catalog key or a bit of layout, never words; a literal sentence
 * added there (by hand or by a merge) fails here with its file and line.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { CATALOGS, formatDateTimeIn, msg, placeholdersOf } from '../../../src/i18n/catalog';
import { LANGUAGES } from '../../../src/i18n/languages';
import { en } from '../../../src/i18n/messages-en';

const REPO = join(__dirname, '..', '..', '..');

describe.each(LANGUAGES.filter((l) => l !== 'en'))('the %s catalog', (lang) => {
  const catalog = CATALOGS[lang] as Record<string, string>;

  test('has every English key and no other', () => {
    const missing = Object.keys(en).filter((k) => !(k in catalog) || !catalog[k].trim());
    const extra = Object.keys(catalog).filter((k) => !(k in en));
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
  });

  test('uses the same placeholders in every sentence', () => {
    const differ = Object.entries(en)
      .filter(([k, v]) => placeholdersOf(v).join() !== placeholdersOf(catalog[k] ?? '').join())
      .map(([k]) => k);
    expect(differ).toEqual([]);
  });
});

test('msg fills placeholders; a language without the key would fall back to English', () => {
  expect(msg('nb', 'confirm.done', { key: 'INC-7' })).toBe('Takk! INC-7 er lukket.');
  expect(msg('en', 'confirm.done', { key: 'INC-7' })).toBe('Thanks! INC-7 is closed.');
  expect(msg(undefined, 'notice.status', { key: 'INC-7', status: 'resolved' })).toBe('INC-7 is now *resolved*.');
});

test("dates and times in the person's locale and the organisation's time zone", () => {
  const at = new Date('2026-11-30T13:05:00Z');
  expect(formatDateTimeIn('nb', at, 'Europe/Oslo')).toBe('30. nov. 2026, 14:05');
  expect(formatDateTimeIn('en', at, 'Europe/Oslo')).toBe('30 Nov 2026, 14:05');
});

/**
 * The modules that write what a teacher (reporter) receives. For render-ticket.ts only the
 * reporter's functions are in the catalog so far (the rest is staff-facing and English-only).
 */
const TEACHER_FACING: Array<{ file: string; only?: string[] }> = [
  { file: 'src/tickets/render-receipt.ts' },
  { file: 'src/tickets/render-floods.ts' },
  { file: 'commands/handlers/service-desk.ts' },
  { file: 'src/bot/render-refusals.ts' },
  { file: 'src/bot/help-text.ts' },
  { file: 'src/bot/check-roles.ts', only: ['checkRoles'] },
  { file: 'src/bot/run-command.ts', only: ['strayCommand'] },
  { file: 'src/problems/render-problem.ts', only: ['problemFixedText'] },
  {
    file: 'src/tickets/render-ticket.ts',
    only: [
      'reporterNotice',
      'statusChangedText',
      'assignedText',
      'escalatedText',
      'commentToReporterText',
      'reopenedToReporterText',
    ],
  },
];

/**
 * Literals that are not sent to the teacher as they are: the note stored in the case's history when
 * her answer moves it back to in-progress (history is rendered by renderTicket, not yet translated).
 */
const NOT_SENT = new Set(['the reporter answered']);

/** Two words in a row: a sentence, not a key (`notice.status`) or layout (`${a} · ${b}`). */
const WORDS = /\p{L}{2,}[\s,;:]+\p{L}{2,}/u;

function literalSentences(file: string, only?: string[]): string[] {
  const source = ts.createSourceFile(file, readFileSync(join(REPO, file), 'utf8'), ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const visit = (node: ts.Node, inScope: boolean) => {
    let scope = inScope;
    if (ts.isFunctionDeclaration(node) && node.name) scope = !only || only.includes(node.name.text);
    const text =
      ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateLiteralToken(node)
        ? node.text
        : undefined;
    if (scope && text !== undefined && WORDS.test(text) && !NOT_SENT.has(text)) {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart());
      found.push(`${file}:${line + 1}: ${JSON.stringify(text)}`);
    }
    // Log lines are for operators reading the log, not for the teacher.
    if (ts.isCallExpression(node) && /\blog\.\w+$/u.test(node.expression.getText())) return;
    ts.forEachChild(node, (child) => visit(child, scope));
  };
  visit(source, !only);
  return found;
}

test('the teacher-facing render modules take every sentence from the catalog', () => {
  expect(TEACHER_FACING.flatMap((m) => literalSentences(m.file, m.only))).toEqual([]);
});

test('the check sees a literal sentence', () => {
  // render-ticket.ts's staff-facing functions still write English sentences: the check must find them.
  expect(literalSentences('src/tickets/render-ticket.ts', ['assignedToYouText']).length).toBeGreaterThan(0);
});
