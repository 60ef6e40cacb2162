import { scheduledCancelledNote, scheduledLine } from '../src/deploy/render-scheduled';
import { z } from 'zod';
import type { CommandContext, CommandFamily, Subcommand } from './command';
import { freeText, parseArgs, zodSaid } from './parse-args';
import type { Tokens } from '../src/core/tokenize';
import { textAfterWords } from '../src/core/tokenize';
import type { RfcFieldName } from '../src/config/sections/changes';
import { formatLocalIn, msg, msgCount } from '../src/i18n/catalog';
import type { Lang } from '../src/i18n/languages';
import { refusal, said } from '../src/i18n/refusal';
import { joined } from '../src/changes/render-policy';
import { decisionName } from '../src/votes/vote-card';
import { CHANGE_REQUESTERS as REQUESTERS, CHANGE_VIEWERS as VIEWERS } from '../src/people/role';
import { CHANGE_STATES, type ChangeState } from '../src/changes/change-lifecycle';
import { createDecision, policyError, stepDecision, type RfcAction } from '../src/changes/change-policy';
import type { RfcListFilter } from '../src/changes/change-service';
import { askNext } from './handlers/rfc-dialogue';
import { FIELD_NAMES, formatWindow, isFilled, parseField } from '../src/changes/rfc-fields';
import { fieldsFrom, rawFields } from './rfc-args';
import { renderAuditRecord, renderRfc, rfcLine } from '../src/changes/render-rfc';
import type { RfcDoc } from '../src/changes/rfc.model';
import { templateFields } from '../src/changes/templates';
import { editChange } from './use-cases/edit-rfc';
import { exportChange } from './use-cases/rfc-export';
import { scheduleStandard } from './use-cases/standard-change';
import { planningCheck } from './use-cases/rfc-conflicts';
import { submitChange } from './use-cases/submit-rfc';
import { condition, revise } from './rfc-plan';
import { conflictsNote } from '../src/changes/render-conflicts';

export const rfcKeyArg = z
  .string({ error: (i) => (i.input === undefined ? zodSaid('usage.isMissing') : zodSaid('rfc.arg.expected')) })
  .regex(/^(?:RFC-?)?\d{1,9}$/iu, zodSaid('rfc.arg.expected'));

const keyOnly = (tokens: Tokens) => parseArgs(z.object({ rfc: rfcKeyArg }), { rfc: tokens.words[0] });

/** The raw text with `--name value` / `--name=value` of the given flags taken out. */
function withoutFlags(raw: string, names: readonly string[]): string {
  if (!names.length) return raw;
  // `(?<!\s)`: a match starts only at the first blank before a flag, so a long run of blanks is
  // scanned once, not once per blank (quadratic). Commands are at most MAX_COMMAND_LENGTH long.
  const flag = new RegExp(`(?<!\\s)\\s*--(?:${names.join('|')})(?:=|\\s+)(?:"[^"]*"|'[^']*'|\\S+)`, 'giu');
  return raw.replace(flag, '');
}

/** RFC then free text (after the flags in `flags` are taken out). */
function keyAndText(what: string, required: boolean, flags: readonly string[] = []) {
  return (tokens: Tokens, raw: string) =>
    parseArgs(z.object({ rfc: rfcKeyArg, note: required ? freeText(what) : z.string().trim().max(4000).optional() }), {
      rfc: tokens.words[0],
      note: textAfterWords(withoutFlags(raw, flags), 1) || undefined,
    });
}

async function load(ctx: CommandContext<{ rfc: string }>): Promise<RfcDoc> {
  return ctx.services.changes.require(ctx.args.rfc);
}

/** Refuses before anything is written unless the change policy lets `ctx.person` take the step. */
function checkStep(ctx: CommandContext<unknown>, rfc: RfcDoc, action: RfcAction, to: ChangeState): void {
  const d = stepDecision(rfc, ctx.person, action, to, ctx.services.changes.policy());
  if (!d.ok) throw policyError(d);
}

/** Reasons stored on the record when none is typed (audit entries, written once in English). */
const WITHDRAWN_NOTE = 'withdrawn by the requester';
const SCHEDULED_NOTE = 'scheduled window';

