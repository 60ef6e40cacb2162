import { z } from 'zod';
import type { CommandContext, CommandFamily, Subcommand } from './command';
import { forbidden, notFound, usageError } from '../src/core/errors';
import { caseNumber, freeText, parseArgs } from './parse-args';
import type { Tokens } from '../src/core/tokenize';
import { textAfterWords } from '../src/core/tokenize';
import { hasRole, type Person } from '../src/people/person';
import { STAFF } from '../src/people/role';
import { caseEventCap } from '../src/tickets/case-size';
import { knownCategories } from '../src/tickets/classify';
import { internalNoteAddedText, noCasesText, renderTicket, ticketLine } from '../src/tickets/render-ticket';
import { canSeeNotes } from '../src/tickets/ticket-visibility';
import { confirmedText, reopenedText } from '../src/tickets/render-receipt';
import type { TicketListFilter } from '../src/tickets/ticket-queries';
import { PRIORITIES, TICKET_STATUSES, type Priority, type TicketStatus } from '../src/tickets/ticket-status';

/** CASE then free text: `ticket resolve INC-5 replaced the toner`. */
function caseAndText(what: string) {
  return (tokens: Tokens, raw: string) =>
    parseArgs(z.object({ case: caseNumber, note: freeText(what) }), {
      case: tokens.words[0],
      note: textAfterWords(raw, 1) || undefined,
    });
}

/** CASE then optional text. */
function caseAndOptionalText(tokens: Tokens, raw: string) {
  return parseArgs(z.object({ case: caseNumber, note: z.string().trim().max(4000).optional() }), {
    case: tokens.words[0],
    note: textAfterWords(raw, 1) || undefined,
  });
}

const caseOnly = (tokens: Tokens) => parseArgs(z.object({ case: caseNumber }), { case: tokens.words[0] });

function person(ctx: CommandContext<unknown>, typed: string): Person {
  const p = ctx.services.people.find(typed, ctx.person, ctx.event.platform);
  if (!p)
    throw notFound(
      `I don't know anyone called "${typed.slice(0, 60)}".`,
      'Use their opsdesk id (e.g. `oscar`), an @mention, or `me`.',
    );
  return p;
}

/**
 * People @mentioned in a comment (`@ingrid`, Slack `<@U…>`, Matrix `@user:server`, a pill). Only people in
 * the config mention anyone: an unverified user's `@oscar` sends nobody a DM.
 */
