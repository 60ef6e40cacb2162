/**
 * The operator's terminal speaks the POSIX way (LC_ALL, LC_MESSAGES, LANG; else the organisation's
 * language; else English), and a configuration error is said in it: opsdesk's own sentences from the
 * catalog, zod's built-in ones in zod's locale for the language. Would catch: a locale read in the
 * wrong order, `no`/`nn` not spoken as Bokmål, `C` taken as "no preference", a config check whose
 * text bypasses the catalog (it would show its key or stay English in Norwegian).
 */
import { parseConfig } from '../../../src/config/load-config';
import { OpsdeskError } from '../../../src/core/errors';
import { terminalLanguage } from '../../../src/i18n/terminal-language';
import { cliNb } from '../../../src/i18n/nb/cli';
import { configNb } from '../../../src/i18n/nb/config';
import { keyFileNb } from '../../../src/i18n/nb/key-file';
import { platformSetupNb } from '../../../src/i18n/nb/platform-setup';
import { signingNb } from '../../../src/i18n/nb/signing';

test('the first locale variable set decides; C and languages opsdesk does not speak are English', () => {
  expect(terminalLanguage({ LANG: 'nb_NO.UTF-8' })).toBe('nb');
  expect(terminalLanguage({ LANG: 'no_NO' })).toBe('nb');
  expect(terminalLanguage({ LANG: 'nn_NO.UTF-8' })).toBe('nb');
  expect(terminalLanguage({ LANG: 'en_GB.UTF-8' }, 'nb')).toBe('en');
  expect(terminalLanguage({ LC_ALL: 'en_US.UTF-8', LANG: 'nb_NO.UTF-8' })).toBe('en');
  expect(terminalLanguage({ LC_MESSAGES: 'nb_NO.UTF-8', LANG: 'en_GB.UTF-8' })).toBe('nb');
  expect(terminalLanguage({ LC_ALL: '', LANG: 'nb_NO.UTF-8' })).toBe('nb');
  expect(terminalLanguage({ LANG: 'C.UTF-8' }, 'nb')).toBe('en');
  expect(terminalLanguage({ LANG: 'de_DE.UTF-8' }, 'nb')).toBe('en');
  expect(terminalLanguage({}, 'nb')).toBe('nb');
  expect(terminalLanguage({})).toBe('en');
});

const BROKEN = {
  organisation: { timezone: 'Mars/Base' },
  tickets: { reopenDays: 'x' },
  people: [
    { id: 'anna', name: 'Anna', roles: ['reporter'] },
    { id: 'anna', name: 'Anne', roles: ['reporter'] },
  ],
};

function errorIn(lang: 'en' | 'nb'): string {
  try {
    parseConfig(BROKEN, 'opsdesk.yaml', lang);
  } catch (err) {
    expect(err).toBeInstanceOf(OpsdeskError);
    expect((err as OpsdeskError).code).toBe('CONFIG');
    return (err as OpsdeskError).toUserText();
  }
  throw new Error('the config was accepted');
}

test('a configuration error in Norwegian: the frame, opsdesk own checks and zod messages', () => {
  expect(errorIn('nb')).toBe(
    [
      'opsdesk.yaml er ikke gyldig:',
      '  - organisation.timezone: forventet en IANA-tidssone som "Europe/Oslo"',
      '  - people.1.id: person-id-en "anna" er også people.0.id; før opp hver person én gang',
      '  - tickets.reopenDays: Ugyldig input: forventet tall, fikk string',
      'Rett nøklene som er nevnt over; fixtures/opsdesk.example.yaml viser hver nøkkel med en kommentar.',
    ].join('\n'),
  );
});

test('the same error in English stays English', () => {
  expect(errorIn('en')).toBe(
    [
      'opsdesk.yaml is not valid:',
      '  - organisation.timezone: expected an IANA time zone such as "Europe/Oslo"',
      '  - people.1.id: person id "anna" is also people.0.id; list each person once',
      '  - tickets.reopenDays: Invalid input: expected number, received string',
      'Fix the keys named above; fixtures/opsdesk.example.yaml shows every key with a comment.',
    ].join('\n'),
  );
});

/** English words that have no business in a Norwegian sentence (as render-nb.test.ts, with the CLI's own). */
const ENGLISH =
  /\b(the|is|are|was|has|have|you|your|of|and|not|or|in|with|from|file|key|expected|such|as|run|list|missing|signed|written|refused|added|rebuilt)\b/iu;

/** What is the same in every language: placeholders, quoted examples, commands, flags, settings and paths. */
const code = (text: string) =>
  text
    .replace(/\{\w+\}|"[^"]*"|«[^»]*»|`[^`]*`|--?[\w-]+( [A-Z<][\w>]*)?|\$?[A-Z][A-Z0-9_]{2,}|\S*[./:=]\S+/gu, ' ')
    .replace(/opsdesk( \w+){0,2}|gpg|YAML|JSON|CSV|SHA256|OpenPGP|RFC|IANA|Slack|Markdown/gu, ' ');

test('the Norwegian sentences of the CLI, the configuration, key files, signing and platform set-up have no English word', () => {
  const english = Object.entries({ ...cliNb, ...configNb, ...keyFileNb, ...signingNb, ...platformSetupNb })
    .filter(([, text]) => ENGLISH.test(code(text)))
    .map(([key, text]) => `${key}: ${text}`);
  expect(english).toEqual([]);
});
