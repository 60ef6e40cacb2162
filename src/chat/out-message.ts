/**
 * A neutral reply: plain text always (the fallback every platform shows), plus an optional card
 * that adapters render natively (Slack Block Kit, Matrix HTML, console text).
 */
export interface OutMessage {
  text: string;
  card?: Card;
  /** An image to attach where the platform shows images (e.g. the digest chart). */
  image?: { png: Buffer; filename: string; altText: string };
}

export interface CardField {
  label: string;
  value: string;
}

export interface CardSection {
  heading?: string;
  /** Lines of plain text; adapters may render them as a list. */
  lines: string[];
}

/** A structured message: ticket card, RFC card with tally, deploy progress, digest. */
export interface Card {
  kind: 'ticket' | 'rfc' | 'deploy' | 'digest' | 'stats' | 'help' | 'generic';
  title: string;
  /** Short status badge such as 'OPEN', 'APPROVED', 'DEPLOYING 143/200'. */
  status?: string;
  fields?: CardField[];
  sections?: CardSection[];
  /** Small print under the card (how to act on it, ids, times). */
  footer?: string;
}

export function textMessage(text: string): OutMessage {
  return { text };
}

export function toOutMessage(msg: string | OutMessage): OutMessage {
  return typeof msg === 'string' ? { text: msg } : msg;
}
