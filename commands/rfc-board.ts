/** `rfc audit | override | confirm | export`: the board's record of a change and its decisions outside a vote. */
import { z } from 'zod';
import type { Subcommand } from './command';
import { freeText, parseArgs } from './parse-args';
import { textAfterWords } from '../src/core/tokenize';
import { msg } from '../src/i18n/catalog';
import type { Lang } from '../src/i18n/languages';
import { refusal, said, sayIn } from '../src/i18n/refusal';
import { decisionName } from '../src/votes/vote-card';
import { CHANGE_VIEWERS as VIEWERS } from '../src/people/role';
import { renderAuditRecord } from '../src/changes/render-rfc';
import { exportChange } from './use-cases/rfc-export';

import { keyAndText, keyOnly, load, rfcKeySchema, tz } from './rfc-common';

export const audit: Subcommand<{ rfc: string }> = {
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

export const override: Subcommand<{ rfc: string; decision: 'approved' | 'rejected'; reason: string }> = {
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
      ...parseArgs(z.object({ rfc: rfcKeySchema, reason: freeText('REASON') }), {
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

export const confirm: Subcommand<{ rfc: string; reason: string }> = {
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

export const exportRfc: Subcommand<{ rfc: string }> = {
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
        verdict: sayIn(ctx.person.language, out.verdictSaid),
        publicKey: out.publicKeyFile,
      }),
    );
  },
};
