import { z } from 'zod';
import type { CommandContext, CommandFamily, Subcommand } from './command';
import { usageError } from '../src/core/errors';
import { caseNumber, freeText, parseArgs } from './parse-args';
import { textAfterWords } from '../src/core/tokenize';
import { PROBLEM_READERS, STAFF } from '../src/people/role';
import { formatProblemKey, parseProblemKey } from '../src/problems/problem-key';

const problemNumber = z
  .string({ error: (i) => (i.input === undefined ? 'is missing' : 'expected a problem such as PRB-3') })
  .transform((s, ctx) => {
    const n = parseProblemKey(s);
    if (n === undefined) {
      ctx.addIssue({ code: 'custom', message: 'expected a problem such as PRB-3' });
      return z.NEVER;
    }
    return n;
  });

const problemAndText = (what: string) => (tokens: { words: string[] }, raw: string) => {
  const args = { problem: tokens.words[0], text: textAfterWords(raw, 1) || undefined };
  // Name the missing text as the usage line does (WHAT WAS DONE), not by its field name.
  if (args.problem !== undefined && args.text === undefined) throw usageError(`${what} is missing.`);
  return parseArgs(z.object({ problem: problemNumber, text: freeText(what) }), args, { problem: 'PRB-N' });
};

const create: Subcommand<{ title: string; workaround?: string; cases: number[] }> = {
  name: 'new',
  aliases: ['create'],
  summary: 'Record a problem behind recurring incidents (optionally its workaround and first incidents).',
  usage: 'problem new TITLE [--workaround TEXT] [--link INC-1,INC-2]',
  examples: ['problem new Print queue on nordby-print fills up --link INC-1042,INC-1050'],
  roles: STAFF,
  flagsWithValue: ['workaround', 'link'],
  parse(tokens) {
    const title = tokens.words.join(' ').trim();
    const links = typeof tokens.flags.link === 'string' ? tokens.flags.link.split(/[,\s]+/u).filter(Boolean) : [];
    return parseArgs(
      z.object({
        title: freeText('TITLE').pipe(z.string().max(200, 'is longer than 200 characters')),
        workaround: z.string().trim().min(1).max(4000).optional(),
        cases: z.array(caseNumber).max(50),
      }),
      {
        title: title || undefined,
        workaround: typeof tokens.flags.workaround === 'string' ? tokens.flags.workaround : undefined,
        cases: links,
      },
    );
  },
  async run(ctx) {
    const p = await ctx.services.problems.create(ctx.person, ctx.args.title, ctx.args.workaround);
    const linked = ctx.args.cases.length
      ? await ctx.services.problems.link(ctx.person, p.number, ctx.args.cases)
      : undefined;
    await ctx.reply(
      `Recorded ${p.key}: ${p.title}${p.workaround ? ` (known error; workaround: ${p.workaround})` : ''}.` +
        (linked ? `\n${describeLink(linked)}` : `\nLink incidents with \`problem link ${p.key} INC-…\`.`),
    );
  },
};

