/** Case keys: `INC-1042`; users may also type `inc-1042`, `#1042` or `1042`. */
export const CASE_KEY_PATTERN = /\b(?:INC-?|#)(\d{1,9})\b/iu;

export function formatCaseKey(n: number): string {
  return `INC-${n}`;
}

/** The case number in typed text, or undefined. Accepts a bare number when `allowBare`. */
export function parseCaseKey(typed: string, allowBare = true): number | undefined {
  const t = typed.trim();
  const m = /^(?:INC-?|#)?(\d{1,9})$/iu.exec(t);
  if (m && (allowBare || !/^\d+$/u.test(t))) return Number(m[1]);
  return undefined;
}

/** The first case named anywhere in a message ("INC-1042 paper tray refilled"). */
export function findCaseKeyInText(text: string): number | undefined {
  const m = /\bINC-(\d{1,9})\b/iu.exec(text);
  return m ? Number(m[1]) : undefined;
}