const tz = (ctx: CommandContext<unknown>) => ctx.services.config.organisation.timezone;

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
  parse: (tokens) => ({ ...parseArgs(z.object({ rfc: rfcKeyArg }), { rfc: tokens.words[0] }), tokens }),
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
function stepWithFields(opts: {
  name: 'built' | 'release';
  summary: string;
  usage: string;
  example: string;
  to: ChangeState;
  from?: readonly ChangeState[];
  needs: RfcFieldName[];
  vote?: boolean;
}): Subcommand<{ rfc: string; tokens: Tokens }> {
  return {
    name: opts.name,
    summary: opts.summary,
    usage: opts.usage,
    examples: [opts.example],
    roles: [...REQUESTERS],
    flagsWithValue: FIELD_NAMES.map((f) => f.toLowerCase()),
    parse: (tokens) => ({ ...parseArgs(z.object({ rfc: rfcKeyArg }), { rfc: tokens.words[0] }), tokens }),
    async run(ctx) {
      const { changes, votes } = ctx.services;
      let rfc = await load(ctx);
      checkStep(ctx, rfc, opts.name, opts.to);
      if (opts.from && !opts.from.includes(rfc.state))
        throw refusal(
          'INVALID_STATE',
          said('rfc.step.needsState', {
            key: rfc.key,
            state: rfc.state,
            command: opts.name,
            states: joined(opts.from, 'policy.or'),
          }),
        );
      const fields = fieldsFrom(ctx.args.tokens, tz(ctx));
      const missing = opts.needs.filter((f) => fields[f] === undefined && !isFilled(rfc, f));
      if (missing.length) {
        throw refusal(
          'INVALID_STATE',
          said('rfc.step.needsFields', { key: rfc.key, fields: missing.join(', '), command: opts.name }),
          said('rfc.step.addThem', { usage: opts.usage.replace('rfc ', '/rfc ') }),
        );
      }
      if (Object.keys(fields).length)
        rfc = await changes.setFields(
          rfc.key,
          ctx.person,
          fields,
          `${opts.name}: ${Object.keys(fields).join(', ')}`,
          opts.name,
        );
      const moved = await changes.transition(rfc.key, opts.to, { personId: ctx.person.id }, opts.name, {
        expectFrom: [rfc.state],
      });
      if (opts.vote) {
        const ballot = await votes.open(moved, 'release', ctx.person);
        const at = formatLocalIn(ctx.person.language, ballot.deadline, tz(ctx));
        return void (await ctx.reply(msg(ctx.person.language, 'rfc.step.releaseVote', { key: rfc.key, at })));
      }
      await ctx.reply(msg(ctx.person.language, 'rfc.step.now', { key: rfc.key, state: moved.state }));
    },
  };
}

const built = stepWithFields({
  name: 'built',
  summary: 'The change is built and tested: record the package and the test results.',
  usage: 'rfc built RFC package="NAME VERSION" testResults="…" [backoutTest="…"]',
  example: 'rfc built RFC-17 package="libreoffice 25.8.1" testResults="pilot room 12: 30 PCs ok"',
  to: 'built',
  needs: ['package', 'testResults'],
});

const release = stepWithFields({
  name: 'release',
  summary: 'Ask the CCB for release approval (go/no-go); needs test results, package and a tested backout.',
  usage: 'rfc release RFC [backoutTest="…"]',
  example: 'rfc release RFC-17 backoutTest="uninstall tested on 2 PCs"',
  to: 'release-vote',
  from: ['built', 'postponed'],
  needs: ['package', 'testResults', 'backoutTest'],
  vote: true,
});

const schedule: Subcommand<{ rfc: string; window?: string }> = {
  name: 'schedule',
  aliases: ['reschedule'],
  summary: 'Set or move the change window (local time); after an approval this reopens the vote.',
  usage: 'rfc schedule RFC START..END',
  examples: ['rfc schedule RFC-17 2026-12-01 16:00..2026-12-01 20:00'],
  roles: [...REQUESTERS],
  flagsWithValue: ['window'],
  parse: (tokens, raw) =>
    parseArgs(z.object({ rfc: rfcKeyArg, window: freeText('START..END') }), {
      rfc: tokens.words[0],
      window: typeof tokens.flags.window === 'string' ? tokens.flags.window : textAfterWords(raw, 1) || undefined,
    }),
  async run(ctx) {
    const rfc = await load(ctx);
    const window = parseField('window', ctx.args.window ?? '', tz(ctx)) as { start: Date; end: Date };
    await planningCheck(ctx.services, { ...rfc, window }, ctx.person.language);
    const { result, effect } = await editChange(
      ctx.services,
      rfc.key,
      ctx.person,
      { window },
      SCHEDULED_NOTE,
      'schedule',
    );
    let updated = result.rfc;
    if (updated.type === 'standard' && updated.state === 'postponed') {
      await scheduleStandard(ctx.services, updated, ctx.person);
      updated = await ctx.services.changes.require(rfc.key);
    }
    const lang = ctx.person.language;
    const conflicts = await ctx.services.votes.syncConflicts(rfc.key, ctx.person.id, lang);
    const done = msg(lang, 'rfc.schedule.done', {
      key: rfc.key,
      window: formatWindow(window, tz(ctx)),
      state: updated.state,
    });
    await ctx.reply(`${done}${effect ? ` ${effect}` : ''}${conflictsNote(conflicts, false, lang)}`);
  },
};

