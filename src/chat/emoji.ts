/**
 * Reactions arrive as Slack short names (`+1::skin-tone-3`, `white_check_mark`) or as Unicode
 * (Matrix keys: `👍🏽`, `✅`, `✔️`). `normalizeReaction` maps both to one canonical short name
 * without skin tone or variation selector, so vote rules compare one form.
 */
const UNICODE_TO_NAME: Record<string, string> = {
  '👍': '+1',
  '👎': '-1',
  '✅': 'white_check_mark',
  '✔': 'heavy_check_mark',
  '☑': 'ballot_box_with_check',
  '❌': 'x',
  '✖': 'heavy_multiplication_x',
  '⛔': 'no_entry',
  '🚫': 'no_entry_sign',
  '🤷': 'shrug',
  '🤔': 'thinking_face',
  '👀': 'eyes',
  '🎉': 'tada',
  '🙏': 'pray',
  '👌': 'ok_hand',
  '🆗': 'ok',
  '🚀': 'rocket',
  '⏸': 'double_vertical_bar',
};

const NAME_ALIASES: Record<string, string> = {
  thumbsup: '+1',
  thumbs_up: '+1',
  thumbsdown: '-1',
  thumbs_down: '-1',
  heavy_check_mark: 'heavy_check_mark',
  negative_squared_cross_mark: 'x',
  person_shrugging: 'shrug',
  man_shrugging: 'shrug',
  woman_shrugging: 'shrug',
};

// Skin tones U+1F3FB..U+1F3FF, variation selectors U+FE0E/U+FE0F, zero-width joiner sequences' gender signs.
const MODIFIERS = /[\u{1F3FB}-\u{1F3FF}]|\uFE0E|\uFE0F|\u200D(?:\u2640|\u2642)\uFE0F?/gu;

export function normalizeReaction(raw: string): string {
  let r = raw.trim();
  if (r.startsWith(':') && r.endsWith(':') && r.length > 2) r = r.slice(1, -1);
  // Slack: "+1::skin-tone-3" or "+1:skin-tone-3"
  r = r.replace(/::?skin-tone-\d$/u, '');
  const stripped = r.replace(MODIFIERS, '');
  if (UNICODE_TO_NAME[stripped]) return UNICODE_TO_NAME[stripped];
  // ZWJ sequences such as "🤷‍♀️" reduce to their base emoji.
  const base = Array.from(stripped)[0] ?? '';
  if (/\p{Extended_Pictographic}/u.test(base) && UNICODE_TO_NAME[base]) return UNICODE_TO_NAME[base];
  const lower = stripped.toLowerCase();
  return NAME_ALIASES[lower] ?? lower;
}

/** Canonical short name -> Unicode, for platforms that react with Unicode (Matrix, console). */
export function reactionToUnicode(name: string): string {
  for (const [uni, n] of Object.entries(UNICODE_TO_NAME)) if (n === name) return uni;
  return name;
}
