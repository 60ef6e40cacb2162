import { z } from 'zod';
import type { CommandContext, CommandFamily, Subcommand } from './command';
import { msg, msgCount, msgName } from '../src/i18n/catalog';
import { refusal, said } from '../src/i18n/refusal';
import { caseNumber, freeText, parseArgs, requiredWord, zodSaid } from './parse-args';
import type { Tokens } from '../src/core/tokenize';
import { textAfterWords } from '../src/core/tokenize';
import { hasRole, type Person } from '../src/people/person';
import { STAFF } from '../src/people/role';
import { caseEventCap } from '../src/tickets/case-size';
import { knownCategories } from '../src/tickets/classify';
import { internalNoteAddedText, noCasesText, renderTicket, sentToText, ticketLine } from '../src/tickets/render-ticket';
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
        if (!value) throw refusal('USAGE', said('ticket.usage.schoolMissing'));
        return { filter: { kind: 'school', school: value } };
      case 'category':
        if (!value) throw refusal('USAGE', said('ticket.usage.categoryMissing'));
        return { filter: { kind: 'category', category: value } };
      case 'status':
        if (!value || !(TICKET_STATUSES as readonly string[]).includes(value)) {
          throw refusal('USAGE', said('ticket.usage.statusOneOf', { list: TICKET_STATUSES.join(', ') }));
        }
        return { filter: { kind: 'status', status: value as TicketStatus } };
      default:
        throw refusal('USAGE', said('ticket.usage.notAFilter', { what: what.slice(0, 40) }));
    }
  },
  async run(ctx) {
    const { filter } = ctx.args;
    if (filter.kind === 'school' && !hasRole(ctx.person, ...STAFF) && ctx.person.school !== filter.school) {
      throw refusal(
        'FORBIDDEN',
        said('ticket.list.ownSchoolOnly', { school: ctx.person.school ? ` (${ctx.person.school})` : '' }),
      );
    }
    const lang = ctx.person.language;
    const { items, total } = await ctx.services.tickets.list(ctx.person, filter);
    const now = ctx.services.clock.now();
    if (!items.length) return void (await ctx.reply(noCasesText(filter, lang)));
    const lines = items.map((t) => ticketLine(t, ctx.services.people, now, lang));
    const more =
      total > items.length
        ? `\n${msg(lang, 'ticket.list.more', { more: total - items.length, shown: items.length })}`
        : '';
    await ctx.reply({
      text: `${msgCount(lang, 'ticket.list', total)}\n${lines.join('\n')}${more}`,
      card: {
        kind: 'generic',
        title: msgCount(lang, 'ticket.listTitle', total, { filter: msg(lang, `ticket.filter.${filter.kind}`) }),
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
        ctx.person.language,
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

const category: Subcommand<{ case: number; category: string }> = {
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

const escalate: Subcommand<{ case: number; to: string; reason: string }> = {
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
    const lang = ctx.person.language;
    await ctx.reply(msg(lang, 'ticket.commented', { key: updated.key, sent: sentToText(mentioned, lang) }));
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
    await ctx.reply(internalNoteAddedText(updated, sent, mentioned.length - sent.length, ctx.person.language));
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
    await ctx.reply(msg(ctx.person.language, 'ticket.resolved', { key: updated.key }));
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
    await ctx.reply(msg(ctx.person.language, 'ticket.closed', { key: updated.key }));
  },
};

function ownOrStaff(ctx: CommandContext<unknown>, reporterId: string, key: string): void {
  if (reporterId !== ctx.person.id && !hasRole(ctx.person, ...STAFF)) {
    throw refusal('FORBIDDEN', said('ticket.ownOrStaff', { key }));
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
    if (!words.length) throw refusal('USAGE', said('ticket.usage.wordsMissing'));
    return { words };
  },
  async run(ctx) {
    const lang = ctx.person.language;
    const { items, total } = await ctx.services.tickets.search(ctx.person, ctx.args.words);
    if (!items.length) {
      const words = ctx.args.words.map((w) => `"${w}"`).join(msg(lang, 'ticket.search.and'));
      return void (await ctx.reply(msg(lang, 'ticket.search.none', { words })));
    }
    const now = ctx.services.clock.now();
    const lines = items.map((t) => ticketLine(t, ctx.services.people, now, lang));
    await ctx.reply(`${msgCount(lang, 'ticket.found', total)}\n${lines.join('\n')}`);
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
