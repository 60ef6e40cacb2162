import type { TestBot } from './test-bot';

/**
 * A complete RFC by Rolf (every field a vote needs, targets `pilot`, a window on 1 December), submitted in
 * #changes so its CCB vote opens. Its key.
 */
export async function submittedRfc(bot: TestBot, title: string): Promise<string> {
  const changes = bot.services.changes;
  const rolf = bot.services.people.get('rolf')!;
  const draft = await changes.create({ person: rolf, title, conversation: { platform: 'test', channel: '#changes' } });
  await changes.setFields(draft.key, rolf, {
    need: 'n',
    description: 'd',
    risk: 'low',
    targets: ['pilot'],
    testPlan: 't',
    backoutPlan: 'b',
    window: { start: new Date('2026-12-01T15:00:00Z'), end: new Date('2026-12-01T19:00:00Z') },
  });
  await bot.say('rolf', `/rfc submit ${draft.key}`, { channel: '#changes' });
  return draft.key;
}
