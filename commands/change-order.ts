import type { CommandFamily, Subcommand } from './command';
import { usageError } from '../src/core/errors';
import { CHANGE_REQUESTERS, CHANGE_VIEWERS } from '../src/people/role';
import { orderSummary, type ChangeOrderDoc } from '../src/changes/change-order';
import { rfcLine } from '../src/changes/render-rfc';
import { parseField } from '../src/changes/rfc-fields';
import { formatLocal } from '../src/core/format-time';
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
    if (!title) throw usageError('TITLE is missing.');
    if (title.length > 200) throw usageError('TITLE is longer than 200 characters.');
    const ext = tokens.flags['external-id'];
    const due = tokens.flags['target-date'];
    const unknown = Object.keys(tokens.flags).filter((f) => !['external-id', 'target-date'].includes(f));
    if (unknown.length) throw usageError(`--${unknown[0]} is not an option here.`);
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
    await ctx.reply(
      `Created change order ${o._id}${o.externalId ? ` (${o.externalId})` : ''}: ${o.title}` +
        `${o.targetDate ? `, target ${formatLocal(o.targetDate, tz(services))}` : ''}. Add its changes: ` +
        `\`order add ${o._id} RFC-…\`.`,
    );
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
    if (!order) throw usageError('ORDER is missing.');
    if (!rest.length) throw usageError('RFC is missing: name one or more.');
    return { order, rfcs: rest.map(rfcKeyArg) };
  },
  async run(ctx) {
    const o = await ctx.services.changes.orders.add(ctx.args.order, ctx.args.rfcs);
    await ctx.reply(`${o._id} now groups ${o.rfcKeys.join(', ')}.`);
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
    if (!tokens.words[0]) throw usageError('ORDER is missing.');
    return { order: tokens.words[0] };
  },
  async run(ctx) {
    const o = await ctx.services.changes.orders.require(ctx.args.order);
    const rfcs = await ctx.services.changes.orders.rfcs(o);
    const summary = orderSummary(o, rfcs, ctx.services.clock.now(), tz(ctx.services));
    await ctx.reply(
      render(
        o,
        rfcs.map((r) => `• ${rfcLine(r, tz(ctx.services))}`),
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
    if (!orders.length) return void (await ctx.reply('No change orders. Create one: `order new TITLE`.'));
    const now = ctx.services.clock.now();
    const lines = await Promise.all(
      orders.map(async (o) =>
        render(o, [], orderSummary(o, await ctx.services.changes.orders.rfcs(o), now, tz(ctx.services))),
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
