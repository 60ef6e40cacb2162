import type { OutMessage } from '../chat/out-message';
import type { Person } from '../people/person';
import { describeRoles } from './check-roles';
import type { CommandFamily, Subcommand } from '../../commands/command';

function allowed(person: Person, sub: Subcommand): boolean {
  return sub.roles === 'anyone' || sub.roles.some((r) => person.roles.includes(r));
}

/**
 * `help`: what this person may run, family by family, each with one example; `help all`: every
 * family with its summary, marking the ones not for the person's role.
 */
export function renderHelpIndex(
  families: readonly CommandFamily[],
  person: Person,
  prefix = '/',
  all = false,
): OutMessage {
  if (all) return renderAllFamilies(families, person, prefix);
  const sections = families
    .map((f) => ({
      heading: `${prefix}${f.name}`,
      lines: f.subcommands
        .filter((s) => allowed(person, s))
        .map((s) => `${prefix}${s.usage} — ${s.summary} E.g. \`${prefix}${s.examples?.[0] ?? s.usage}\``),
    }))
    .filter((s) => s.lines.length);
  const intro = 'Write to me in a direct message to report a problem; you get a case number at once.';
  const footer =
    `Type \`${prefix}help COMMAND\` for details (e.g. \`${prefix}help ticket\`), ` +
    `\`${prefix}help all\` for every command.`;
  const text = [
    '*opsdesk* — the school IT service desk.',
    intro,
    '',
    'What you can do:',
    ...sections.flatMap((s) => s.lines.map((l) => `  ${l}`)),
    '',
    footer,
  ].join('\n');
  return {
    text,
    card: { kind: 'help', title: 'opsdesk help', sections: [{ lines: [intro] }, ...sections], footer },
  };
}

/** `help all`: every family with its summary; those the person may not use at all say so. */
function renderAllFamilies(families: readonly CommandFamily[], person: Person, prefix: string): OutMessage {
  const lines = families.map((f) => {
    const usable = f.subcommands.filter((s) => allowed(person, s));
    const note =
      usable.length === 0
        ? ' (not for your role)'
        : usable.length < f.subcommands.length
          ? ` (for you: ${usable.map((s) => s.name).join(', ')})`
          : '';
    return `${prefix}${f.name} — ${f.summary}${note}`;
  });
  const text = [
    '*opsdesk* — every command.',
    ...lines.map((l) => `  ${l}`),
    '',
    `Type \`${prefix}help COMMAND\` for details, e.g. \`${prefix}help ticket\`.`,
  ].join('\n');
  return {
    text,
    card: {
      kind: 'help',
      title: 'opsdesk: every command',
      sections: [{ heading: 'Commands', lines }],
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
