/**
 * The console's rendering of the bot's markup. Catches raw `*bold*` / `_italic_` on a terminal, ANSI
 * escapes in a piped (scripted) console's output, and emphasis rules rewriting text inside code.
 */
import { renderConsoleMarkup } from '../../../adapters/shell/console-markup';

const ESC = '\u001b[';

test('on a terminal: bold, italic and code become ANSI, the marks disappear', () => {
  expect(renderConsoleMarkup('INC-1 is now *resolved*. Type `ticket confirm INC-1` or _wait_.', true)).toBe(
    `INC-1 is now ${ESC}1mresolved${ESC}0m. Type ${ESC}36mticket confirm INC-1${ESC}0m or ${ESC}3mwait${ESC}0m.`,
  );
});

test('on a pipe: plain text, no escape codes; code keeps its backticks', () => {
  const out = renderConsoleMarkup('INC-1 is now *resolved*. Type `ticket confirm INC-1` or _wait_.', false);
  expect(out).toBe('INC-1 is now resolved. Type `ticket confirm INC-1` or wait.');
  expect(out).not.toContain(ESC);
});

test('marks inside code, inside words and lone stars are left as typed', () => {
  const text = 'run `rm *_old_*` on file_name_here, 2 * 3 * 4, snake_case';
  expect(renderConsoleMarkup(text, false)).toBe(text);
  expect(renderConsoleMarkup(text, true)).toBe(
    `run ${ESC}36mrm *_old_*${ESC}0m on file_name_here, 2 * 3 * 4, snake_case`,
  );
});

test('an emphasis around code: both rendered', () => {
  const text = '_Reply in this thread or write `INC-1 …` to add details._';
  expect(renderConsoleMarkup(text, false)).toBe('Reply in this thread or write `INC-1 …` to add details.');
  expect(renderConsoleMarkup(text, true)).toBe(
    `${ESC}3mReply in this thread or write ${ESC}36mINC-1 …${ESC}0m to add details.${ESC}0m`,
  );
});
