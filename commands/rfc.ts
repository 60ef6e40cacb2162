import { scheduledLine } from '../src/deploy/render-scheduled';
import { z } from 'zod';
import type { CommandFamily, Subcommand } from './command';
import { parseArgs } from './parse-args';
import type { Tokens } from '../src/core/tokenize';
import type { RfcFieldName } from '../src/config/sections/changes';
import { msg, msgCount } from '../src/i18n/catalog';
import { refusal, said } from '../src/i18n/refusal';
import { CHANGE_REQUESTERS as REQUESTERS, CHANGE_VIEWERS as VIEWERS } from '../src/people/role';
import { CHANGE_STATES } from '../src/changes/change-lifecycle';
import { createDecision, policyError } from '../src/changes/change-policy';
import type { RfcListFilter } from '../src/changes/change-service';
import { askNext } from './handlers/rfc-dialogue';
import { FIELD_NAMES } from '../src/changes/rfc-fields';
import { fieldsFrom, rawFields } from './rfc-args';
import { renderRfc, rfcLine } from '../src/changes/render-rfc';
import { templateFields } from '../src/changes/templates';
import { editChange } from './use-cases/edit-rfc';
import { scheduleStandard } from './use-cases/standard-change';
import { submitChange } from './use-cases/submit-rfc';
import { condition, revise } from './rfc-plan';

import { checkStep, keyAndText, keyOnly, load, rfcKeySchema, tz, WITHDRAWN_NOTE } from './rfc-common';
import { built, cancel, close, release, review, schedule } from './rfc-steps';
import { audit, confirm, exportRfc, override } from './rfc-board';

const newRfc: Subcommand<{
  title?: string;
  type: 'normal' | 'emergency' | 'standard';
  template?: string;
  tokens: Tokens;
}> = {
  name: 'new',
  aliases: ['create', 'propose'],
  summary: 'Propose a change; I ask for each missing required field in the thread.',
  usage: 'rfc new TITLE [--type normal|emergency] [--template ID] [field=value …]',
  examples: [
    'rfc new Upgrade LibreOffice to 25.8 on all classroom PCs',
    'rfc new --template printer-driver Printer driver for room 12',
  ],
  roles: REQUESTERS,
  flagsWithValue: ['type', 'template', ...FIELD_NAMES.map((f) => f.toLowerCase())],
  parse(tokens) {
    const type = String(tokens.flags.type ?? 'normal').toLowerCase();
    if (type !== 'normal' && type !== 'emergency') throw refusal('USAGE', said('rfc.new.badType'));
    const template = typeof tokens.flags.template === 'string' ? tokens.flags.template.toLowerCase() : undefined;
    const title = tokens.words.join(' ').trim() || undefined;
    if (!title && !template) throw refusal('USAGE', said('rfc.new.noTitle'));
    if (title && title.length > 200) throw refusal('USAGE', said('rfc.new.titleTooLong'));
    rawFields(tokens, ['type', 'template']);
    return { title, type, template, tokens };
  },
  async run(ctx) {
    const { changes, config } = ctx.services;
    const fields = fieldsFrom(ctx.args.tokens, tz(ctx), ['type', 'template']);
    let title = ctx.args.title;
    let extra: Partial<Record<RfcFieldName, unknown>> = {};
    const t = ctx.args.template ? config.changes.templates.find((x) => x.id === ctx.args.template) : undefined;
    if (ctx.args.template) {
      if (!t) {
        const ids = config.changes.templates.map((x) => x.id);
        throw refusal(
          'USAGE',
          said('rfc.new.noTemplate', { typed: ctx.args.template.slice(0, 40) }),
          ids.length ? said('rfc.new.templates', { ids: ids.join(', ') }) : said('rfc.new.noTemplates'),
        );
      }
      title ??= t.title;
      extra = templateFields(t);
    }
    // Typed values never widen a template, and typing type=standard never makes a standard change.
    const allowed = createDecision({
      template: t,
      type: ctx.args.type === 'emergency' ? 'emergency' : 'normal',
      fields: { ...extra, ...fields },
    });
    if (!allowed.ok) throw policyError(allowed);
    const type = allowed.type;
    delete fields.type;
    const rfc = await changes.create({
      person: ctx.person,
      title: title ?? msg(ctx.person.language, 'rfc.new.untitled'),
      conversation: ctx.conversation,
      type,
      template: ctx.args.template,
      fields: { ...extra, ...fields },
    });
    const created = { key: rfc.key, type, title: rfc.title, template: ctx.args.template ?? '' };
    const intro = msg(
      ctx.person.language,
      ctx.args.template
        ? 'rfc.new.createdFromTemplate'
        : type === 'emergency'
          ? 'rfc.new.createdEmergency'
          : 'rfc.new.created',
      created,
    );
    await askNext(ctx, rfc, intro);
  },
};

const show: Subcommand<{ rfc: string }> = {
  name: 'show',
  summary: 'Show a change: every field, its state and what is missing.',
  usage: 'rfc show RFC',
  examples: ['rfc show RFC-17'],
  roles: VIEWERS,
  parse: keyOnly,
  async run(ctx) {
    const rfc = await load(ctx);
    const start = await ctx.services.deployments.starts.pending(rfc.key);
    const extra = start ? [scheduledLine(start, tz(ctx))] : [];
    const lang = ctx.person.language;
    await ctx.reply(renderRfc(rfc, ctx.services.changes.missingFields(rfc), tz(ctx), extra, lang));
  },
};

