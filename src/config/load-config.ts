import { readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { z } from 'zod';
import { OpsdeskError } from '../core/errors';
import { type Config, configSchema } from './schema';

/** Formats zod issues as "key.path: what was expected (got …)", one per line. */
export function describeConfigIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const where = issue.path.length ? issue.path.join('.') : '(top level)';
      return `  - ${where}: ${issue.message}`;
    })
    .join('\n');
}

/** Validates an already-parsed config object. */
export function parseConfig(raw: unknown, source = 'config'): Config {
  const result = configSchema().safeParse(raw ?? {});
  if (!result.success) {
    throw new OpsdeskError('CONFIG', `${source} is not valid:\n${describeConfigIssues(result.error)}`, {
      fix: 'Fix the keys named above; fixtures/opsdesk.example.yaml shows every key with a comment.',
    });
  }
  return result.data;
}

/** Reads YAML or JSON from `file` (or OPSDESK_CONFIG, or the built-in defaults) and validates it. */
export function loadConfig(file = process.env.OPSDESK_CONFIG): Config {
  if (!file) return parseConfig({}, 'default config');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new OpsdeskError('CONFIG', `Cannot read config file ${file}: ${(err as Error).message}`, {
      fix: 'Pass an existing file with --config or OPSDESK_CONFIG.',
    });
  }
  let raw: unknown;
  try {
    raw = path.extname(file) === '.json' ? JSON.parse(text) : YAML.parse(text);
  } catch (err) {
    throw new OpsdeskError(
      'CONFIG',
      `${file} is not valid ${path.extname(file) === '.json' ? 'JSON' : 'YAML'}: ${(err as Error).message}`,
    );
  }
  const config = parseConfig(raw, file);
  return config;
}
