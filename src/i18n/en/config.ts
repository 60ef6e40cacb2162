/**
 * Configuration errors, read by the operator in the terminal (`opsdesk check-config`, start-up): the
 * frame opsdesk writes around zod's issues, and the issues opsdesk defines itself (keys as the schema's
 * messages, rendered by load-config.ts). zod's built-in issues ("expected number") come from zod's
 * own locale for the language.
 */
export const configEn = {
  'config.invalid': '{source} is not valid:\n{issues}',
  'config.invalidFix': 'Fix the keys named above; fixtures/opsdesk.example.yaml shows every key with a comment.',
  'config.issue': '  - {path}: {problem}',
  'config.topLevel': '(top level)',
  'config.defaultSource': 'default config',
  'config.unreadable': 'Cannot read config file {file}: {reason}',
  'config.unreadableFix': 'Pass an existing file with --config or OPSDESK_CONFIG.',
  'config.badSyntax': '{file} is not valid {format}: {reason}',
  'config.badSyntaxFix': 'Correct the line named; fixtures/opsdesk.example.yaml shows the layout.',
  'config.expect.timezone': 'expected an IANA time zone such as "Europe/Oslo"',
  'config.expect.personId': 'expected a lower-case id such as "anna" or "ole.hansen"',
  'config.expect.categoryName': 'expected a lower-case name such as "printing"',
  'config.expect.duration': 'expected a duration such as "72h", "3d", "90m" or "PT4H"',
  'config.expect.templateId': 'expected a lower-case id such as "printer-driver"',
  'config.expect.localDateTime': 'expected a local date such as "2026-06-12" or "2026-06-12 08:00"',
  'config.expect.localTime': 'expected a local time such as "07:30"',
  'config.expect.date': 'expected a date such as "2026-12-24"',
  'config.expect.schoolHours': 'expected school hours such as "08:00-16:00"',
  'config.expect.endAfterStart': 'the end must be after the start',
  'config.expect.dateRange': 'expected a date range such as "2026-12-21..2027-01-01"',
  'config.expect.cron': 'expected a cron expression such as "30 3 * * *" (minute hour day month weekday)',
  'config.expect.roomOrAlias': 'expected a room id (!…) or alias (#…)',
  'config.expect.roomId': 'expected a room id (!…)',
  'config.expect.serverName': 'expected a server name such as "school.example"',
  'config.expect.bridgeUser': 'expected a user id such as "@bridge:school.example"',
  'config.expect.monitorUser': 'expected a user id such as "@monitor:school.example"',
  'config.expect.urlPath': 'expected a path such as "/slack/events"',
  'config.expect.slackTeam': 'expected a Slack team id such as "T04ABCDEF"',
  'config.expect.slackBot': 'expected a bot id (B…) or a bot user id (U…)',
  'config.noBoard': 'no board "{board}" in changes.boards',
  'config.noOtherBoard': 'no other board "{board}" in changes.boards',
  'config.templateTwice': 'template id "{id}" is used twice',
  'config.notAllowedTargets': '{targets} not in allowedTargets',
  'config.notAllowedPackage': '{name} {version} is not in allowedPackages',
  'config.approvedField': '{field} is approved content ({fields}); it cannot change after approval',
  'config.personTwice': 'person id "{id}" is also people.{first}.id; list each person once',
  'config.identityTwice':
    '{platform} user "{user}" is also people.{other}.identities.{platform} ({id}); one platform user is one person',
} as const;
