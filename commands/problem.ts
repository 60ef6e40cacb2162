import { z } from 'zod';
import type { CommandContext, CommandFamily, Subcommand } from './command';
import { caseNumber, freeText, parseArgs, zodSaid } from './parse-args';
import { msg, msgCount, speak } from '../src/i18n/catalog';
import type { Lang } from '../src/i18n/languages';
import { refusal, said } from '../src/i18n/refusal';
import { textAfterWords } from '../src/core/tokenize';
import { PROBLEM_READERS, STAFF } from '../src/people/role';
import { formatProblemKey, parseProblemKey } from '../src/problems/problem-key';

const problemNumber = z
  .string({ error: (i) => (i.input === undefined ? zodSaid('usage.isMissing') : zodSaid('problem.usage.expected')) })
  .transform((s, ctx) => {
    const n = parseProblemKey(s);
    if (n === undefined) {
      ctx.addIssue({ code: 'custom', message: zodSaid('problem.usage.expected') });
      return z.NEVER;
    }
    return n;
  });

const problemAndText = (what: string) => (tokens: { words: string[] }, raw: string) => {
  const args = { problem: tokens.words[0], text: textAfterWords(raw, 1) || undefined };
  // Name the missing text as the usage line does (WHAT WAS DONE), not by its field name.
  if (args.problem !== undefined && args.text === undefined)
    throw refusal('USAGE', said('usage.missing', { name: what }));
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
        title: freeText('TITLE').pipe(z.string().max(200, zodSaid('usage.tooLong', { name: 'TITLE', max: 200 }))),
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
    const t = speak(ctx.person.language);
    const known = p.workaround ? t('problem.recordedKnown', { workaround: p.workaround }) : '';
    await ctx.reply(
      `${t('problem.recorded', { key: p.key, title: p.title, known })}\n` +
        (linked ? describeLink(linked, ctx.person.language) : t('problem.linkHint', { key: p.key })),
    );
  },
};

function describeLink(
  r: { linked: string[]; already: string[]; missing: number[]; moved: string[] },
  lang?: Lang,
): string {
  return [
    r.linked.length ? msg(lang, 'problem.linked', { list: r.linked.join(', ') }) : '',
    r.moved.length ? msg(lang, 'problem.moved', { list: r.moved.join(', ') }) : '',
    r.already.length ? msg(lang, 'problem.already', { list: r.already.join(', ') }) : '',
    r.missing.length ? msg(lang, 'problem.noCase', { list: r.missing.map((n) => `INC-${n}`).join(', ') }) : '',
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
    if (!cases.length && problem !== undefined) throw refusal('USAGE', said('problem.usage.oneCase'));
    return parseArgs(
      z.object({ problem: problemNumber, cases: z.array(caseNumber).min(1).max(50) }),
      { problem, cases },
      { problem: 'PRB-N', cases: 'INC-…' },
    );
  },
  async run(ctx) {
    const r = await ctx.services.problems.link(ctx.person, ctx.args.problem, ctx.args.cases);
    await ctx.reply(`${formatProblemKey(ctx.args.problem)}: ${describeLink(r, ctx.person.language)}`);
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
    await ctx.reply(msg(ctx.person.language, 'problem.knownError', { key: p.key, workaround: p.workaround ?? '' }));
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
    const lang = ctx.person.language;
    const told = msgCount(lang, 'problem.reporters', r.told);
    await ctx.reply(msgCount(lang, 'problem.fixed', r.incidents, { key: r.problem.key, told }));
  },
};

async function showOne(ctx: CommandContext<{ problem?: number }>, n: number): Promise<void> {
  const { problem: p, incidents } = await ctx.services.problems.view(n);
  const t = speak(ctx.person.language);
  const more =
    incidents.total > incidents.keys.length
      ? t('problem.more', { count: incidents.total - incidents.keys.length })
      : '';
  const lines = [
    ...(p.workaround ? [t('problem.workaround', { text: p.workaround })] : []),
    ...(p.fix ? [t('problem.fix', { text: p.fix })] : []),
    t('problem.incidents', {
      total: incidents.total,
      open: incidents.open,
      keys: incidents.keys.length ? `: ${incidents.keys.join(', ')}${more}` : '',
    }),
  ];
  const status = t(`problem.status.${p.status}`);
  await ctx.reply({
    text: [`*${p.key}* ${p.title} [${status}]`, ...lines].join('\n'),
    card: {
      kind: 'generic',
      title: `${p.key} ${p.title}`,
      status: status.toUpperCase(),
      fields: [
        { label: t('problem.f.linked'), value: String(incidents.total) },
        { label: t('problem.f.open'), value: String(incidents.open) },
      ],
      sections: [{ lines }],
      footer: p.status === 'fixed' ? undefined : t('problem.footer', { key: p.key }),
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
    const lang = ctx.person.language;
    const open = await ctx.services.problems.listOpen();
    if (!open.length) return void (await ctx.reply(msg(lang, 'problem.none')));
    const lines = open.map(
      ({ problem: p, incidents }) =>
        `${p.key} [${msg(lang, `problem.status.${p.status}`)}] ${p.title} · ` +
        msgCount(lang, 'problem.incidentCount', incidents),
    );
    await ctx.reply(`${msg(lang, 'problem.notFixed')}\n${lines.join('\n')}`);
  },
};

export const problemCommands: CommandFamily = {
  name: 'problem',
  aliases: ['problems', 'prb'],
  summary: 'Problem records behind recurring incidents: new, link, workaround, fix, show.',
  subcommands: [create, link, workaround, fix, show],
};
