/**
 * An audit of every refusal a command's parser gives against its usage line: each placeholder a
 * refusal names (an upper-case word such as CASE, PERSON, NOTE) must be one the usage line shows,
 * so "WHO is missing" under `ticket assign CASE PERSON` fails here. Every sub-command is fed the
 * same handful of incomplete or wrong inputs. What would break: a zod field named differently from
 * the usage, a hand-written message naming a placeholder the usage does not have.
 */
import { commandFamilies } from '../../../commands';
import { OpsdeskError } from '../../../src/core/errors';
import { tokenize } from '../../../src/core/tokenize';

const INPUTS = ['', 'INC-1', 'INC-1 x', 'INC-1 P9', 'RFC-1', 'PRB-1', 'x', 'x y', '0d', '--canary', 'RFC-1 to'];
/** Upper-case words that are values or names, not placeholders. */
const NOT_PLACEHOLDERS = new Set(['INC', 'RFC', 'PRB', 'CCB', 'SSH', 'HDMI', 'URL', 'ICT', 'UTC', 'ISO', 'OK']);

function refusals(): Array<{ command: string; usage: string; input: string; message: string }> {
  const out = [];
  for (const family of commandFamilies) {
    for (const sub of family.subcommands) {
      for (const input of INPUTS) {
        try {
          sub.parse(tokenize(input, sub.flagsWithValue ?? []), input);
        } catch (err) {
          if (!(err instanceof OpsdeskError)) throw err;
          out.push({ command: `${family.name} ${sub.name}`, usage: sub.usage, input, message: err.toUserText() });
        }
      }
    }
  }
  return out;
}

test('every placeholder a refusal names is in the usage line', () => {
  const all = refusals();
  expect(all.length).toBeGreaterThan(50);
  const wrong = all.flatMap((r) => {
    const usageWords = new Set(r.usage.match(/[A-Z][A-Z_]+/gu) ?? []);
    const named = (r.message.split('\n')[0].match(/\b[A-Z][A-Z_]{2,}\b/gu) ?? []).filter(
      (w) => !NOT_PLACEHOLDERS.has(w) && !usageWords.has(w),
    );
    return named.length ? [`${r.command} "${r.input}": ${r.message.split('\n')[0]}  (usage: ${r.usage})`] : [];
  });
  expect(wrong).toEqual([]);
});

test('no refusal repeats its placeholder ("NOTE: NOTE is missing")', () => {
  const doubled = refusals().filter((r) => /\b([A-Z]{3,}): \1\b/u.test(r.message));
  expect(doubled.map((r) => `${r.command} "${r.input}": ${r.message}`)).toEqual([]);
});
