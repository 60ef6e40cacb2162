/**
 * The built `opsdesk` CLI speaks the terminal's language: with `LANG=nb_NO.UTF-8` its answers, its
 * refusals (a usage error, a refused key file, an inventory's rows) and a configuration error are
 * Norwegian, word for word; with `LANG=en_GB.UTF-8` (or `C`) they stay English; with no locale variable
 * set, the organisation's `language` decides once the config is read. Would catch: a CLI line or
 * refusal that bypasses the catalog, main() printing an error's English text instead of its catalog
 * sentence, the locale ignored, or the organisation's language ignored.
 * Needs `npm run build` (dist/src/cli.js), as every CLI test.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliPath } from '../../support/cli-process';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'opsdesk-terminal-'));
  writeFileSync(
    join(dir, 'good.yaml'),
    'organisation: { timezone: Europe/Oslo }\npeople:\n  - { id: anna, name: Anna, roles: [reporter] }\n',
  );
  writeFileSync(join(dir, 'norsk.yaml'), 'organisation: { language: nb }\n');
  writeFileSync(join(dir, 'bad.yaml'), 'organisation: { timezone: Mars/Base }\ntickets: { reopenDays: x }\n');
  writeFileSync(join(dir, 'release.key'), 'not a key');
  chmodSync(join(dir, 'release.key'), 0o644);
  writeFileSync(join(dir, 'hosts.csv'), 'name,address\npc-1,10.0.0.1\npc-1,10.0.0.2\nbad name!,10.0.0.3\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI with only the given locale variables set; its exit code, stdout and stderr. */
function opsdesk(locale: Record<string, string>, ...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, ...locale };
  for (const v of ['LC_ALL', 'LC_MESSAGES', 'LANG']) if (!(v in locale)) delete env[v];
  delete env.OPSDESK_CONFIG;
  const r = spawnSync(process.execPath, [cliPath(), ...args], { cwd: dir, env, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const NB = { LANG: 'nb_NO.UTF-8' };
const EN = { LANG: 'en_GB.UTF-8' };

test('check-config answers in Norwegian under LANG=nb_NO.UTF-8, in English under en_GB and C', () => {
  expect(opsdesk(NB, 'check-config', 'good.yaml')).toEqual({
    code: 0,
    out: 'good.yaml er gyldig: 1 person, tidssone Europe/Oslo.\n',
    err: '',
  });
  expect(opsdesk(EN, 'check-config', 'good.yaml').out).toBe('good.yaml is valid: 1 person, time zone Europe/Oslo.\n');
  expect(opsdesk({ LANG: 'C.UTF-8' }, 'check-config', 'good.yaml').out).toBe(
    'good.yaml is valid: 1 person, time zone Europe/Oslo.\n',
  );
});

test('a configuration error in Norwegian, and in English', () => {
  expect(opsdesk(NB, 'check-config', 'bad.yaml')).toEqual({
    code: 1,
    out: '',
    err:
      'bad.yaml er ikke gyldig:\n' +
      '  - organisation.timezone: forventet en IANA-tidssone som "Europe/Oslo"\n' +
      '  - tickets.reopenDays: Ugyldig input: forventet tall, fikk string\n' +
      'Rett nøklene som er nevnt over; fixtures/opsdesk.example.yaml viser hver nøkkel med en kommentar.\n',
  });
  expect(opsdesk(EN, 'check-config', 'bad.yaml').err).toBe(
    'bad.yaml is not valid:\n' +
      '  - organisation.timezone: expected an IANA time zone such as "Europe/Oslo"\n' +
      '  - tickets.reopenDays: Invalid input: expected number, received string\n' +
      'Fix the keys named above; fixtures/opsdesk.example.yaml shows every key with a comment.\n',
  );
});

test('an inventory import refused, in Norwegian (before any database is opened)', () => {
  expect(opsdesk(NB, 'inventory', 'import', 'hosts.csv', '--config', 'good.yaml')).toEqual({
    code: 1,
    out: '',
    err:
      'hosts.csv er ikke importert:\n' +
      '  - rad 2: pc-1 står der to ganger\n' +
      '  - rad 3 (bad name!): name: forventet bokstaver, sifre, ".", "_" eller "-"\n' +
      'Rett radene som er nevnt over, og importer igjen; ingenting ble endret.\n',
  });
  expect(opsdesk(EN, 'inventory', 'import', 'hosts.csv').err).toBe(
    'hosts.csv is not imported:\n' +
      '  - row 2: pc-1 appears twice\n' +
      '  - row 3 (bad name!): name: expected letters, digits, ".", "_" or "-"\n' +
      'Fix the rows named above and import again; nothing was changed.\n',
  );
});

test('package sign: a usage refusal and a world-readable key refused, in Norwegian (before the database)', () => {
  expect(opsdesk(NB, 'package', 'sign', 'a', '1.0')).toEqual({
    code: 1,
    out: '',
    err:
      'Oppgi enten --key FILE eller --signature FILE.\n' +
      'Signer her med --key, eller legg ved en signatur laget et annet sted med --signature.\n',
  });
  expect(opsdesk(NB, 'package', 'sign', 'a', '1.0', '--key', 'release.key').err).toBe(
    'utgivelsesnøkkelen release.key kan brukes av andre brukere (modus 0644); en privat nøkkel skal bare kunne ' +
      'leses av eieren.\nKjør: chmod 600 release.key\n',
  );
  expect(opsdesk(EN, 'package', 'sign', 'a', '1.0', '--key', 'release.key').err).toBe(
    'the release key release.key is accessible by other users (mode 0644); a private key must be readable by its ' +
      'owner only.\nRun: chmod 600 release.key\n',
  );
});

test("with no locale variable set, the organisation's language speaks once the config is read", () => {
  expect(opsdesk({}, 'check-config', 'norsk.yaml').out).toBe(
    'norsk.yaml er gyldig: 0 personer, tidssone Europe/Oslo.\n',
  );
  expect(opsdesk(EN, 'check-config', 'norsk.yaml').out).toBe('norsk.yaml is valid: 0 people, time zone Europe/Oslo.\n');
});

test("the CLI's help is Norwegian under nb_NO", () => {
  const help = opsdesk(NB, 'package', 'sign', '--help').out;
  expect(help).toContain('signer manifestet til en pakke med en utgivelsesnøkkel');
  expect(help).toMatch(/--key <file> +ASCII-armert privat OpenPGP-nøkkel/u);
  expect(opsdesk(EN, 'package', 'sign', '--help').out).toContain('armored OpenPGP private key');
});
