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
  const lang = person.language;
  const eg = msg(lang, 'help.eg');
  const sections = families
    .map((f) => ({
      heading: `${prefix}${f.name} — ${helpSummary(lang, f.name, f.summary)}`,
      lines: f.subcommands
        .filter((s) => allowed(person, s))
        .map(
          (s) =>
            `${prefix}${s.usage} — ${helpSummary(lang, `${f.name} ${s.name}`, s.summary)} ` +
            `${eg} \`${prefix}${s.examples?.[0] ?? s.usage}\``,
        ),
    }))
    .filter((s) => s.lines.length);
  const intro = msg(lang, 'help.intro');
  const footer = msg(lang, 'help.footerMine', { prefix });
  const text = [
    msg(lang, 'help.title'),
    intro,
    '',
    `${msg(lang, 'help.youCan')}:`,
    ...sections.flatMap((s) => [`  ${s.heading}`, ...s.lines.map((l) => `    ${l}`)]),
    '',
    footer,
  ].join('\n');
  return {
    text,
    card: { kind: 'help', title: msg(lang, 'help.cardTitle'), sections: [{ lines: [intro] }, ...sections], footer },
  };
}

/** `help all`: every family with its summary; those the person may not use at all say so. */
function renderAllFamilies(families: readonly CommandFamily[], person: Person, prefix: string): OutMessage {
  const lang = person.language;
  const lines = families.map((f) => {
    const usable = f.subcommands.filter((s) => allowed(person, s));
    const note =
      usable.length === 0
        ? ` ${msg(lang, 'help.notForYou')}`
        : usable.length < f.subcommands.length
          ? ` ${msg(lang, 'help.forYou', { subs: usable.map((s) => s.name).join(', ') })}`
          : '';
    return `${prefix}${f.name} — ${helpSummary(lang, f.name, f.summary)}${note}`;
  });
  const text = [
    msg(lang, 'help.everyTitle'),
    ...lines.map((l) => `  ${l}`),
    '',
    msg(lang, 'help.footerText', { prefix }),
  ].join('\n');
  return {
    text,
    card: {
      kind: 'help',
      title: msg(lang, 'help.everyCardTitle'),
      sections: [{ heading: msg(lang, 'help.commands'), lines }],
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
      (allowed(person, s) ? '' : ` ${msg(lang, 'help.forRoles', { roles: describeRoles(s, lang) })}`),
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
    `  ${msg(lang, 'help.who', { roles: describeRoles(sub, lang) })}`,
    ...(family.subcommands.length > 1 ? [`  ${msg(lang, 'help.all', { family: family.name, prefix })}`] : []),
  ].join('\n');
}