function mentionedPeople(ctx: CommandContext<unknown>, text: string): Person[] {
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

const list: Subcommand<{ filter: TicketListFilter }> = {
  name: 'list',
  aliases: ['ls'],
  summary: 'List cases: open (default), mine, unassigned, all, school NAME, category NAME, status STATUS.',
  usage: 'ticket list [open|mine|unassigned|all|school NAME|category NAME|status STATUS]',
  examples: ['ticket list', 'ticket list unassigned', 'ticket list school nordby'],
  roles: 'anyone',
  parse(tokens) {
    const [what = 'open', value] = tokens.words.map((w) => w.toLowerCase());
    switch (what) {
      case 'open':
      case 'mine':
      case 'unassigned':
      case 'all':
        return { filter: { kind: what } };
      case 'school':
        if (!value) throw usageError('NAME of the school is missing.');
        return { filter: { kind: 'school', school: value } };
      case 'category':
        if (!value) throw usageError('NAME of the category is missing.');
        return { filter: { kind: 'category', category: value } };
      case 'status':
        if (!value || !(TICKET_STATUSES as readonly string[]).includes(value)) {
          throw usageError(`STATUS must be one of: ${TICKET_STATUSES.join(', ')}.`);
        }
        return { filter: { kind: 'status', status: value as TicketStatus } };
      default:
        throw usageError(`"${what.slice(0, 40)}" is not a list filter.`);
    }
  },
  async run(ctx) {
    const { filter } = ctx.args;
    if (filter.kind === 'school' && !hasRole(ctx.person, ...STAFF) && ctx.person.school !== filter.school) {
      throw forbidden(
        `You can list the cases of your own school only${ctx.person.school ? ` (${ctx.person.school})` : ''}.`,
      );
    }
    const { items, total } = await ctx.services.tickets.list(ctx.person, filter);
    const now = ctx.services.clock.now();
    if (!items.length) return void (await ctx.reply(noCasesText(filter)));
    const lines = items.map((t) => ticketLine(t, ctx.services.people, now));
    const more =
      total > items.length ? `\n…and ${total - items.length} more (showing the newest ${items.length}).` : '';
    await ctx.reply({
      text: `${total} case${total === 1 ? '' : 's'}:\n${lines.join('\n')}${more}`,
      card: {
        kind: 'generic',
        title: `${total} case${total === 1 ? '' : 's'} (${filter.kind})`,
        sections: [{ lines }],
        footer: more.trim() || undefined,
      },
    });
  },
};

const show: Subcommand<{ case: number }> = {
  name: 'show',
  summary: 'Show a case with its whole history.',
  usage: 'ticket show CASE',
  examples: ['ticket show INC-1042'],
  roles: 'anyone',
  parse: caseOnly,
  async run(ctx) {
    const t = await ctx.services.tickets.visible(ctx.args.case, ctx.person);
    await ctx.reply(
      renderTicket(
        t,
        ctx.services.people,
        ctx.services.config.organisation.timezone,
        ctx.services.clock.now(),
        caseEventCap(ctx.services.config),
        canSeeNotes(ctx.person, t),
      ),
    );
  },
};

const assign: Subcommand<{ case: number; who: string }> = {
  name: 'assign',
  summary: 'Assign a case to someone (`me` for yourself).',
  usage: 'ticket assign CASE PERSON',
  examples: ['ticket assign INC-1042 me', 'ticket assign INC-1042 @petra'],
  roles: STAFF,
  parse: (tokens) =>
    parseArgs(
      z.object({ case: caseNumber, who: z.string({ error: () => 'is missing' }).min(1) }),
      { case: tokens.words[0], who: tokens.words[1] },
      { who: 'PERSON' },
    ),
  async run(ctx) {
    const t = await ctx.services.tickets.visible(ctx.args.case, ctx.person);
    const assignee = person(ctx, ctx.args.who);
    const updated = await ctx.services.tickets.assign(t, ctx.person, assignee);
    await ctx.reply(
      `${updated.key} is assigned to ${assignee.id === ctx.person.id ? 'you' : assignee.name} (${updated.status}).`,
    );
  },
};

const priority: Subcommand<{ case: number; priority: Priority; note?: string }> = {
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
        priority: z.enum(PRIORITIES, { error: () => 'expected P1, P2, P3 or P4' }),
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
    await ctx.reply(`${updated.key} is now ${updated.priority}.`);
  },
};

const category: Subcommand<{ case: number; category: string }> = {
  name: 'category',
  summary: 'Correct the category of a case.',
  usage: 'ticket category CASE NAME',
  examples: ['ticket category INC-1042 printing'],
  roles: STAFF,
  parse: (tokens) =>
    parseArgs(
      z.object({ case: caseNumber, category: z.string({ error: () => 'is missing' }).min(1) }),
      { case: tokens.words[0], category: tokens.words[1]?.toLowerCase() },
      { category: 'NAME' },
    ),
  async run(ctx) {
    const names = knownCategories(ctx.services.config);
    if (!names.includes(ctx.args.category))
      throw usageError(`"${ctx.args.category.slice(0, 40)}" is not a category. Categories: ${names.join(', ')}.`);
    const t = await ctx.services.tickets.visible(ctx.args.case, ctx.person);
    const updated = await ctx.services.tickets.setCategory(t, ctx.person, ctx.args.category);
    await ctx.reply(`${updated.key} is now in ${updated.category}.`);
  },
};

