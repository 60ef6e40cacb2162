/** Argument shapes and lookups shared by the `ticket` subcommands. */
import { z } from 'zod';
import type { CommandContext } from './command';
import { refusal, said } from '../src/i18n/refusal';
import { caseNumber, freeText, parseArgs } from './parse-args';
import type { Tokens } from '../src/core/tokenize';
import { textAfterWords } from '../src/core/tokenize';
import { type Person } from '../src/people/person';

/** CASE then free text: `ticket resolve INC-5 replaced the toner`. */
export function caseAndText(what: string) {
  return (tokens: Tokens, raw: string) =>
    parseArgs(z.object({ case: caseNumber, note: freeText(what) }), {
      case: tokens.words[0],
      note: textAfterWords(raw, 1) || undefined,
    });
}

/** CASE then optional text. */
export function caseAndOptionalText(tokens: Tokens, raw: string) {
  return parseArgs(z.object({ case: caseNumber, note: z.string().trim().max(4000).optional() }), {
    case: tokens.words[0],
    note: textAfterWords(raw, 1) || undefined,
  });
}

export const caseOnly = (tokens: Tokens) => parseArgs(z.object({ case: caseNumber }), { case: tokens.words[0] });

export function person(ctx: CommandContext<unknown>, typed: string): Person {
  const p = ctx.services.people.find(typed, ctx.person, ctx.event.platform);
  if (!p)
    throw refusal(
      'NOT_FOUND',
      said('ticket.unknownPerson', { name: typed.slice(0, 60) }),
      said('ticket.unknownPersonFix'),
    );
  return p;
}

/**
 * People @mentioned in a comment (`@ingrid`, Slack `<@U…>`, Matrix `@user:server`, a pill). Only people in
 * the config mention anyone: an unverified user's `@oscar` sends nobody a DM.
 */
export function mentionedPeople(ctx: CommandContext<unknown>, text: string): Person[] {
  if (!ctx.person.known) return [];
  const found = new Map<string, Person>();
  for (const m of text.matchAll(/<@[A-Z0-9]+(?:\|[^>]*)?>|@[\w.:-]+/gu)) {
    const p = ctx.services.people.find(m[0].replace(/(?<![.:])[.:]+$/u, ''), ctx.person, ctx.event.platform);
    if (p && p.known) found.set(p.id, p);
  }
  // Named apart from the text (a Matrix pill whose name the adapter could not place, m.mentions).
  for (const id of ctx.event.mentions ?? []) {
    const p = ctx.services.people.find(id, ctx.person, ctx.event.platform);
    if (p && p.known) found.set(p.id, p);
  }
  return [...found.values()];
}
