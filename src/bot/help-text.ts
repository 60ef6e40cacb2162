import type { OutMessage } from '../chat/out-message';
import type { Person } from '../people/person';
import { describeRoles } from './check-roles';
import type { CommandFamily, Subcommand } from '../../commands/command';
import { msg } from '../i18n/catalog';
import { helpSummary } from '../i18n/help-summaries';
import type { Lang } from '../i18n/languages';

function allowed(person: Person, sub: Subcommand): boolean {
  return sub.roles === 'anyone' || sub.roles.some((r) => person.roles.includes(r));
}

/** `help`: every family with its summary; the ones the person may use first. */
export function renderHelpIndex(families: readonly CommandFamily[], person: Person, prefix = '/'): OutMessage {
  const lang = person.language;
  const lines = families.map((f) => {
    const usable = f.subcommands.some((s) => allowed(person, s));
    const mark = usable ? '' : ` ${msg(lang, 'help.notForYou')}`;
    return `${prefix}${f.name} — ${helpSummary(lang, f.name, f.summary)}${mark}`;
  });
  const text = [
    msg(lang, 'help.title'),
    msg(lang, 'help.intro'),
    '',
    `${msg(lang, 'help.commands')}:`,
    ...lines.map((l) => `  ${l}`),
    '',
    msg(lang, 'help.footerText', { prefix }),
  ].join('\n');
  return {
    text,
    card: {
      kind: 'help',
      title: msg(lang, 'help.cardTitle'),
      sections: [{ lines: [msg(lang, 'help.intro')] }, { heading: msg(lang, 'help.commands'), lines }],
      footer: msg(lang, 'help.footerCard', { prefix }),
    },
  };
}

/** `help ticket`: each sub-command with usage, summary and who may run it. */
export function renderFamilyHelp(family: CommandFamily, person: Person, prefix = '/'): OutMessage {
  const lang = person.language;
  const summary = helpSummary(lang, family.name, family.summary);
  const lines = family.subcommands.map(
    (s) =>
      `${prefix}${s.usage} — ${helpSummary(lang, `${family.name} ${s.name}`, s.summary)}` +
      (allowed(person, s) ? '' : ` ${msg(lang, 'help.forRoles', { roles: describeRoles(s) })}`),
  );
  const examples = family.subcommands.flatMap((s) => (allowed(person, s) ? (s.examples ?? []) : [])).slice(0, 6);
  const examplesHeading = msg(lang, 'help.examples');
  const text = [
    `*${prefix}${family.name}* — ${summary}`,
    ...lines.map((l) => `  ${l}`),
    ...(examples.length ? ['', `${examplesHeading}:`, ...examples.map((e) => `  ${prefix}${e}`)] : []),
  ].join('\n');
  return {
    text,
    card: {
      kind: 'help',
      title: `${prefix}${family.name}`,
      sections: [
        { lines: [summary] },
        { heading: msg(lang, 'help.usage'), lines },
        ...(examples.length ? [{ heading: examplesHeading, lines: examples.map((e) => `${prefix}${e}`) }] : []),
      ],
    },
  };
}

/** One sub-command: usage, summary, examples, roles. */
export function renderSubcommandHelp(family: CommandFamily, sub: Subcommand, prefix = '/', lang?: Lang): string {
  return [
    `${prefix}${sub.usage}`,
    `  ${helpSummary(lang, `${family.name} ${sub.name}`, sub.summary)}`,
    ...(sub.examples?.length
      ? [`  ${msg(lang, 'help.examples')}:`, ...sub.examples.map((e) => `    ${prefix}${e}`)]
      : []),
    `  ${msg(lang, 'help.who', { roles: describeRoles(sub) })}`,
    ...(family.subcommands.length > 1 ? [`  ${msg(lang, 'help.all', { family: family.name, prefix })}`] : []),
  ].join('\n');
}
