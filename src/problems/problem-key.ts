/** Problem keys: `PRB-3`; users may type `prb-3`, `prb3` or `3`. */
export function formatProblemKey(n: number): string {
  return `PRB-${n}`;
}

export function parseProblemKey(typed: string): number | undefined {
  const m = /^(?:PRB-?)?(\d{1,9})$/iu.exec(typed.trim());
  return m ? Number(m[1]) : undefined;
}