const status: Subcommand<{ case: number; status: TicketStatus; note?: string }> = {
  name: 'status',
  summary: `Set the status: ${TICKET_STATUSES.join(', ')}. The reporter is told, with your note.`,
  usage: 'ticket status CASE STATUS [NOTE]',
  examples: ['ticket status INC-1042 waiting-on-reporter which printer exactly?', 'ticket status INC-1042 in-progress'],
  roles: STAFF,
  parse: (tokens, raw) =>
    parseArgs(
      z.object({
        case: caseNumber,
        status: z.enum(TICKET_STATUSES, { error: () => `expected one of ${TICKET_STATUSES.join(', ')}` }),
        note: z.string().max(4000).optional(),
      }),
      { case: tokens.words[0], status: tokens.words[1]?.toLowerCase(), note: textAfterWords(raw, 2) || undefined },
    ),
  async run(ctx) {
    const t = await ctx.services.tickets.visible(ctx.args.case, ctx.person);
    const updated = await ctx.services.tickets.setStatus(t, ctx.person, ctx.args.status, ctx.args.note);
    await ctx.reply(`${updated.key} is now ${updated.status}. The reporter has been told.`);
  },
};

const escalate: Subcommand<{ case: number; to: string; reason: string }> = {
  name: 'escalate',
  summary: 'Hand a case to a specialist (e.g. the printer technician) with the reason.',
  usage: 'ticket escalate CASE PERSON REASON',
  examples: ['ticket escalate INC-1042 @petra fuser unit needs replacing'],
  roles: STAFF,
  parse: (tokens, raw) =>
    parseArgs(
      z.object({ case: caseNumber, to: z.string({ error: () => 'is missing' }).min(1), reason: freeText('REASON') }),
      {
        case: tokens.words[0],
        to: tokens.words[1],
        reason: textAfterWords(raw, 2) || undefined,
      },
    ),
  async run(ctx) {
    const t = await ctx.services.tickets.visible(ctx.args.case, ctx.person);
    const to = person(ctx, ctx.args.to);
    const updated = await ctx.services.tickets.escalate(t, ctx.person, to, ctx.args.reason);
    await ctx.reply(`${updated.key} is escalated to ${to.name}.`);
  },
};

const comment: Subcommand<{ case: number; note: string }> = {
  name: 'comment',
  aliases: ['reply'],
  summary:
    'Add a public comment: the reporter sees it; people you @mention get it in a DM and can answer in its thread.',
  usage: 'ticket comment CASE TEXT',
  examples: ['ticket comment INC-1042 @ingrid could you check the paper tray?'],
  roles: 'anyone',
  parse: caseAndText('TEXT'),
  async run(ctx) {
    const t = await ctx.services.tickets.visible(ctx.args.case, ctx.person);
    const mentioned = mentionedPeople(ctx, ctx.args.note);
    const updated = await ctx.services.tickets.comment(t, ctx.person, ctx.args.note, mentioned);
    await ctx.reply(
      `Comment added to ` +
        `${updated.key}${mentioned.length ? `; sent to ${mentioned.map((p) => p.name).join(', ')}` : ''}.`,
    );
  },
};

const note: Subcommand<{ case: number; note: string }> = {
  name: 'note',
  summary:
    "Add an internal note: staff and the school's ICT contact see it, the reporter never does; people you " +
    '@mention get it in a DM and their replies in its thread stay internal.',
  usage: 'ticket note CASE TEXT',
  examples: ['ticket note INC-1042 @ingrid could you check the paper tray?'],
  roles: [...STAFF, 'ict-contact'],
  parse: caseAndText('TEXT'),
  async run(ctx) {
    const t = await ctx.services.tickets.visible(ctx.args.case, ctx.person);
    const mentioned = mentionedPeople(ctx, ctx.args.note);
    const updated = await ctx.services.tickets.comment(t, ctx.person, ctx.args.note, mentioned, undefined, {
      internal: true,
    });
    const sent = mentioned.filter((p) => canSeeNotes(p, updated) && p.id !== ctx.person.id);
    await ctx.reply(internalNoteAddedText(updated, sent, mentioned.length - sent.length));
  },
};

const resolve: Subcommand<{ case: number; note: string }> = {
  name: 'resolve',
  summary: 'Resolve a case with a note saying what fixed it. The reporter is asked to confirm.',
  usage: 'ticket resolve CASE NOTE',
  examples: ['ticket resolve INC-1042 replaced the fuser unit'],
  roles: [...STAFF, 'ict-contact'],
  parse: caseAndText('NOTE'),
  async run(ctx) {
    const t = await ctx.services.tickets.visible(ctx.args.case, ctx.person);
    const updated = await ctx.services.tickets.setStatus(t, ctx.person, 'resolved', ctx.args.note);
    await ctx.reply(`${updated.key} is resolved. The reporter has been told and can confirm or reopen it.`);
  },
};

