/** `ticket assign | priority | category | status | escalate`: the operators' triage of a case. */
import { z } from 'zod';
import type { Subcommand } from './command';
import { msg, msgName } from '../src/i18n/catalog';
import { refusal, said } from '../src/i18n/refusal';
import { caseNumber, freeText, parseArgs, requiredWord, zodSaid } from './parse-args';
import { textAfterWords } from '../src/core/tokenize';
import { STAFF } from '../src/people/role';
import { knownCategories } from '../src/tickets/classify';
import { PRIORITIES, TICKET_STATUSES, type Priority, type TicketStatus } from '../src/tickets/ticket-status';
import { person } from './ticket-args';

export const assign: Subcommand<{ case: number; who: string }> = {
  name: 'assign',
  summary: 'Assign a case to someone (`me` for yourself).',
  usage: 'ticket assign CASE PERSON',
  examples: ['ticket assign INC-1042 me', 'ticket assign INC-1042 @petra'],
  roles: STAFF,
  parse: (tokens) =>
    parseArgs(
      z.object({ case: caseNumber, who: requiredWord() }),
      { case: tokens.words[0], who: tokens.words[1] },
      { who: 'PERSON' },
    ),
  async run(ctx) {
    const t = await ctx.services.tickets.visible(ctx.args.case, ctx.person);
    const assignee = person(ctx, ctx.args.who);
    const updated = await ctx.services.tickets.assign(t, ctx.person, assignee);
    const lang = ctx.person.language;
    const status = msgName(lang, 'status', updated.status);
    await ctx.reply(
      assignee.id === ctx.person.id
        ? msg(lang, 'ticket.assigned.you', { key: updated.key, status })
        : msg(lang, 'ticket.assigned.other', { key: updated.key, name: assignee.name, status }),
    );
  },
};

export const priority: Subcommand<{ case: number; priority: Priority; note?: string }> = {
  name: 'priority',
  aliases: ['prio'],
  summary: 'Change the priority (P1 critical … P4 low).',
  usage: 'ticket priority CASE P1|P2|P3|P4 [REASON]',
  examples: ['ticket priority INC-1042 P2 exam tomorrow'],
  roles: STAFF,
  parse: (tokens, raw) =>
    parseArgs(
      z.object({
        case: caseNumber,
        priority: z.enum(PRIORITIES, { error: () => zodSaid('usage.expectedOneOf', { list: PRIORITIES.join(', ') }) }),
        note: z.string().max(4000).optional(),
      }),
      {
        case: tokens.words[0],
        priority: tokens.words[1]?.toUpperCase(),
        note: textAfterWords(raw, 2) || undefined,
      },
      { priority: 'Priority', note: 'REASON' },
    ),
  async run(ctx) {
    const t = await ctx.services.tickets.visible(ctx.args.case, ctx.person);
    const updated = await ctx.services.tickets.setPriority(t, ctx.person, ctx.args.priority, ctx.args.note);
    await ctx.reply(msg(ctx.person.language, 'ticket.priority.set', { key: updated.key, priority: updated.priority }));
  },
};

export const category: Subcommand<{ case: number; category: string }> = {
  name: 'category',
  summary: 'Correct the category of a case.',
  usage: 'ticket category CASE NAME',
  examples: ['ticket category INC-1042 printing'],
  roles: STAFF,
  parse: (tokens) =>
    parseArgs(
      z.object({ case: caseNumber, category: requiredWord() }),
      { case: tokens.words[0], category: tokens.words[1]?.toLowerCase() },
      { category: 'NAME' },
    ),
  async run(ctx) {
    const names = knownCategories(ctx.services.config);
    if (!names.includes(ctx.args.category))
      throw refusal(
        'USAGE',
        said('ticket.usage.notACategory', { name: ctx.args.category.slice(0, 40), list: names.join(', ') }),
      );
    const t = await ctx.services.tickets.visible(ctx.args.case, ctx.person);
    const updated = await ctx.services.tickets.setCategory(t, ctx.person, ctx.args.category);
    const lang = ctx.person.language;
    await ctx.reply(
      msg(lang, 'ticket.category.set', { key: updated.key, category: msgName(lang, 'category', updated.category) }),
    );
  },
};

export const status: Subcommand<{ case: number; status: TicketStatus; note?: string }> = {
  name: 'status',
  summary: `Set the status: ${TICKET_STATUSES.join(', ')}. The reporter is told, with your note.`,
  usage: 'ticket status CASE STATUS [NOTE]',
  examples: ['ticket status INC-1042 waiting-on-reporter which printer exactly?', 'ticket status INC-1042 in-progress'],
  roles: STAFF,
  parse: (tokens, raw) =>
    parseArgs(
      z.object({
        case: caseNumber,
        status: z.enum(TICKET_STATUSES, {
          error: () => zodSaid('usage.expectedOneOf', { list: TICKET_STATUSES.join(', ') }),
        }),
        note: z.string().max(4000).optional(),
      }),
      { case: tokens.words[0], status: tokens.words[1]?.toLowerCase(), note: textAfterWords(raw, 2) || undefined },
    ),
  async run(ctx) {
    const t = await ctx.services.tickets.visible(ctx.args.case, ctx.person);
    const updated = await ctx.services.tickets.setStatus(t, ctx.person, ctx.args.status, ctx.args.note);
    const lang = ctx.person.language;
    await ctx.reply(
      msg(lang, 'ticket.status.set', { key: updated.key, status: msgName(lang, 'status', updated.status) }),
    );
  },
};

export const escalate: Subcommand<{ case: number; to: string; reason: string }> = {
  name: 'escalate',
  summary: 'Hand a case to a specialist (e.g. the printer technician) with the reason.',
  usage: 'ticket escalate CASE PERSON REASON',
  examples: ['ticket escalate INC-1042 @petra fuser unit needs replacing'],
  roles: STAFF,
  parse: (tokens, raw) =>
    parseArgs(z.object({ case: caseNumber, to: requiredWord(), reason: freeText('REASON') }), {
      case: tokens.words[0],
      to: tokens.words[1],
      reason: textAfterWords(raw, 2) || undefined,
    }),
  async run(ctx) {
    const t = await ctx.services.tickets.visible(ctx.args.case, ctx.person);
    const to = person(ctx, ctx.args.to);
    const updated = await ctx.services.tickets.escalate(t, ctx.person, to, ctx.args.reason);
    await ctx.reply(msg(ctx.person.language, 'ticket.escalated', { key: updated.key, name: to.name }));
  },
};
