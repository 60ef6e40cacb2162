/**
 * The bot's inline markup (`*bold*`, `_italic_`, `` `code` ``, as Slack and the Matrix renderer
 * read it) for a terminal: ANSI bold, italic and cyan on a TTY; on a pipe the emphasis marks are
 * dropped and code keeps its backticks (they show where a command starts and ends).
 */
const CODE = /`([^`\n]+)`/gu;
const BOLD = /(^|[\s(])\*([^*\n]+)\*(?=$|[\s).,:;!?])/gu;
const ITALIC = /(^|[\s(])_([^_\n]+)_(?=$|[\s).,:;!?])/gu;

const ESC = '\u001b[';
const ansi = (code: string) => (text: string) => `${ESC}${code}m${text}${ESC}0m`;
const bold = ansi('1');
const italic = ansi('3');
const code = ansi('36');

/** `2 * 3 * 4`: marks with a blank inside them are not emphasis. */
const spaced = (t: string) => t.trim() !== t;

/** Renders one line or several; code spans are left alone by the emphasis rules. */
export function renderConsoleMarkup(text: string, tty: boolean): string {
  // Code spans out of the way first (so `*` and `_` inside code stay as typed), back in at the end;
  // an emphasis may contain code (`_write \`INC-1 …\` to add details._`).
  const spans: string[] = [];
  const held = text.replace(CODE, (m, c: string) => `\uE000${spans.push(tty ? code(c) : m) - 1}\uE000`);
  return held
    .replace(BOLD, (m, pre: string, t: string) => (spaced(t) ? m : `${pre}${tty ? bold(t) : t}`))
    .replace(ITALIC, (m, pre: string, t: string) => (spaced(t) ? m : `${pre}${tty ? italic(t) : t}`))
    .replace(/\uE000(\d+)\uE000/gu, (_m, i: string) => spans[Number(i)]);
}
