/** Argument shapes, lookups and checks shared by the `rfc` subcommands. */
import { z } from 'zod';
import type { CommandContext } from './command';
import { freeText, parseArgs, zodSaid } from './parse-args';
import type { Tokens } from '../src/core/tokenize';
import { textAfterWords } from '../src/core/tokenize';
import { type ChangeState } from '../src/changes/change-lifecycle';
import { policyError, stepDecision, type RfcAction } from '../src/changes/change-policy';
import type { RfcDoc } from '../src/changes/rfc.model';

export const rfcKeySchema = z
  .string({ error: (i) => (i.input === undefined ? zodSaid('usage.isMissing') : zodSaid('rfc.arg.expected')) })
  .regex(/^(?:RFC-?)?\d{1,9}$/iu, zodSaid('rfc.arg.expected'));

export const keyOnly = (tokens: Tokens) => parseArgs(z.object({ rfc: rfcKeySchema }), { rfc: tokens.words[0] });

/** The raw text with `--name value` / `--name=value` of the given flags taken out. */
export function withoutFlags(raw: string, names: readonly string[]): string {
  if (!names.length) return raw;
  // `(?<!\s)`: a match starts only at the first blank before a flag, so a long run of blanks is
  // scanned once, not once per blank (quadratic). Commands are at most MAX_COMMAND_LENGTH long.
  const flag = new RegExp(`(?<!\\s)\\s*--(?:${names.join('|')})(?:=|\\s+)(?:"[^"]*"|'[^']*'|\\S+)`, 'giu');
  return raw.replace(flag, '');
}

/** RFC then free text (after the flags in `flags` are taken out). */
export function keyAndText(what: string, required: boolean, flags: readonly string[] = []) {
  return (tokens: Tokens, raw: string) =>
    parseArgs(
      z.object({ rfc: rfcKeySchema, note: required ? freeText(what) : z.string().trim().max(4000).optional() }),
      {
        rfc: tokens.words[0],
        note: textAfterWords(withoutFlags(raw, flags), 1) || undefined,
      },
    );
}

export async function load(ctx: CommandContext<{ rfc: string }>): Promise<RfcDoc> {
  return ctx.services.changes.require(ctx.args.rfc);
}

/** Refuses before anything is written unless the change policy lets `ctx.person` take the step. */
export function checkStep(ctx: CommandContext<unknown>, rfc: RfcDoc, action: RfcAction, to: ChangeState): void {
  const d = stepDecision(rfc, ctx.person, action, to, ctx.services.changes.policy());
  if (!d.ok) throw policyError(d);
}

/** Reasons stored on the record when none is typed (audit entries, written once in English). */
export const WITHDRAWN_NOTE = 'withdrawn by the requester';
export const SCHEDULED_NOTE = 'scheduled window';

export const tz = (ctx: CommandContext<unknown>) => ctx.services.config.organisation.timezone;
