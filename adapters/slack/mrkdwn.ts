/**
 * Slack's text formats. Outbound: Slack parses `&`, `<` and `>` as markup in both `text` and
 * mrkdwn blocks, so user-supplied text is escaped. Inbound: Slack sends those characters escaped
 * and wraps links, channels and specials in `<…>`; people mentions (`<@U123>`) stay as they are
 * because commands resolve them (`/ticket assign INC-1 <@U123>`).
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;');
}

export function slackTextToPlain(text: string): string {
  const converted = text.replace(/<([^<>]+)>/gu, (whole, inner: string) => {
    if (inner.startsWith('@')) return whole;
    const [target, label] = splitLabel(inner);
    if (target.startsWith('#')) return label ? `#${label}` : target;
    if (target.startsWith('!')) {
      const special = target.slice(1).split('^')[0];
      return label ?? `@${special}`;
    }
    if (target.startsWith('mailto:')) return label ?? target.slice('mailto:'.length);
    if (/^[a-z][a-z0-9+.-]*:/iu.test(target)) return label && label !== target ? `${label} (${target})` : target;
    return whole;
  });
  return converted.replace(/&lt;/gu, '<').replace(/&gt;/gu, '>').replace(/&amp;/gu, '&');
}

function splitLabel(inner: string): [string, string | undefined] {
  const bar = inner.indexOf('|');
  return bar < 0 ? [inner, undefined] : [inner.slice(0, bar), inner.slice(bar + 1)];
}

/** Cuts text to `max` characters, marking the cut. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}
