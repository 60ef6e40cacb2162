import type { ChangesConfig } from '../config/sections/changes';

/**
 * The board a change goes to: the first `changes.routing` rule that matches its type and (any of) its categories,
 * else the board it has (the default board).
 */
export function boardFor(
  c: Pick<ChangesConfig, 'routing' | 'boards'>,
  rfc: { type: string; categories?: readonly string[]; board: string },
): string {
  const cats = (rfc.categories ?? []).map((x) => x.toLowerCase());
  const rule = c.routing.find(
    (r) => (!r.type || r.type === rfc.type) && (!r.category || cats.includes(r.category.toLowerCase())),
  );
  return rule && c.boards[rule.board] ? rule.board : rfc.board;
}

/** The board that reviews a board's changes technically before its vote (LANDesk's TAB), if any. */
export function technicalBoardOf(c: Pick<ChangesConfig, 'boards'>, board: string): string | undefined {
  const tab = c.boards[board]?.technicalReview;
  return tab && c.boards[tab] ? tab : undefined;
}
