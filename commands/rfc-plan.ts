import type { Subcommand } from './command';
import { msg } from '../src/i18n/catalog';
import { refusal, said } from '../src/i18n/refusal';
import type { Tokens } from '../src/core/tokenize';
import { textAfterWords } from '../src/core/tokenize';
import { ROLES } from '../src/people/role';
import { CHANGE_REQUESTERS } from '../src/people/role';
import { markStartConditionMet } from '../src/changes/start-condition';
import { reviseRfc } from '../src/changes/revise';
import { rfcKeyArg } from './rfc-key-arg';
import { fieldsFrom } from './rfc-args';
import { FIELD_NAMES } from '../src/changes/rfc-fields';
import { submitChange } from './use-cases/submit-rfc';

/** The Redbook's planning steps around a change: its start condition and the revision of a rejected proposal. */

export const condition: Subcommand<{ rfc: string; note?: string }> = {
  name: 'condition',
  summary: "Mark a change's start condition met (only the role the change names; recorded); /deploy needs it.",
  usage: 'rfc condition RFC met [NOTE]',
  examples: ['rfc condition RFC-17 met the System p 615 hardware arrived and is racked'],
  // Any staff role may be the one a change names (not a teacher's); the check of that role is the
  // service's (deny by default).
  roles: ROLES.filter((r) => r !== 'reporter'),
  parse(tokens, raw) {
    const rfc = rfcKeyArg(tokens.words[0]);
    if (tokens.words[1]?.toLowerCase() !== 'met') throw refusal('USAGE', said('rfc.condition.noMet'));
    const note = textAfterWords(raw, 2).trim();
    if (note.length > 500) throw refusal('USAGE', said('rfc.condition.noteTooLong'));
    return { rfc, note: note || undefined };
  },
  async run(ctx) {
    const rfc = await markStartConditionMet(
      ctx.services.changes,
      ctx.services.clock,
      ctx.args.rfc,
      ctx.person,
      ctx.args.note,
    );
    const done = {
      key: rfc.key,
      condition: rfc.startCondition ?? '',
      name: ctx.person.name,
      note: ctx.args.note ?? '',
    };
    await ctx.reply(msg(ctx.person.language, ctx.args.note ? 'rfc.condition.doneNote' : 'rfc.condition.done', done));
  },
};

/** The revision's reason when none is typed (stored on the record, English data). */
const REVISED_NOTE = 'revised after the rejection';

export const revise: Subcommand<{ rfc: string; tokens: Tokens; reason: string }> = {
  name: 'revise',
  aliases: ['resubmit'],
  summary:
    'Revise a rejected change: a new revision (a new RFC linked to it, its history kept) with the edits typed, ' +
    'sent to the vote again.',
  usage: 'rfc revise RFC [field=value …] [--reason "…"]',
  examples: ['rfc revise RFC-17 window="2026-12-08 16:00..20:00" --reason "after the exams, as the CCB asked"'],
  roles: CHANGE_REQUESTERS,
  flagsWithValue: ['reason', ...FIELD_NAMES.map((f) => f.toLowerCase())],
  parse(tokens) {
    const rfc = rfcKeyArg(tokens.words[0]);
    const reason = typeof tokens.flags.reason === 'string' ? tokens.flags.reason.trim() : REVISED_NOTE;
    if (reason.length > 500) throw refusal('USAGE', said('rfc.revise.reasonTooLong'));
    return { rfc, tokens, reason };
  },
  async run(ctx) {
    const { services } = ctx;
    const fields = fieldsFrom(ctx.args.tokens, services.config.organisation.timezone, ['reason']);
    const created = await reviseRfc(services.changes, services.clock, {
      key: ctx.args.rfc,
      person: ctx.person,
      conversation: ctx.conversation,
      fields,
      reason: ctx.args.reason,
    });
    const lang = ctx.person.language;
    const head = msg(lang, 'rfc.revise.head', { key: created.key, revision: created.revision ?? 2, of: ctx.args.rfc });
    const missing = services.changes.missingFields(created);
    if (missing.length)
      return void (await ctx.reply(
        msg(lang, 'rfc.revise.missing', { head, fields: missing.join(', '), key: created.key }),
      ));
    await ctx.reply(`${head}\n${await submitChange(services, created, ctx.person)}`);
  },
};