const review: Subcommand<{ rfc: string; note: string; satisfaction?: number; inTime?: boolean }> = {
  name: 'review',
  summary: 'Post-deployment review: what happened, requester satisfaction (1-5), on time.',
  usage: 'rfc review RFC NOTE [--satisfaction 1-5] [--in-time yes|no]',
  examples: ['rfc review RFC-17 went fine, 3 PCs chased next day --satisfaction 5 --in-time yes'],
  roles: [...REQUESTERS],
  flagsWithValue: ['satisfaction', 'in-time'],
  parse(tokens, raw) {
    const base = keyAndText('NOTE', true, ['satisfaction', 'in-time'])(tokens, raw);
    const sat = tokens.flags.satisfaction;
    const satisfaction = sat === undefined ? undefined : Number(sat);
    if (satisfaction !== undefined && !(Number.isInteger(satisfaction) && satisfaction >= 1 && satisfaction <= 5))
      throw refusal('USAGE', said('rfc.review.badSatisfaction'));
    const it = tokens.flags['in-time'];
    const inTime = it === undefined ? undefined : /^(?:yes|y|true)$/iu.test(String(it));
    return { rfc: base.rfc, note: base.note ?? '', satisfaction, inTime };
  },
  async run(ctx) {
    const rfc = await load(ctx);
    checkStep(ctx, rfc, 'review', 'reviewed');
    const { note, satisfaction, inTime } = ctx.args;
    const updated = await ctx.services.changes.transition(rfc.key, 'reviewed', { personId: ctx.person.id }, note, {
      set: { review: { note, satisfaction, inTime, by: ctx.person.id, at: ctx.services.clock.now() } },
      data: { satisfaction, inTime },
    });
    // The post-deployment review reaches the board: under its CCB card (which now shows it too), in the
    // organisation's language, like the card.
    const org = ctx.services.config.organisation.language;
    const sat = satisfaction ? msg(org, 'vote.follow.satisfaction', { score: satisfaction }) : '';
    const when = inTime === undefined ? '' : msg(org, inTime ? 'vote.follow.inTime' : 'rfc.review.notInTime');
    const posted = await ctx.services.votes.follow.postUnder(
      updated,
      msg(org, 'rfc.review.posted', { key: rfc.key, name: ctx.person.name, details: `${sat}${when}`, note }),
    );
    await ctx.reply(msg(ctx.person.language, posted ? 'rfc.review.donePosted' : 'rfc.review.done', { key: rfc.key }));
  },
};

function simpleStep(
  name: 'close' | 'cancel',
  to: ChangeState,
  summary: string,
  required: boolean,
): Subcommand<{ rfc: string; note?: string }> {
  return {
    name,
    summary,
    usage: `rfc ${name} RFC ${required ? 'REASON' : '[NOTE]'}`,
    examples: [`rfc ${name} RFC-17${required ? ' the supplier withdrew the version' : ''}`],
    roles: [...REQUESTERS],
    parse: keyAndText(required ? 'REASON' : 'NOTE', required),
    async run(ctx) {
      const rfc = await load(ctx);
      checkStep(ctx, rfc, name, to);
      const updated = await ctx.services.changes.transition(
        rfc.key,
        to,
        { personId: ctx.person.id },
        ctx.args.note ?? name,
        { expectFrom: [rfc.state] },
      );
      // A closed or cancelled change is no longer chased, and a start scheduled for it will not come.
      const stopped = await ctx.services.deployments.stopChase(rfc.key, `${rfc.key} is ${updated.state}`);
      const start = await ctx.services.deployments.starts.cancel(rfc.key, ctx.person);
      const lang = ctx.person.language;
      await ctx.reply(
        msg(lang, 'rfc.step.now', { key: rfc.key, state: updated.state }) +
          (stopped ? msg(lang, 'rfc.step.chaseStopped', { stopped }) : '') +
          (start ? ` ${scheduledCancelledNote(start, tz(ctx), ctx.person.name)}` : ''),
      );
    },
  };
}

