/**
 * A vote storm: 20 CCB members add, change and remove reactions at the same time, every delivery
 * arriving twice. The tally must equal each member's last reaction, and concurrent closers must
 * produce exactly one decision.
 */
import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { ManualClock } from '../../../src/core/clock';
import { ChangeAudit } from '../../../src/changes/change-audit.model';
import { Rfc } from '../../../src/changes/rfc.model';
import { Ballot } from '../../../src/votes/ballot.model';
import { submittedRfc } from '../../support/submitted-rfc';
import { FIXTURE_CONFIG, startTestBot, TestBot } from '../../support/test-bot';

const MEMBERS = Array.from({ length: 20 }, (_, i) => `m${String(i + 1).padStart(2, '0')}`);
const REACTIONS = ['+1', '+1::skin-tone-2', 'white_check_mark', 'x', '-1', 'shrug', 'heavy_check_mark', 'no_entry'];
const CHOICE: Record<string, 'approve' | 'reject' | 'abstain'> = {
  '+1': 'approve',
  '+1::skin-tone-2': 'approve',
  white_check_mark: 'approve',
  heavy_check_mark: 'approve',
  x: 'reject',
  '-1': 'reject',
  no_entry: 'reject',
  shrug: 'abstain',
};
/** Reactions that normalise to the same name (a skin tone is the same reaction). */
const SAME = (a: string, b: string) => a.replace(/::skin-tone-\d/u, '') === b.replace(/::skin-tone-\d/u, '');

let bot: TestBot;
const clock = new ManualClock('2026-11-23T09:00:00Z');

beforeAll(async () => {
  const fixture = YAML.parse(readFileSync(FIXTURE_CONFIG, 'utf8')) as { people: Array<{ roles: string[] }> };
  const people = [
    ...fixture.people.map((p) => ({
      ...p,
      roles: p.roles.filter((r) => r !== 'ccb').length ? p.roles.filter((r) => r !== 'ccb') : ['reporter'],
    })),
    ...MEMBERS.map((id) => ({ id, name: `Member ${id}`, roles: ['ccb'], identities: { test: id } })),
  ];
  bot = await startTestBot({
    clock,
    config: { people, changes: { votes: { normal: { quorum: 12, closeEarly: false } } } },
  });
});
afterAll(async () => {
  await bot?.stop();
});

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

test('20 members storming with duplicates: tally = each last reaction; concurrent closers decide once', async () => {
  const draft = { key: await submittedRfc(bot, 'Storm') };
  const ballot = await Ballot.findOne({ rfcKey: draft.key }).lean();
  expect(ballot?.roster).toHaveLength(20);
  const card = ballot!.cards[0];

  const random = rng(20261123);
  const expected = new Map<string, 'approve' | 'reject' | 'abstain' | undefined>();
  const scripts = MEMBERS.map((member) => {
    const steps: Array<{ r: string; action: 'added' | 'removed' }> = [];
    let current: string | undefined;
    const n = 3 + Math.floor(random() * 6);
    for (let i = 0; i < n; i++) {
      const roll = random();
      if (current && roll < 0.25) {
        steps.push({ r: current, action: 'removed' });
        current = undefined;
      } else if (current && roll < 0.35) {
        // Removing a reaction that is not the one that counts changes nothing.
        const other = REACTIONS.find((x) => !SAME(x, current!))!;
        steps.push({ r: other, action: 'removed' });
      } else {
        const r = REACTIONS[Math.floor(random() * REACTIONS.length)];
        steps.push({ r, action: 'added' });
        current = r;
      }
    }
    expected.set(member, current ? CHOICE[current] : undefined);
    return { member, steps };
  });

  await Promise.all(
    scripts.map(async ({ member, steps }) => {
      for (const [i, s] of steps.entries()) {
        const eventId = `storm-${member}-${i}`;
        // Every delivery twice, at once: the intake drops the repeat.
        await Promise.all([
          bot.react(member, card, s.r, s.action, eventId),
          bot.react(member, card, s.r, s.action, eventId),
        ]);
      }
    }),
  );

  const tally = await bot.services.votes.tally((await Ballot.findById(ballot!._id).lean())!);
  const want = { approve: [] as string[], reject: [] as string[], abstain: [] as string[] };
  for (const [m, c] of expected) if (c) want[c].push(m);
  expect({ approve: tally.approve.sort(), reject: tally.reject.sort(), abstain: tally.abstain.sort() }).toEqual({
    approve: want.approve.sort(),
    reject: want.reject.sort(),
    abstain: want.abstain.sort(),
  });
  // The storm really moved votes around: several choices and some retractions.
  expect(new Set(expected.values()).size).toBeGreaterThanOrEqual(3);
  expect(scripts.some((s) => s.steps.some((x) => x.action === 'removed'))).toBe(true);
  // The card's last edit shows the final tally.
  const edits = bot.sent.filter((s) => s.action === 'edit' && s.ref.messageId === card.messageId);
  expect(edits[edits.length - 1].msg.text).toContain(
    `✅ ${want.approve.length} approve · ❌ ${want.reject.length} reject · 🤷 ${want.abstain.length} abstain`,
  );

  // Five deadline runs and an override at once: exactly one decision.
  clock.advance(73 * 3_600_000);
  const results = await Promise.allSettled([
    ...Array.from({ length: 5 }, () => bot.services.votes.deadline(ballot!._id)),
    bot.services.votes.override(draft.key, bot.services.people.get('maria')!, 'approved', 'storm over'),
  ]);
  const winners = results.filter((r) => r.status === 'fulfilled' && r.value !== false);
  expect(winners).toHaveLength(1);
  const decisions = await ChangeAudit.find({ rfcKey: draft.key, kind: { $in: ['decision', 'override'] } }).lean();
  expect(decisions).toHaveLength(1);
  expect(await ChangeAudit.countDocuments({ rfcKey: draft.key, kind: 'transition', from: 'proposed' })).toBe(1);
  const closed = await Ballot.findById(ballot!._id).lean();
  expect(closed?.open).toBe(false);
  expect(closed?.final?.approve.sort()).toEqual(want.approve.sort());
  expect((await Rfc.findOne({ key: draft.key }).lean())?.state).toBe(closed?.decision);
});
