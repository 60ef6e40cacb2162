/**
 * How opsdesk names people who are not in the config. Their display name is whatever they chose
 * ("Oscar Nilsen" from `@mallory:evil.example`), so it is always shown with the platform id it came
 * with and the word "unverified": `Oscar Nilsen (unverified: @mallory:evil.example)`,
 * `Oscar Nilsen (unverified Slack user U0MAL, team T0PARTNER)`.
 */
import type { PlatformUser } from '../chat/chat-event';

/** Longest display name shown; Matrix allows 256 characters, enough to push the label off a phone screen. */
export const MAX_SHOWN_NAME = 64;

// Control and format characters (bidi overrides that could reverse the label on screen, zero-width
// joiners and spaces), line and paragraph separators; and the brackets of the label itself, so a
// name cannot close it and open a fake one ("Oscar Nilsen (staff)").
const UNSHOWABLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}()[\]<>]/gu;

/** A display name made safe to show: one line, no invisible or bracket characters, at most 64 characters. */
export function cleanDisplayName(raw: string | undefined): string {
  const flat = (raw ?? '').replace(UNSHOWABLE, ' ').replace(/\s+/gu, ' ').trim();
  const chars = Array.from(flat);
  return chars.length > MAX_SHOWN_NAME
    ? `${chars
        .slice(0, MAX_SHOWN_NAME - 1)
        .join('')
        .trimEnd()}…`
    : flat;
}

/** The name of a platform user who is not in the config, as staff see it. */
export function unverifiedName(platform: string, user: Pick<PlatformUser, 'id' | 'displayName' | 'team'>): string {
  const shown = cleanDisplayName(user.displayName);
  if (platform === 'slack') {
    const label = `unverified Slack user ${user.id}, team ${user.team ?? 'unknown'}`;
    return shown && shown !== user.id ? `${shown} (${label})` : `(${label})`;
  }
  return shown && shown !== user.id ? `${shown} (unverified: ${user.id})` : `${user.id} (unverified)`;
}

/**
 * A name stored on a record before names were labelled (`reporterName`, a history entry's
 * `actorName`) for a person id that is not in the config (`matrix:@mallory:evil.example`): labelled
 * now. Names of configured people, and names already carrying the label of this very id, stay as
 * they are (an old display name that only looks labelled, with another id, is labelled again).
 */
export function labelStoredName(personId: string, stored: string, configured: boolean): string {
  const colon = personId.indexOf(':');
  if (configured || colon <= 0) return stored;
  const platform = personId.slice(0, colon);
  const id = personId.slice(colon + 1);
  if (isLabelled(stored, platform, id)) return stored;
  return unverifiedName(platform, { id, displayName: stored });
}

function isLabelled(name: string, platform: string, id: string): boolean {
  // A label opsdesk made has one opening bracket: display names lose theirs.
  if (name.indexOf('(') !== name.lastIndexOf('(')) return false;
  if (platform === 'slack') return name.includes(`(unverified Slack user ${id}, team `) && name.endsWith(')');
  return name.endsWith(`(unverified: ${id})`) || name === `${id} (unverified)`;
}
