/**
 * Config load refuses a person id or a platform identity listed twice, naming both keys: before,
 * the directory kept the last entry, so a second `slack: UOSCAR` under another person silently
 * made that person the operator.
 */
import path from 'node:path';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { loadConfig, parseConfig } from '../../../src/config/load-config';

const person = (id: string, identities: Record<string, string>, roles = ['reporter']) => ({
  id,
  name: id,
  roles,
  identities,
});

function refusal(people: unknown[]): string {
  try {
    parseConfig({ people });
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('the config was accepted');
}

// Catches: a duplicate person id accepted (the last wins).
test('a person id listed twice is refused with both keys named', () => {
  const msg = refusal([person('anna', { slack: 'UANNA' }), person('oscar', {}), person('anna', { slack: 'UANNA2' })]);
  expect(msg).toContain('people.2.id: person id "anna" is also people.0.id');
});

// Catches: one platform user under two people accepted, or compared with case and blanks.
test('one platform identity under two people is refused, also when it differs only in case or blanks', () => {
  const msg = refusal([
    person('oscar', { slack: 'UOSCAR', matrix: '@oscar:school.example' }, ['operator']),
    person('mallory', { slack: 'UOSCAR' }),
    person('eve', { matrix: ' @Oscar:School.example' }),
  ]);
  expect(msg).toContain('people.1.identities.slack: slack user "UOSCAR" is also people.0.identities.slack (oscar)');
  expect(msg).toContain(
    'people.2.identities.matrix: matrix user " @Oscar:School.example" is also people.0.identities.matrix (oscar)',
  );
});

// Catches: a false alarm for the same user id on two different platforms.
test('the same id on different platforms is two identities, and distinct people load', () => {
  const config = parseConfig({
    people: [person('anna', { console: 'anna', test: 'anna' }), person('bjorn', { console: 'bjorn' })],
  });
  expect(config.people.map((p) => p.id)).toEqual(['anna', 'bjorn']);
});

// Catches: the check living only in parseConfig callers, not in loading a file.
test('loading a file with a duplicate is refused with the file named', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'opsdesk-dup-'));
  try {
    const file = path.join(dir, 'opsdesk.yaml');
    writeFileSync(
      file,
      'people:\n  - { id: oscar, name: Oscar, roles: [operator], identities: { matrix: "@oscar:x" } }\n  - { id: ' +
        'oscar, name: Mallory, roles: [reporter] }\n',
    );
    expect(() => loadConfig(file)).toThrow(
      new RegExp(
        `${file.replace(/[.*+?^${}()|[\]\\/]/gu, '\\$&')} is not valid:\\n  - people\\.1\\.id: person id "oscar" is ` +
          `also people\\.0\\.id`,
        'u',
      ),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
