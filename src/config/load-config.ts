import { readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import { OpsdeskError } from '../core/errors';
import { msg, type MessageKey, type MessageParams } from '../i18n/catalog';
import { en } from '../i18n/messages-en';
import type { Lang } from '../i18n/languages';
import { terminalLanguage } from '../i18n/terminal-language';
import { type Config, configSchema } from './schema';

/** zod's own locale for each language: its built-in issues ("expected number, received string"). */
const ZOD_LOCALES: Record<Lang, () => { localeError: z.core.$ZodErrorMap }> = { en: z.locales.en, nb: z.locales.no };

/**
 * One issue's problem in `lang`: the catalog's sentence when the schema names a key (opsdesk's own
 * checks, with their `params`), else zod's message (in zod's locale for the language, see parseConfig).
 */
function problemIn(lang: Lang, issue: z.core.$ZodIssue): string {
  if (!(issue.message in en)) return issue.message;
  const params = 'params' in issue ? (issue.params as MessageParams | undefined) : undefined;
  return msg(lang, issue.message as MessageKey, params);
}

/** Formats zod issues as "  - key.path: what was expected (got …)", one per line, in `lang`. */
export function describeConfigIssues(error: z.ZodError, lang: Lang = 'en'): string {
  return error.issues
    .map((issue) => {
      const where = issue.path.length ? issue.path.join('.') : msg(lang, 'config.topLevel');
      return msg(lang, 'config.issue', { path: where, problem: problemIn(lang, issue) });
    })
    .join('\n');
}

/**
 * Validates an already-parsed config object. Its errors are for the operator's terminal, in `lang`
 * (default: the terminal's language, src/i18n/terminal-language.ts: the config is not read yet).
 */
export function parseConfig(raw: unknown, source?: string, lang = terminalLanguage(process.env)): Config {
  const result = configSchema.safeParse(raw ?? {}, { error: ZOD_LOCALES[lang]().localeError });
  if (!result.success) {
    const issues = describeConfigIssues(result.error, lang);
    throw new OpsdeskError('CONFIG', msg(lang, 'config.invalid', { source: source ?? 'config', issues }), {
      fix: msg(lang, 'config.invalidFix'),
    });
  }
  return result.data;
}

/**
 * Reads YAML or JSON from `file` (or OPSDESK_CONFIG, or the built-in defaults) and validates it;
 * errors in `lang`, by default the terminal's.
 */
export function loadConfig(file = process.env.OPSDESK_CONFIG, lang = terminalLanguage(process.env)): Config {
  if (!file) return parseConfig({}, msg(lang, 'config.defaultSource'), lang);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new OpsdeskError('CONFIG', msg(lang, 'config.unreadable', { file, reason: (err as Error).message }), {
      fix: msg(lang, 'config.unreadableFix'),
    });
  }
  let raw: unknown;
  const json = path.extname(file) === '.json';
  try {
    raw = json ? JSON.parse(text) : YAML.parse(text);
  } catch (err) {
    const format = json ? 'JSON' : 'YAML';
    throw new OpsdeskError('CONFIG', msg(lang, 'config.badSyntax', { file, format, reason: (err as Error).message }), {
      fix: msg(lang, 'config.badSyntaxFix'),
    });
  }
  return parseConfig(raw, file, lang);
}
