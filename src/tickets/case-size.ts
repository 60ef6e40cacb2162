import type { Config } from '../config/schema';
import { MAX_ATTACHMENT_NAME, MAX_ATTACHMENT_URL, MAX_ATTACHMENTS } from '../chat/chat-event';

/** What a case's entries may take of a MongoDB document (16 MiB), leaving room for the rest of the case. */
const ENTRIES_BUDGET = 14 * 1024 * 1024;
/** Bytes one entry may take beyond its text: attachments (UTF-8, up to 3 bytes per UTF-16 unit) and fields. */
const ENTRY_OVERHEAD = MAX_ATTACHMENTS * (3 * MAX_ATTACHMENT_NAME + MAX_ATTACHMENT_URL + 64) + 512;

/**
 * The most entries a case takes comments up to: `tickets.maxEvents`, lowered if that many entries
 * with the longest text (`tickets.maxTextLength`) could not fit in one document. A case that could
 * grow past 16 MB could no longer be updated at all, not even resolved.
 */
export function caseEventCap(config: Config): number {
  const perEntry = 3 * config.tickets.maxTextLength + ENTRY_OVERHEAD;
  return Math.max(20, Math.min(config.tickets.maxEvents, Math.floor(ENTRIES_BUDGET / perEntry)));
}
