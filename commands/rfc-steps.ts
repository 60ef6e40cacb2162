/** `rfc built | release | schedule | review | close | cancel`: the steps of a change after its approval. */
import { scheduledCancelledNote } from '../src/deploy/render-scheduled';
import { z } from 'zod';
import type { Subcommand } from './command';
import { freeText, parseArgs } from './parse-args';
import type { Tokens } from '../src/core/tokenize';
import { textAfterWords } from '../src/core/tokenize';
import type { RfcFieldName } from '../src/config/sections/changes';
import { formatLocalIn, msg } from '../src/i18n/catalog';
import { refusal, said } from '../src/i18n/refusal';
import { joined } from '../src/changes/render-policy';
import { CHANGE_REQUESTERS as REQUESTERS } from '../src/people/role';
import { type ChangeState } from '../src/changes/change-lifecycle';
import { FIELD_NAMES, formatWindow, isFilled, parseField } from '../src/changes/rfc-fields';
import { fieldsFrom } from './rfc-args';
import { editChange } from './use-cases/edit-rfc';
import { scheduleStandard } from './use-cases/standard-change';
import { planningCheck } from './use-cases/rfc-conflicts';
import { conflictsNote } from '../src/changes/render-conflicts';

import { checkStep, keyAndText, load, rfcKeySchema, SCHEDULED_NOTE, tz } from './rfc-common';

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
    parse: (tokens) => ({ ...parseArgs(z.object({ rfc: rfcKeySchema }), { rfc: tokens.words[0] }), tokens }),
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

export const built = stepWithFields({
  name: 'built',
  summary: 'The change is built and tested: record the package and the test results.',
  usage: 'rfc built RFC package="NAME VERSION" testResults="…" [backoutTest="…"]',
  example: 'rfc built RFC-17 package="libreoffice 25.8.1" testResults="pilot room 12: 30 PCs ok"',
  to: 'built',
  needs: ['package', 'testResults'],
});

export const release = stepWithFields({
  name: 'release',
  summary: 'Ask the CCB for release approval (go/no-go); needs test results, package and a tested backout.',
  usage: 'rfc release RFC [backoutTest="…"]',
  example: 'rfc release RFC-17 backoutTest="uninstall tested on 2 PCs"',
  to: 'release-vote',
  from: ['built', 'postponed'],
  needs: ['package', 'testResults', 'backoutTest'],
  vote: true,
});

export const schedule: Subcommand<{ rfc: string; window?: string }> = {
  name: 'schedule',
  aliases: ['reschedule'],
  summary: 'Set or move the change window (local time); after an approval this reopens the vote.',
  usage: 'rfc schedule RFC START..END',
  examples: ['rfc schedule RFC-17 2026-12-01 16:00..2026-12-01 20:00'],
  roles: [...REQUESTERS],
  flagsWithValue: ['window'],
  parse: (tokens, raw) =>
    parseArgs(z.object({ rfc: rfcKeySchema, window: freeText('START..END') }), {
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

export const review: Subcommand<{ rfc: string; note: string; satisfaction?: number; inTime?: boolean }> = {
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

export const close = simpleStep(
  'close',
  'closed',
  'Close a reviewed (or, for normal changes, deployed) change; its chase stops.',
  false,
);
export const cancel = simpleStep(
  'cancel',
  'cancelled',
  'Cancel an approved, built, scheduled or postponed change.',
  true,
);
