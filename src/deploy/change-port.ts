/** What deployments need of an RFC (the change-management contract). */
export interface RfcLike {
  key: string;
  title?: string;
  type: 'standard' | 'normal' | 'emergency';
  state: string;
  window?: { start: Date; end: Date };
  targets: string[];
  package?: { name: string; version: string };
  requesterId: string;
}

export interface ChangePort {
  get(key: string): Promise<RfcLike | null>;
  transition(key: string, to: never, actor: { personId: string }, reason: string): Promise<unknown>;
}
