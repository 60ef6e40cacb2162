/** RFC keys: `RFC-17`; users may also type `rfc-17`, `rfc17` or `17`. */
export function formatRfcKey(n: number): string {
  return `RFC-${n}`;
}

/** The number in a typed key, or undefined when it is not one. */
export function parseRfcKey(typed: string): number | undefined {
  const m = /^(?:RFC-?)?(\d{1,9})$/iu.exec(String(typed).trim());
  return m ? Number(m[1]) : undefined;
}
