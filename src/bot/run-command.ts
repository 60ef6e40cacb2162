import { checkRoles } from './check-roles';
import { closestWord } from './closest-word';
import type { CommandContext, CommandFamily, Subcommand } from '../../commands/command';
import type { CommandCatalog } from '../../commands/command';
import { familyNames, findFamily } from './command-catalog';
import { OpsdeskError } from '../core/errors';
import { renderFamilyHelp, renderHelpIndex, renderSubcommandHelp } from './help-text';
import { splitWords, textAfterWords, tokenize } from '../core/tokenize';
import type { Lang } from '../i18n/languages';
import { notACommandText } from './render-refusals';
import { refusal, said, withFix } from '../i18n/refusal';

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
    throw refusal(
      'TOO_LARGE',
      said('usage.commandTooLong', { length: body.length, max: MAX_COMMAND_LENGTH }),
      said('usage.commandTooLongFix'),
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
    const typed = `${prefix}${family.name} ${shorten(subWord)}`;
    throw refusal(
      'USAGE',
      guess
        ? said('usage.notInFamilyMeant', { typed, family: family.name, meant: `${prefix}${family.name} ${guess}` })
        : said('usage.notInFamily', { typed, family: family.name }),
      said('usage.familyCommands', {
        family: family.name,
        list: family.subcommands.map((s) => s.name).join(', '),
        prefix,
      }),
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
      const usage = `${prefix}${chosen.usage}`;
      throw withFix(
        err,
        chosen.examples?.length
          ? said('usage.usageExample', { usage, example: `${prefix}${chosen.examples[0]}` })
          : said('usage.usageLine', { usage }),
      );
    }
    throw err;
  }
  if (chosen.confirm && tokens.flags.yes !== true) {
    throw refusal(
      'PRECONDITION',
      said('usage.hardToUndo', { command: `${family.name} ${chosen.name}` }),
      // A cut-down command would run with other arguments if pasted back, so long ones are not quoted.
      argText.length <= 200
        ? said('usage.repeatWithYes', { command: `${prefix}${family.name} ${chosen.name} ${argText} --yes` })
        : said('usage.repeatWithYesLong'),
    );
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
  return refusal(
    'UNKNOWN_COMMAND',
    guess
      ? said('usage.unknownCommandMeant', { typed: `${prefix}${shown}`, meant: `${prefix}${guess}` })
      : said('usage.unknownCommand', { typed: `${prefix}${shown}` }),
    said('usage.unknownCommandFix', { prefix }),
  );
}
