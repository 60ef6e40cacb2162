import { readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { z } from 'zod';
import { OpsdeskError } from '../core/errors';
import { msg } from '../i18n/catalog';
import type { Lang } from '../i18n/languages';
import { terminalLanguage } from '../i18n/terminal-language';
import { issueIn, zodErrorsIn } from '../i18n/zod-issues';
import { type Config, configSchema } from './schema';

/** Formats zod issues as "  - key.path: what was expected (got …)", one per line, in `lang`. */
export function describeConfigIssues(error: z.ZodError, lang: Lang = 'en'): string {
  return error.issues
    .map((issue) => {
      const where = issue.path.length ? issue.path.join('.') : msg(lang, 'config.topLevel');
      return msg(lang, 'config.issue', { path: where, problem: issueIn(lang, issue) });
    })
    .join('\n');
}

/**
 * Validates an already-parsed config object. Its errors are for the operator's terminal, in `lang`
 * (default: the terminal's language, src/i18n/terminal-language.ts: the config is not read yet).
 */
export function parseConfig(raw: unknown, source?: string, lang = terminalLanguage(process.env)): Config {
  const result = configSchema.safeParse(raw ?? {}, zodErrorsIn(lang));
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