function describeLink(r: { linked: string[]; already: string[]; missing: number[]; moved: string[] }): string {
  return [
    r.linked.length ? `Linked: ${r.linked.join(', ')}.` : '',
    r.moved.length ? `Moved from another problem: ${r.moved.join(', ')}.` : '',
    r.already.length ? `Already linked: ${r.already.join(', ')}.` : '',
    r.missing.length ? `No such case: ${r.missing.map((n) => `INC-${n}`).join(', ')}.` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

const link: Subcommand<{ problem: number; cases: number[] }> = {
  name: 'link',
  summary: 'Link incidents to a problem record.',
  usage: 'problem link PRB-N INC-… [INC-…]',
  examples: ['problem link PRB-3 INC-1042 INC-1050'],
  roles: STAFF,
  parse(tokens) {
    const [problem, ...cases] = tokens.words;
    if (!cases.length && problem !== undefined)
      throw usageError('Name at least one case, e.g. `problem link PRB-3 INC-1042`.');
    return parseArgs(
      z.object({ problem: problemNumber, cases: z.array(caseNumber).min(1).max(50) }),
      { problem, cases },
      { problem: 'PRB-N', cases: 'INC-…' },
    );
  },
  async run(ctx) {
    const r = await ctx.services.problems.link(ctx.person, ctx.args.problem, ctx.args.cases);
    await ctx.reply(`${formatProblemKey(ctx.args.problem)}: ${describeLink(r)}`);
  },
};

const workaround: Subcommand<{ problem: number; text: string }> = {
  name: 'workaround',
  aliases: ['known'],
  summary: 'Record the workaround: the problem becomes a known error.',
  usage: 'problem workaround PRB-N TEXT',
  examples: ['problem workaround PRB-3 Restart the spooler from the ICT contact menu'],
  roles: STAFF,
  parse: problemAndText('TEXT'),
  async run(ctx) {
    const p = await ctx.services.problems.setWorkaround(ctx.person, ctx.args.problem, ctx.args.text);
    await ctx.reply(`${p.key} is a known error. Workaround: ${p.workaround}`);
  },
};

const fix: Subcommand<{ problem: number; text: string }> = {
  name: 'fix',
  aliases: ['fixed'],
  summary: 'Mark a problem fixed; the reporters of its linked incidents are told.',
  usage: 'problem fix PRB-N WHAT WAS DONE',
  examples: ['problem fix PRB-3 Replaced the print server disk'],
  roles: STAFF,
  parse: problemAndText('WHAT WAS DONE'),
  async run(ctx) {
    const r = await ctx.services.problems.fix(ctx.person, ctx.args.problem, ctx.args.text);
    await ctx.reply(
      `${r.problem.key} is fixed. Told ${r.told} reporter${r.told === 1 ? '' : 's'} of ${r.incidents} linked ` +
        `incident${r.incidents === 1 ? '' : 's'}.`,
    );
  },
};

async function showOne(ctx: CommandContext<{ problem?: number }>, n: number): Promise<void> {
  const { problem: p, incidents } = await ctx.services.problems.view(n);
  const more = incidents.total > incidents.keys.length ? ` …and ${incidents.total - incidents.keys.length} more` : '';
  const lines = [
    ...(p.workaround ? [`Workaround: ${p.workaround}`] : []),
    ...(p.fix ? [`Fix: ${p.fix}`] : []),
    `Incidents: ${incidents.total} linked, ${incidents.open} ` +
      `open${incidents.keys.length ? `: ${incidents.keys.join(', ')}${more}` : ''}`,
  ];
  await ctx.reply({
    text: [`*${p.key}* ${p.title} [${p.status}]`, ...lines].join('\n'),
    card: {
      kind: 'generic',
      title: `${p.key} ${p.title}`,
      status: p.status.toUpperCase(),
      fields: [
        { label: 'Linked incidents', value: String(incidents.total) },
        { label: 'Open', value: String(incidents.open) },
      ],
      sections: [{ lines }],
      footer:
        p.status === 'fixed'
          ? undefined
          : `problem link ${p.key} INC-… · problem workaround ${p.key} … · problem fix ${p.key} …`,
    },
  });
}

const show: Subcommand<{ problem?: number }> = {
  name: 'show',
  aliases: ['list'],
  summary: 'Show a problem record with its workaround and incidents; without one, list the problems not yet fixed.',
  usage: 'problem show [PRB-N]',
  examples: ['problem show', 'problem show PRB-3'],
  roles: PROBLEM_READERS,
  parse(tokens) {
    return tokens.words[0] === undefined
      ? {}
      : parseArgs(z.object({ problem: problemNumber }), { problem: tokens.words[0] }, { problem: 'PRB-N' });
  },
  async run(ctx) {
    if (ctx.args.problem !== undefined) return showOne(ctx, ctx.args.problem);
    const open = await ctx.services.problems.listOpen();
    if (!open.length)
      return void (await ctx.reply('No open problem records. `stats` shows the categories that recur most.'));
    const lines = open.map(
      ({ problem: p, incidents }) => `${p.key} [${p.status}] ${p.title} · ${incidentCount(incidents)}`,
    );
    await ctx.reply(`Problems not yet fixed:\n${lines.join('\n')}`);
  },
};

export const problemCommands: CommandFamily = {
  name: 'problem',
  aliases: ['problems', 'prb'],
  summary: 'Problem records behind recurring incidents: new, link, workaround, fix, show.',
  subcommands: [create, link, workaround, fix, show],
};

const incidentCount = (n: number) => `${n} incident${n === 1 ? '' : 's'}`;
