import type { CommandFamily, Subcommand } from './command';
import { formatLocalIn, msg } from '../src/i18n/catalog';
import type { Lang } from '../src/i18n/languages';
import { refusal, said } from '../src/i18n/refusal';
import { CHANGE_REQUESTERS, CHANGE_VIEWERS } from '../src/people/role';
import { orderSummary, type ChangeOrderDoc } from '../src/changes/change-order';
import { rfcLine } from '../src/changes/render-rfc';
import { parseField } from '../src/changes/rfc-fields';
import { rfcKeyArg } from './rfc-key-arg';

const tz = (s: { config: { organisation: { timezone: string } } }) => s.config.organisation.timezone;

const create: Subcommand<{ title: string; externalId?: string; targetDate?: string }> = {
  name: 'new',
  aliases: ['create'],
  summary: 'A change order: several RFCs carried out as one, with an optional external id and target date.',
  usage: 'order new TITLE [--external-id ID] [--target-date DATE]',
  examples: ['order new Exam server move --external-id CO-2001 --target-date 2026-12-10'],
  roles: CHANGE_REQUESTERS,
  flagsWithValue: ['external-id', 'target-date'],
  parse(tokens) {
    const title = tokens.words.join(' ').trim();
    if (!title) throw refusal('USAGE', said('order.err.noTitle'));
    if (title.length > 200) throw refusal('USAGE', said('order.err.titleTooLong'));
    const ext = tokens.flags['external-id'];
    const due = tokens.flags['target-date'];
    const unknown = Object.keys(tokens.flags).filter((f) => !['external-id', 'target-date'].includes(f));
    if (unknown.length) throw refusal('USAGE', said('order.err.option', { flag: unknown[0] }));
    return {
      title,
      externalId: typeof ext === 'string' ? (parseField('externalId', ext, 'UTC') as string) : undefined,
      // Checked here, parsed again in the organisation's time zone when it runs.
      targetDate: typeof due === 'string' ? (parseField('targetDate', due, 'UTC'), due) : undefined,
    };
  },
  async run(ctx) {
    const { services } = ctx;
    const due = ctx.args.targetDate;
    const targetDate = due ? (parseField('targetDate', due, tz(services)) as Date) : undefined;
    const o = await ctx.services.changes.orders.create({
      title: ctx.args.title,
      externalId: ctx.args.externalId,
      targetDate,
      by: ctx.person.id,
      now: services.clock.now(),
    });
    const lang = ctx.person.language;
    const target = o.targetDate
      ? msg(lang, 'order.createdTarget', { at: formatLocalIn(lang, o.targetDate, tz(services)) })
      : '';
    const ext = o.externalId ? ` (${o.externalId})` : '';
    await ctx.reply(msg(lang, 'order.created', { id: o._id, ext, title: o.title, target }));
  },
};

const add: Subcommand<{ order: string; rfcs: string[] }> = {
  name: 'add',
  summary: 'Add RFCs to a change order (an RFC belongs to one order).',
  usage: 'order add ORDER RFC …',
  examples: ['order add CO-1 RFC-17 RFC-18'],
  roles: CHANGE_REQUESTERS,
  parse(tokens) {
    const [order, ...rest] = tokens.words;
    if (!order) throw refusal('USAGE', said('order.err.noOrder'));
    if (!rest.length) throw refusal('USAGE', said('order.err.noRfc'));
    return { order, rfcs: rest.map(rfcKeyArg) };
  },
  async run(ctx) {
    const o = await ctx.services.changes.orders.add(ctx.args.order, ctx.args.rfcs);
    await ctx.reply(msg(ctx.person.language, 'order.groups', { id: o._id, keys: o.rfcKeys.join(', ') }));
  },
};

function render(o: ChangeOrderDoc, lines: string[], summary: string): string {
  const head = `${o._id}${o.externalId ? ` (${o.externalId})` : ''} ${o.title}: ${summary}`;
  return [head, ...lines].join('\n');
}

const show: Subcommand<{ order: string }> = {
  name: 'show',
  summary: 'A change order: the state of each of its changes and one summary line.',
  usage: 'order show ORDER',
  examples: ['order show CO-1'],
  roles: CHANGE_VIEWERS,
  parse(tokens) {
    if (!tokens.words[0]) throw refusal('USAGE', said('order.err.noOrder'));
    return { order: tokens.words[0] };
  },
  async run(ctx) {
    const o = await ctx.services.changes.orders.require(ctx.args.order);
    const rfcs = await ctx.services.changes.orders.rfcs(o);
    const lang = ctx.person.language;
    const summary = orderSummary(o, rfcs, ctx.services.clock.now(), tz(ctx.services), lang);
    await ctx.reply(
      render(
        o,
        rfcs.map((r) => `• ${rfcLine(r, tz(ctx.services), lang)}`),
        summary,
      ),
    );
  },
};

const list: Subcommand<Record<string, never>> = {
  name: 'list',
  summary: 'The latest change orders, one line each.',
  usage: 'order list',
  roles: CHANGE_VIEWERS,
  parse: () => ({}),
  async run(ctx) {
    const orders = await ctx.services.changes.orders.latest(20);
    const lang: Lang | undefined = ctx.person.language;
    if (!orders.length) return void (await ctx.reply(msg(lang, 'order.none')));
    const now = ctx.services.clock.now();
    const lines = await Promise.all(
      orders.map(async (o) =>
        render(o, [], orderSummary(o, await ctx.services.changes.orders.rfcs(o), now, tz(ctx.services), lang)),
      ),
    );
    await ctx.reply(lines.join('\n'));
  },
};

export const changeOrderCommands: CommandFamily = {
  name: 'order',
  aliases: ['co', 'change-order'],
  summary: 'Change orders: several RFCs carried out as one (new, add, show, list).',
  subcommands: [create, add, show, list],
};
