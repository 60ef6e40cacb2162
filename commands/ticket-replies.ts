/** `ticket comment | note | resolve | close | confirm | reopen`: what is said on a case, and its end. */
import type { CommandContext, Subcommand } from './command';
import { msg } from '../src/i18n/catalog';
import { refusal, said } from '../src/i18n/refusal';
import { hasRole } from '../src/people/person';
import { STAFF } from '../src/people/role';
import { internalNoteAddedText, sentToText } from '../src/tickets/render-ticket';
import { canSeeNotes } from '../src/tickets/ticket-visibility';
import { confirmedText, reopenedText } from '../src/tickets/render-receipt';
import { caseAndOptionalText, caseAndText, mentionedPeople } from './ticket-args';

export const comment: Subcommand<{ case: number; note: string }> = {
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

export const note: Subcommand<{ case: number; note: string }> = {
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

export const resolve: Subcommand<{ case: number; note: string }> = {
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

export const close: Subcommand<{ case: number; note?: string }> = {
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

export const confirm: Subcommand<{ case: number; note?: string }> = {
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

export const reopen: Subcommand<{ case: number; note: string }> = {
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
