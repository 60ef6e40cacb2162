import type { Config } from '../config/schema';
import { msg, msgCount, type CountedKey, type MessageKey, type MessageParams } from '../i18n/catalog';
import type { Lang } from '../i18n/languages';
import { terminalLanguage } from '../i18n/terminal-language';

/** The organisation's language, once the CLI has read a config (the terminal's fallback). */
let organisation: Lang | undefined;

/** Notes the config's `organisation.language`: from now on the terminal falls back to it. */
export function rememberOrganisation(config: Config): void {
  organisation = config.organisation.language;
}

/**
 * The language of the operator's terminal: LC_ALL, LC_MESSAGES or LANG, else the organisation's
 * language once a config is read, else English (src/i18n/terminal-language.ts).
 */
export function cliLanguage(): Lang {
  return terminalLanguage(process.env, organisation);
}

/** A sentence of the catalog in the terminal's language. */
export function say(key: MessageKey, params?: MessageParams): string {
  return msg(cliLanguage(), key, params);
}

/** A counted sentence ("1 person", "3 people") in the terminal's language. */
export function sayCount(key: CountedKey, count: number): string {
  return msgCount(cliLanguage(), key, count);
}