const LIST_FILTERS = ['open', 'voting', 'mine', 'all', ...CHANGE_STATES] as const;

const list: Subcommand<{ filter: RfcListFilter }> = {
  name: 'list',
  aliases: ['ls'],
  summary: 'List changes: open (default), voting, mine, all, or a state.',
  usage: 'rfc list [open|voting|mine|all|STATE]',
  examples: ['rfc list', 'rfc list voting', 'rfc list scheduled'],
  roles: VIEWERS,
  parse(tokens) {
    const f = (tokens.words[0] ?? 'open').toLowerCase();
    if (!(LIST_FILTERS as readonly string[]).includes(f))
      throw refusal('USAGE', said('rfc.list.badFilter', { typed: f.slice(0, 30), filters: LIST_FILTERS.join(', ') }));
    return { filter: f as RfcListFilter };
  },
  async run(ctx) {
    const { items, total } = await ctx.services.changes.list(ctx.args.filter, ctx.person);
    const lang = ctx.person.language;
    const { filter } = ctx.args;
    if (!items.length)
      return void (await ctx.reply(msg(lang, filter === 'all' ? 'rfc.list.none' : 'rfc.list.noneOf', { filter })));
    const lines = items.map((r) => rfcLine(r, tz(ctx), lang));
    const more = total > items.length ? `\n${msg(lang, 'rfc.list.more', { count: total - items.length })}` : '';
    await ctx.reply({
      text: `${msgCount(lang, 'rfc.list.count', total)}\n${lines.join('\n')}${more}`,
      card: { kind: 'generic', title: msg(lang, 'rfc.list.title', { count: total, filter }), sections: [{ lines }] },
    });
  },
};

const edit: Subcommand<{ rfc: string; tokens: Tokens }> = {
  name: 'edit',
  aliases: ['set'],
  summary:
    'Set fields directly: field=value or --field "value" (window in local time: --window "2026-12-01 16:00..20:00").',
  usage: 'rfc edit RFC field=value [--field "value"] …',
  examples: [
    'rfc edit RFC-17 risk=low targets=classroom-pcs',
    'rfc edit RFC-17 --window "2026-12-01 16:00..2026-12-01 20:00"',
  ],
  roles: REQUESTERS,
  flagsWithValue: FIELD_NAMES.map((f) => f.toLowerCase()),
  parse: (tokens) => ({ ...parseArgs(z.object({ rfc: rfcKeySchema }), { rfc: tokens.words[0] }), tokens }),
  async run(ctx) {
    const rfc = await load(ctx);
    const fields = fieldsFrom(ctx.args.tokens, tz(ctx));
    const { result, text } = await editChange(ctx.services, rfc.key, ctx.person, fields);
    const updated = result.rfc;
    if (result.effect === 'set' && (updated.asking || updated.state === 'draft'))
      return void (await askNext(ctx, updated, text));
    await ctx.reply(text);
  },
};

const submit: Subcommand<{ rfc: string }> = {
  name: 'submit',
  summary: 'Send a complete draft to the CCB (a standard change is scheduled at once).',
  usage: 'rfc submit RFC',
  examples: ['rfc submit RFC-17'],
  roles: REQUESTERS,
  parse: keyOnly,
  async run(ctx) {
    const rfc = await load(ctx);
    if (rfc.type === 'standard') return void (await ctx.reply(await scheduleStandard(ctx.services, rfc, ctx.person)));
    await ctx.reply(await submitChange(ctx.services, rfc, ctx.person));
  },
};

const withdraw: Subcommand<{ rfc: string; note?: string }> = {
  name: 'withdraw',
  summary: 'Withdraw a change (its open vote ends).',
  usage: 'rfc withdraw RFC [REASON]',
  examples: ['rfc withdraw RFC-17 superseded by RFC-18'],
  roles: REQUESTERS,
  parse: keyAndText('REASON', false),
  async run(ctx) {
    const rfc = await load(ctx);
    checkStep(ctx, rfc, 'withdraw', 'withdrawn');
    const reason = ctx.args.note ?? WITHDRAWN_NOTE;
    const updated = await ctx.services.changes.transition(rfc.key, 'withdrawn', { personId: ctx.person.id }, reason);
    await ctx.services.changes.setAsking(updated, undefined);
    await ctx.services.votes.withdraw(rfc.key, ctx.person, reason);
    await ctx.reply(msg(ctx.person.language, 'rfc.withdrawn', { key: rfc.key }));
  },
};

/** `built`, `release`: fields typed with the command are set only when the transition is allowed. */
export const rfcSubcommands: Subcommand[] = [
  newRfc,
  show,
  list,
  edit,
  submit,
  withdraw,
  built,
  release,
  schedule,
  review,
  close,
  cancel,
  audit,
  override,
  confirm,
  exportRfc,
  condition,
  revise,
];

export const rfcCommands: CommandFamily = {
  name: 'rfc',
  aliases: ['change'],
  summary:
    'Requests for change: propose, fill in, submit to the CCB, build, release, review, close; the signed record.',
  subcommands: rfcSubcommands,
};
