/** What an adapter adds to a card it has to shorten (Slack's size limits): in the message's language. */
export const cardsEn = {
  'card.more': '… and {count} more',
  'card.moreInText': '… more in the message text',
} as const;
