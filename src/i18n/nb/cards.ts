import type { cardsEn } from '../en/cards';

/** Det en adapter legger til et kort den må korte ned (Slacks størrelsesgrenser). */
export const cardsNb: Record<keyof typeof cardsEn, string> = {
  'card.more': '… og {count} til',
  'card.moreInText': '… mer i meldingsteksten',
};