const close = simpleStep(
  'close',
  'closed',
  'Close a reviewed (or, for normal changes, deployed) change; its chase stops.',
  false,
);
const cancel = simpleStep('cancel', 'cancelled', 'Cancel an approved, built, scheduled or postponed change.', true);

const audit: Subcommand<{ rfc: string }> = {
  name: 'audit',
  aliases: ['history', 'log'],
  summary:
    'The full record of a change: every transition, vote and decision, with actor and time, and whether its hash ' +
    'chain and signatures verify.',
  usage: 'rfc audit RFC',
  examples: ['rfc audit RFC-17'],
  roles: VIEWERS,
  parse: keyOnly,
  async run(ctx) {
    const rfc = await load(ctx);
    const record = await ctx.services.changes.auditRecord(rfc.key);
    await ctx.reply(renderAuditRecord(record, tz(ctx), ctx.person.language));
  },
};

const override: Subcommand<{ rfc: string; decision: 'approved' | 'rejected'; reason: string }> = {
  name: 'override',
  summary:
    'Change manager (not the requester): decide an open CCB vote, with the reason (recorded and shown on the card).',
  usage: 'rfc override RFC approve|reject REASON',
  examples: ['rfc override RFC-17 approve security fix, the board could not meet'],
  roles: ['change-manager'],
  parse: (tokens, raw) => {
    const d = (tokens.words[1] ?? '').toLowerCase();
    const decision =
      d === 'approve' || d === 'approved' ? 'approved' : d === 'reject' || d === 'rejected' ? 'rejected' : undefined;
    if (!decision)
      throw refusal('USAGE', said(tokens.words[1] ? 'rfc.override.badDecision' : 'rfc.override.noDecision'));
    return {
      ...parseArgs(z.object({ rfc: rfcKeyArg, reason: freeText('REASON') }), {
        rfc: tokens.words[0],
        reason: textAfterWords(raw, 2) || undefined,
      }),
      decision,
    };
  },
  async run(ctx) {
    const rfc = await load(ctx);
    const ballot = await ctx.services.votes.override(rfc.key, ctx.person, ctx.args.decision, ctx.args.reason);
    const after = await ctx.services.changes.require(rfc.key);
    const lang = ctx.person.language;
    await ctx.reply(
      msg(lang, 'rfc.override.done', {
        key: rfc.key,
        kind: msg(lang, `vote.kind.${ballot.kind}`),
        decision: decisionName(lang, ctx.args.decision),
        reason: ctx.args.reason,
        state: after.state,
      }),
    );
  },
};

const confirm: Subcommand<{ rfc: string; reason: string }> = {
  name: 'confirm',
  summary:
    'Change manager (not the requester): confirm an emergency change, with the reason; only then its emergency ' +
    'privileges apply.',
  usage: 'rfc confirm RFC REASON',
  examples: ['rfc confirm RFC-17 phishing wave in progress, the exam server is exposed'],
  roles: ['change-manager'],
  parse: (tokens, raw) => {
    const base = keyAndText('REASON', true)(tokens, raw);
    return { rfc: base.rfc, reason: base.note ?? '' };
  },
  async run(ctx) {
    const rfc = await ctx.services.changes.confirmEmergency(ctx.args.rfc, ctx.person, ctx.args.reason);
    const text = (lang?: Lang) =>
      msg(lang, 'rfc.confirm.done', { key: rfc.key, name: ctx.person.name, reason: ctx.args.reason });
    if (rfc.requesterId !== ctx.person.id)
      await ctx.services.changes.tellRequester(rfc, text(ctx.services.people.languageOf(rfc.requesterId)));
    await ctx.reply(text(ctx.person.language));
  },
};

const exportRfc: Subcommand<{ rfc: string }> = {
  name: 'export',
  summary:
    "Write the change's full record as JSON with a detached OpenPGP signature by the bot, and say how to verify it; " +
    'refused while its chain is broken.',
  usage: 'rfc export RFC',
  examples: ['rfc export RFC-17'],
  roles: VIEWERS,
  parse: keyOnly,
  async run(ctx) {
    const rfc = await load(ctx);
    const out = await exportChange(ctx.services, rfc);
    await ctx.reply(
      msg(ctx.person.language, 'rfc.export.done', {
        key: rfc.key,
        file: out.file,
        fingerprint: out.fingerprint,
        signature: out.signatureFile,
        verdict: out.verdict,
        publicKey: out.publicKeyFile,
      }),
    );
  },
};

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
