import type { OutMessage } from '../chat/out-message';
import type { Person } from '../people/person';
import { describeRoles } from './check-roles';
import type { CommandFamily, Subcommand } from '../../commands/command';

function allowed(person: Person, sub: Subcommand): boolean {
  return sub.roles === 'anyone' || sub.roles.some((r) => person.roles.includes(r));
}

/** `help`: every family with its summary; the ones the person may use first. */
export function renderHelpIndex(families: readonly CommandFamily[], person: Person, prefix = '/'): OutMessage {
  const lines = families.map((f) => {
    const usable = f.subcommands.some((s) => allowed(person, s));
    return `${prefix}${f.name} — ${f.summary}${usable ? '' : ' (not for your role)'}`;
  });
  const text = [
    '*opsdesk* — the school IT service desk.',
    'Write to me in a direct message to report a problem; you get a case number at once.',
    '',
    'Commands:',
    ...lines.map((l) => `  ${l}`),
    '',
    `Type \`${prefix}help COMMAND\` for details, e.g. \`${prefix}help ticket\`.`,
  ].join('\n');
  return {
    text,
    card: {
      kind: 'help',
      title: 'opsdesk help',
      sections: [
        { lines: ['Write to me in a direct message to report a problem; you get a case number at once.'] },
        { heading: 'Commands', lines },
      ],
      footer: `Type ${prefix}help COMMAND for details, e.g. ${prefix}help ticket`,
    },
  };
}

/** `help ticket`: each sub-command with usage, summary and who may run it. */
export function renderFamilyHelp(family: CommandFamily, person: Person, prefix = '/'): OutMessage {
  const lines = family.subcommands.map(
    (s) => `${prefix}${s.usage} — ${s.summary}${allowed(person, s) ? '' : ` (for ${describeRoles(s)})`}`,
  );
  const examples = family.subcommands.flatMap((s) => (allowed(person, s) ? (s.examples ?? []) : [])).slice(0, 6);
  const text = [
    `*${prefix}${family.name}* — ${family.summary}`,
    ...lines.map((l) => `  ${l}`),
    ...(examples.length ? ['', 'Examples:', ...examples.map((e) => `  ${prefix}${e}`)] : []),
  ].join('\n');
  return {
    text,
    card: {
      kind: 'help',
      title: `${prefix}${family.name}`,
      sections: [
        { lines: [family.summary] },
        { heading: 'Usage', lines },
        ...(examples.length ? [{ heading: 'Examples', lines: examples.map((e) => `${prefix}${e}`) }] : []),
      ],
    },
  };
}

/** One sub-command: usage, summary, examples, roles. */
export function renderSubcommandHelp(family: CommandFamily, sub: Subcommand, prefix = '/'): string {
  return [
    `${prefix}${sub.usage}`,
    `  ${sub.summary}`,
    ...(sub.examples?.length ? ['  Examples:', ...sub.examples.map((e) => `    ${prefix}${e}`)] : []),
    `  Who: ${describeRoles(sub)}`,
    ...(family.subcommands.length > 1 ? [`  All ${family.name} commands: ${prefix}help ${family.name}`] : []),
  ].join('\n');
}
