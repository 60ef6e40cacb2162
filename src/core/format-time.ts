import { DateTime } from 'luxon';

/** "2026-11-23 09:12" in the organisation's time zone. */
export function formatLocal(at: Date | string | number, timezone: string): string {
  return DateTime.fromJSDate(new Date(at)).setZone(timezone).toFormat('yyyy-LL-dd HH:mm');
}

/** "3 h", "2 d", "15 min" between two instants. */
export function formatAge(from: Date, to: Date): string {
  const ms = Math.max(0, to.getTime() - from.getTime());
  const min = Math.floor(ms / 60_000);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h`;
  return `${Math.floor(h / 24)} d`;
}

/** "09:12" in the organisation's time zone (for times later the same day). */
export function formatTimeOfDay(at: Date | string | number, timezone: string): string {
  return DateTime.fromJSDate(new Date(at)).setZone(timezone).toFormat('HH:mm');
}
