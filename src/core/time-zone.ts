/**
 * Whether a string names a time zone the runtime knows (what `Intl.DateTimeFormat` accepts).
 *
 * The first `Intl.DateTimeFormat` of a process loads ICU's formatting data (about 8 MiB of resident
 * memory); the list of canonical zone names does not. So a canonical name ("Europe/Oslo") is checked
 * against the list, and only anything else (an alias, another spelling, a mistake) is handed to the
 * formatter, whose answer decides as before: an idle bot that only validated its configuration has not
 * loaded ICU's formatting data.
 */
let canonical: ReadonlySet<string> | undefined;

export function isTimeZone(tz: string): boolean {
  canonical ??= new Set(Intl.supportedValuesOf('timeZone'));
  if (canonical.has(tz)) return true;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
