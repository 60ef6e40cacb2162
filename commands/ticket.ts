import type { CommandFamily, Subcommand } from './command';
import { msg, msgCount } from '../src/i18n/catalog';
import { refusal, said } from '../src/i18n/refusal';
import { hasRole } from '../src/people/person';
import { STAFF } from '../src/people/role';
import { caseEventCap } from '../src/tickets/case-size';
import { noCasesText, renderTicket, ticketLine } from '../src/tickets/render-ticket';
import { canSeeNotes } from '../src/tickets/ticket-visibility';
import type { TicketListFilter } from '../src/tickets/ticket-queries';
import { TICKET_STATUSES, type TicketStatus } from '../src/tickets/ticket-status';
import { caseOnly } from './ticket-args';

import { assign, category, escalate, priority, status } from './ticket-triage';
import { close, comment, confirm, note, reopen, resolve } from './ticket-replies';

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
