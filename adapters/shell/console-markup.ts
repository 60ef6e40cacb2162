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
  // Split on code spans first, so `*` and `_` inside code stay as typed.
  const parts = text.split(/(`[^`\n]+`)/u);
  return parts
    .map((part, i) => {
      if (i % 2 === 1) return tty ? part.replace(CODE, (_m, c: string) => code(c)) : part;
      return part
        .replace(BOLD, (m, pre: string, t: string) => (spaced(t) ? m : `${pre}${tty ? bold(t) : t}`))
        .replace(ITALIC, (m, pre: string, t: string) => (spaced(t) ? m : `${pre}${tty ? italic(t) : t}`));
    })
    .join('');
}