const close: Subcommand<{ case: number; note?: string }> = {
  name: 'close',
  summary: 'Close a case (after resolution, or as a duplicate/withdrawn).',
  usage: 'ticket close CASE [NOTE]',
  examples: ['ticket close INC-1042 duplicate of INC-1040'],
  roles: STAFF,
  parse: caseAndOptionalText,
  async run(ctx) {
    const t = await ctx.services.tickets.visible(ctx.args.case, ctx.person);
    const updated = await ctx.services.tickets.setStatus(t, ctx.person, 'closed', ctx.args.note);
    await ctx.reply(`${updated.key} is closed.`);
  },
};

function ownOrStaff(ctx: CommandContext<unknown>, reporterId: string, key: string): void {
  if (reporterId !== ctx.person.id && !hasRole(ctx.person, ...STAFF)) {
    throw forbidden(`Only the reporter of ${key} or an operator can do that.`);
  }
}

const confirm: Subcommand<{ case: number; note?: string }> = {
  name: 'confirm',
  summary: 'Confirm that a resolved case of yours is fixed; it closes.',
  usage: 'ticket confirm CASE [NOTE]',
  examples: ['ticket confirm INC-1042 prints fine again, thanks'],
  roles: 'anyone',
  parse: caseAndOptionalText,
  async run(ctx) {
    const t = await ctx.services.tickets.visible(ctx.args.case, ctx.person);
    ownOrStaff(ctx, t.reporterId, t.key);
    const updated = await ctx.services.tickets.confirm(t, ctx.person, ctx.args.note);
    await ctx.reply(confirmedText(updated, ctx.person.language));
  },
};

const reopen: Subcommand<{ case: number; note: string }> = {
  name: 'reopen',
  summary: 'Reopen a resolved case of yours that is not fixed, saying what is still wrong.',
  usage: 'ticket reopen CASE WHAT',
  examples: ['ticket reopen INC-1042 it jams again after 10 pages'],
  roles: 'anyone',
  parse: caseAndText('WHAT'),
  async run(ctx) {
    const t = await ctx.services.tickets.visible(ctx.args.case, ctx.person);
    ownOrStaff(ctx, t.reporterId, t.key);
    const updated = await ctx.services.tickets.reopen(t, ctx.person, ctx.args.note);
    await ctx.reply(reopenedText(updated, ctx.person.language));
  },
};

const search: Subcommand<{ words: string[] }> = {
  name: 'search',
  aliases: ['find'],
  summary: 'Find cases whose text contains all the words.',
  usage: 'ticket search WORDS',
  examples: ['ticket search printer room 12'],
  roles: 'anyone',
  parse: (tokens) => {
    const words = tokens.words.filter((w) => w.length <= 100);
    if (!words.length) throw usageError('WORDS are missing.');
    return { words };
  },
  async run(ctx) {
    const { items, total } = await ctx.services.tickets.search(ctx.person, ctx.args.words);
    if (!items.length)
      return void (await ctx.reply(
        `No case you can see mentions ${ctx.args.words.map((w) => `"${w}"`).join(' and ')}.`,
      ));
    const now = ctx.services.clock.now();
    await ctx.reply(
      `${total} case${total === 1 ? '' : 's'} ` +
        `found:\n${items.map((t) => ticketLine(t, ctx.services.people, now)).join('\n')}`,
    );
  },
};

export const ticketCommands: CommandFamily = {
  name: 'ticket',
  aliases: ['tickets', 'case', 'inc'],
  summary: 'Incidents: list, show, assign, prioritise, escalate, comment, resolve, close; reporters confirm or reopen.',
  subcommands: [
    list,
    show,
    assign,
    priority,
    category,
    status,
    escalate,
    comment,
    note,
    resolve,
    close,
    confirm,
    reopen,
    search,
  ],
};
