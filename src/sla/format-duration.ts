const MIN = 60_000;

/** Business time for people: "45 min", "3 h", "2 h 30 min", "1.5 h" never. */
export function formatBusinessDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / MIN));
  const h = Math.floor(total / 60);
  const m = total % 60;
  if (h === 0) return `${m} min`;
  return m ? `${h} h ${m} min` : `${h} h`;
}
