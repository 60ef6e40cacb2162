/**
 * People not in the config are named by a display name they chose. The directory labels it with
 * their platform id and "unverified", cleaned so it cannot fake or hide that label.
 */
import { parseConfig } from '../../../src/config/load-config';
import { PeopleDirectory } from '../../../src/people/people-directory';
import { cleanDisplayName, unverifiedName } from '../../../src/people/render-person';

const people = new PeopleDirectory(
  parseConfig({
    people: [
      {
        id: 'oscar',
        name: 'Oscar Nilsen',
        roles: ['operator'],
        identities: { matrix: '@oscar:school.example', slack: 'UOSCAR' },
      },
    ],
  }).people,
);

// Catches: an unknown user shown (to staff) by the name they chose, alone.
test('an unknown Matrix user is named with their id and "unverified"', () => {
  const p = people.resolve('matrix', { id: '@mallory:evil.example', displayName: 'Oscar Nilsen' });
  expect(p).toMatchObject({
    id: 'matrix:@mallory:evil.example',
    known: false,
    roles: ['reporter'],
    name: 'Oscar Nilsen (unverified: @mallory:evil.example)',
  });
  expect(people.resolve('matrix', { id: '@mallory:evil.example' }).name).toBe('@mallory:evil.example (unverified)');
  expect(people.resolve('matrix', { id: '@oscar:school.example', displayName: 'Whoever' })).toMatchObject({
    id: 'oscar',
    name: 'Oscar Nilsen',
    known: true,
  });
});

// Catches: Slack users keyed by user id alone (an external user with a configured id taken for the operator).
test('a Slack user of another team is never a configured person, even with a configured id', () => {
  const outsider = people.resolve('slack', {
    id: 'UOSCAR',
    displayName: 'Oscar Nilsen',
    team: 'T0PARTNER',
    external: true,
  });
  expect(outsider).toMatchObject({
    id: 'slack:UOSCAR',
    known: false,
    roles: ['reporter'],
    name: 'Oscar Nilsen (unverified Slack user UOSCAR, team T0PARTNER)',
  });
  expect(people.resolve('slack', { id: 'UOSCAR', team: 'T0SCHOOL', external: false })).toMatchObject({
    id: 'oscar',
    known: true,
  });
  expect(people.resolve('slack', { id: 'UNEW', team: 'T0SCHOOL', external: false }).name).toBe(
    '(unverified Slack user UNEW, team T0SCHOOL)',
  );
  expect(people.resolve('slack', { id: 'UNEW', external: true }).name).toBe(
    '(unverified Slack user UNEW, team unknown)',
  );
});

// Catches: display names that hide the label (bidi override, new lines), close it early, or push it off screen.
test('display names are cleaned before they are shown', () => {
  expect(cleanDisplayName('Oscar\u202E )lanretxe( Nilsen')).toBe('Oscar lanretxe Nilsen');
  expect(cleanDisplayName('Oscar Nilsen\nOperator on duty')).toBe('Oscar Nilsen Operator on duty');
  expect(cleanDisplayName('Oscar (verified staff) [admin] <b>')).toBe('Oscar verified staff admin b');
  expect(cleanDisplayName('Os\u200Bcar\u0000')).toBe('Os car');
  const long = cleanDisplayName('x'.repeat(300));
  expect(Array.from(long)).toHaveLength(64);
  expect(long.endsWith('…')).toBe(true);
  expect(
    unverifiedName('matrix', { id: '@m:evil.example', displayName: 'Oscar (unverified: @oscar:school.example)' }),
  ).toBe('Oscar unverified: @oscar:school.example (unverified: @m:evil.example)');
  expect(unverifiedName('matrix', { id: '@m:evil.example', displayName: ' \u202E\u200B ' })).toBe(
    '@m:evil.example (unverified)',
  );
});

// Catches: names stored before the label (old cases) still shown bare, or a fake label with another id trusted.
test('names stored on records before the label are labelled when shown', () => {
  expect(people.shownName('matrix:@mallory:evil.example', 'Oscar Nilsen')).toBe(
    'Oscar Nilsen (unverified: @mallory:evil.example)',
  );
  expect(people.shownName('matrix:@mallory:evil.example', 'Oscar Nilsen (unverified: @mallory:evil.example)')).toBe(
    'Oscar Nilsen (unverified: @mallory:evil.example)',
  );
  expect(people.shownName('matrix:@mallory:evil.example', 'Oscar Nilsen (unverified: @oscar:school.example)')).toBe(
    'Oscar Nilsen unverified: @oscar:school.example (unverified: @mallory:evil.example)',
  );
  expect(people.shownName('slack:UMAL', 'Mal (unverified Slack user UMAL, team T0PARTNER)')).toBe(
    'Mal (unverified Slack user UMAL, team T0PARTNER)',
  );
  expect(people.shownName('slack:UMAL', 'Oscar Nilsen')).toBe(
    'Oscar Nilsen (unverified Slack user UMAL, team unknown)',
  );
  expect(people.shownName('oscar', 'Oscar Nilsen')).toBe('Oscar Nilsen');
});
