import { checkRoles } from './check-roles';
import { closestWord } from './closest-word';
import type { CommandContext, CommandFamily, Subcommand } from '../../commands/command';
import type { CommandCatalog } from '../../commands/command';
import { familyNames, findFamily } from './command-catalog';
import { OpsdeskError, usageError } from '../core/errors';
import { renderFamilyHelp, renderHelpIndex, renderSubcommandHelp } from './help-text';
import { splitWords, textAfterWords, tokenize } from '../core/tokenize';
import type { Lang } from '../i18n/languages';
import { notACommandText } from './render-refusals';

/** Longest command accepted, in characters. */
export const MAX_COMMAND_LENGTH = 8000;

/** `/ticket list` or `!ticket list` -> { prefix, body }; anything else is not a command. */
export function commandPrefix(text: string): { prefix: '/' | '!'; body: string } | undefined {
  const m = /^\s*([/!])([A-Za-z][\w-]*)(?=\s|$)/u.exec(text);
  if (!m) return undefined;
  return { prefix: m[1] as '/' | '!', body: text.trimStart().slice(1) };
}

/**
 * Text that starts with `/` or `!` but is no command (`/`, `!`, `/?`, `/ ticket list`, `/2fa reset`):
 * the refusal to answer it with, so it never becomes a case. Undefined for anything else.
 */
export function strayCommand(catalog: CommandCatalog, text: string, lang?: Lang): OpsdeskError | undefined {
  if (commandPrefix(text)) return undefined;
  const m = /^\s*([/!])(\S*)/u.exec(text);
  if (!m) return undefined;
  const prefix = m[1];
  // `/ ticket list`: a blank between the prefix and a command.
  const spaced = /^\s*[/!]\s+([A-Za-z][\w-]*)/u.exec(text)?.[1]?.toLowerCase();
  const meant = spaced && (spaced === 'help' || findFamily(catalog, spaced)) ? spaced : undefined;
  const { message, fix } = notACommandText(`${prefix}${shorten(m[2], 20)}`, prefix, meant, lang);
  return new OpsdeskError('UNKNOWN_COMMAND', message, { fix });
}

type BaseContext = Omit<CommandContext<unknown>, 'args'>;

/** Parses, checks roles and runs one command. Throws OpsdeskError for anything the user got wrong. */
export async function runCommand(
  catalog: CommandCatalog,
  body: string,
  prefix: string,
  base: BaseContext,
): Promise<void> {
  if (body.length > MAX_COMMAND_LENGTH) {
    throw new OpsdeskError(
      'TOO_LARGE',
      `That command is ${body.length} characters long; the limit is ${MAX_COMMAND_LENGTH}.`,
      {
        fix: 'Shorten it, or put long text in several comments.',
      },
    );
  }
  const [first = ''] = splitWords(body);
  const name = first.toLowerCase();
  if (name === 'help' || name === 'opsdesk') {
    const topic = textAfterWords(body, 1).split(/\s+/u)[0]?.toLowerCase() ?? '';
    if (!topic || topic === 'help' || topic === 'all')
      return void (await base.reply(renderHelpIndex(catalog.families, base.person, prefix, topic === 'all')));
    const fam = findFamily(catalog, topic.replace(/^[/!]/u, ''));
    if (!fam) throw unknownCommand(catalog, topic, prefix);
    return void (await base.reply(renderFamilyHelp(fam, base.person, prefix)));
  }
  const family = findFamily(catalog, name);
  if (!family) throw unknownCommand(catalog, name, prefix);
  const rest = textAfterWords(body, 1);
  const [subWord = ''] = splitWords(rest);
  const sub = findSub(family, subWord.toLowerCase());
  const wantsHelp = subWord.toLowerCase() === 'help' || subWord === '--help';
  if (wantsHelp || (!subWord && family.defaultSubcommand === undefined)) {
    return void (await base.reply(renderFamilyHelp(family, base.person, prefix)));
  }
  let chosen: Subcommand;
  let argText: string;
  if (sub) {
    chosen = sub;
    argText = textAfterWords(rest, 1);
  } else if (family.defaultSubcommand !== undefined) {
    const def = findSub(family, family.defaultSubcommand);
    if (!def) throw new Error(`default sub-command ${family.defaultSubcommand} of ${family.name} is missing`);
    chosen = def;
    argText = rest;
  } else {
    const word = subWord.toLowerCase();
    // A word that is an option of a sub-command (`ticket mine`: `ticket list mine`) beats a similar name.
    const optionOf = family.subcommands.find((s) =>
      s.usage
        .split(/[\s[\]|]+/u)
        .slice(2)
        .includes(word),
    );
    const guess = optionOf
      ? `${optionOf.name} ${word}`
      : closestWord(
          word,
          family.subcommands.flatMap((s) => [s.name, ...(s.aliases ?? [])]),
        );
    throw usageError(
      `\`${prefix}${family.name} ${shorten(subWord)}\` is not a ${family.name} ` +
        `command.${guess ? ` Did you mean \`${prefix}${family.name} ${guess}\`?` : ''}`,
      `${family.name} commands: ${family.subcommands.map((s) => s.name).join(', ')}. Type \`${prefix}help ` +
        `${family.name}\`.`,
    );
  }
  checkRoles(base.person, family.name, chosen);
  const tokens = tokenize(argText, chosen.flagsWithValue ?? []);
  if (tokens.flags.help)
    return void (await base.reply(renderSubcommandHelp(family, chosen, prefix, base.person.language)));
  let args: unknown;
  try {
    args = chosen.parse(tokens, argText);
  } catch (err) {
    if (err instanceof OpsdeskError && err.code === 'USAGE') {
      throw usageError(
        err.message,
        `Usage: ${prefix}${chosen.usage}${chosen.examples?.length ? `\nExample: ${prefix}${chosen.examples[0]}` : ''}`,
      );
    }
    throw err;
  }
  if (chosen.confirm && tokens.flags.yes !== true) {
    throw new OpsdeskError('PRECONDITION', `\`${family.name} ${chosen.name}\` changes things that are hard to undo.`, {
      // A cut-down command would run with other arguments if pasted back, so long ones are not quoted.
      fix:
        argText.length <= 200
          ? `Repeat it with --yes to go ahead: ${prefix}${family.name} ${chosen.name} ${argText} --yes`
          : 'Repeat your command with --yes added to go ahead.',
    });
  }
  await chosen.run({ ...base, args });
}

/** What the user typed, cut for quoting back in a refusal (a refusal never echoes kilobytes). */
function shorten(typed: string, max = 40): string {
  const chars = Array.from(typed);
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : typed;
}

function findSub(family: CommandFamily, word: string): Subcommand | undefined {
  if (!word) return undefined;
  return family.subcommands.find((s) => s.name === word || s.aliases?.includes(word));
}

function unknownCommand(catalog: CommandCatalog, name: string, prefix: string): OpsdeskError {
  const guess = closestWord(name, [...familyNames(catalog), 'help']);
  const shown = shorten(name);
  return new OpsdeskError(
    'UNKNOWN_COMMAND',
    `I don't know the command \`${prefix}${shown}\`.${guess ? ` Did you mean \`${prefix}${guess}\`?` : ''}`,
    {
      fix: `Type \`${prefix}help\` for the list of commands.`,
    },
  );
}
