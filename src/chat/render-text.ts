import type { OutMessage } from './out-message';

/** Plain-text rendering of a message for terminals and logs: the card if there is one, else the text. */
export function renderPlainText(msg: OutMessage): string {
  const card = msg.card;
  if (!card) return msg.text;
  const lines: string[] = [`${card.title}${card.status ? `  [${card.status}]` : ''}`];
  if (card.fields?.length) lines.push(card.fields.map((f) => `${f.label}: ${f.value}`).join(' · '));
  for (const s of card.sections ?? []) {
    if (s.heading) lines.push(`${s.heading}:`);
    for (const l of s.lines) lines.push(`  ${l}`);
  }
  if (card.footer) lines.push(card.footer);
  if (msg.image) lines.push(`(image: ${msg.image.filename} — ${msg.image.altText})`);
  return lines.join('\n');
}
