/**
 * Planning-time conflicts: two changes on shared hosts in overlapping windows are named at submit,
 * on both CCB cards and in `rfc show`; a freeze over the window too; `/rfc schedule` to a free
 * window clears them from both; with `changes.policy.blockConflicts` a conflict refuses the submit.
 * Would catch: a conflict that is not detected (hosts resolved through groups, windows that only
 * partly overlap), a card that does not show it, a one-sided record, a block that changes data.
 */
import { ManualClock } from '../../../src/core/clock';
import { Rfc } from '../../../src/changes/rfc.model';
import { ChangeAudit } from '../../../src/changes/change-audit.model';
import { startTestBot, TestBot } from '../../support/test-bot';
import { latestCard } from '../../support/ccb-card';

let bot: TestBot;
const clock = new ManualClock('2026-11-23T09:00:00Z');
const text = TestBot.text;

const FIELDS = (targets: string, window: string) =>
  [
    'need="Exam software"',
    'description="Install it"',
    'risk=low',
    `targets=${targets}`,
    `window="${window}"`,
    'testPlan="Pilot first"',
    'backoutPlan="Remove it"',
  ].join(' ');

beforeAll(async () => {
  bot = await startTestBot({ clock });
  const host = (name: string, groups: string[], school: string) => ({
    name,
    address: '127.0.0.1',
    port: 22,
    school,
    groups,
    attributes: {},
  });
  await bot.services.inventory.import([
    host('pc-01', ['room12'], 'nordby'),
    host('pc-02', ['room12', 'library'], 'nordby'),
    host('pc-03', ['library'], 'nordby'),
    host('pc-04', [], 'sandvik'),
  ]);
});
afterAll(async () => {
  await bot?.stop();
});

async function propose(who: string, title: string, targets: string, window: string): Promise<string> {
  const out = await bot.say(who, `/rfc new ${title} ${FIELDS(targets, window)}`, { channel: '#changes' });
  const key = /Created (RFC-\d+)/.exec(text(out))?.[1];
  expect(key).toBeDefined();
  return key!;
}

const cardOf = (key: string) => latestCard(bot, key);

test('two changes sharing hosts in overlapping windows are flagged at submit, on both cards and in rfc show', async () => {
  const a = await propose('rolf', 'Exam browser on room 12', 'room12', '2026-12-01 16:00..2026-12-01 20:00');
  expect(text(await bot.say('rolf', `/rfc submit ${a}`, { channel: '#changes' }))).not.toMatch(/onflict/);
  expect(cardOf(a).text).not.toMatch(/Conflicts/);
  // pc-02 is in room12 and in the library; the windows overlap 18:00..20:00.
  const b = await propose('oscar', 'Library catalogue client', 'library', '2026-12-01 18:00..2026-12-01 22:00');
  const receipt = text(await bot.say('oscar', `/rfc submit ${b}`, { channel: '#changes' }));
  expect(receipt).toMatch(/queued for the CCB/);
  expect(receipt).toMatch(
    new RegExp(
      `Conflict \\(not blocking\\):\\n• ${a} Exam browser on room 12 \\(proposed\\): 1 host in both \\(pc-02\\), windows overlap 2026-12-01 18:00..2026-12-01 20:00`,
    ),
  );
  expect(cardOf(b).text).toMatch(new RegExp(`⚠ Conflicts: ${a} .*pc-02`));
  expect(cardOf(a).text).toMatch(new RegExp(`⚠ Conflicts: ${b} Library catalogue client \\(proposed\\).*pc-02`));
  expect(text(await bot.say('maria', `/rfc show ${a}`))).toMatch(new RegExp(`Conflicts: ${b}`));
  // Both records say so.
  expect(await ChangeAudit.countDocuments({ rfcKey: a, kind: 'note', reason: `planning conflicts: ${b}` })).toBe(1);
  expect(await ChangeAudit.countDocuments({ rfcKey: b, kind: 'note', reason: `planning conflicts: ${a}` })).toBe(1);

  // A change on other hosts, or in a window that only touches the first one's end, does not conflict.
  const c = await propose('rolf', 'Sandvik printer', 'pc-04', '2026-12-01 16:00..2026-12-01 20:00');
  const d = await propose('rolf', 'Room 12 later', 'pc-01', '2026-12-01 20:00..2026-12-01 21:00');
  for (const k of [c, d])
    expect(text(await bot.say('rolf', `/rfc submit ${k}`, { channel: '#changes' }))).not.toMatch(/onflict/);
});

test('approval checks again and the card keeps the conflict; a freeze over the window is a conflict', async () => {
  const f = await bot.say('oscar', '/deploy freeze sandvik until 2026-12-02 inspection', { channel: '#operators' });
  expect(text(f)).toMatch(/Freeze set/);
  const e = await propose('rolf', 'Sandvik scanner driver', 'school=sandvik', '2026-12-01 08:00..2026-12-01 10:00');
  const receipt = text(await bot.say('rolf', `/rfc submit ${e}`, { channel: '#changes' }));
  expect(receipt).toMatch(/freeze of sandvik by Oscar Nilsen \(inspection\): covers 1 host \(pc-04\)/);
  for (const m of ['carl', 'cecilie', 'chris', 'camilla']) await bot.react(m, cardOf(e).ref, '+1');
  expect((await Rfc.findOne({ key: e }).lean())?.state).toBe('approved');
  expect(cardOf(e).text).toMatch(/\[APPROVED\].*⚠ Conflicts: freeze of sandvik/);
});

test('a change that leaves the plan clears the conflict on both; with blockConflicts a conflict refuses', async () => {
  const a = await propose('rolf', 'Room 12 fonts', 'pc-01', '2026-12-03 16:00..2026-12-03 20:00');
  const b = await propose('oscar', 'Room 12 keyboard layout', 'room12', '2026-12-03 17:00..2026-12-03 18:00');
  await bot.say('rolf', `/rfc submit ${a}`, { channel: '#changes' });
  expect(text(await bot.say('oscar', `/rfc submit ${b}`, { channel: '#changes' }))).toMatch(/Conflict/);
  expect(cardOf(b).text).toMatch(new RegExp(`⚠ Conflicts: ${a}`));
  await bot.say('rolf', `/rfc withdraw ${a} moving it`, { channel: '#changes' });
  expect(cardOf(b).text).not.toMatch(/Conflicts/);
  expect((await Rfc.findOne({ key: b }).lean())?.conflicts).toEqual([]);

  bot.services.config.changes.policy.blockConflicts = true;
  try {
    const c = await propose('rolf', 'Room 12 fonts again', 'pc-01', '2026-12-04 16:00..2026-12-04 20:00');
    const moved = await bot.say('rolf', `/rfc schedule ${c} 2026-12-03 16:00..20:00`, { channel: '#changes' });
    expect(text(moved)).toMatch(new RegExp(`${c} conflicts with another plan \\(changes.policy.blockConflicts\\)`));
    expect((await Rfc.findOne({ key: c }).lean())?.window?.start.toISOString()).toBe('2026-12-04T15:00:00.000Z');
    const d = await propose('rolf', 'Room 12 mice', 'room12', '2026-12-03 17:30..2026-12-03 19:00');
    const refused = text(await bot.say('rolf', `/rfc submit ${d}`, { channel: '#changes' }));
    expect(refused).toMatch(
      new RegExp(`• ${b} Room 12 keyboard layout \\(proposed\\): 2 hosts in both \\(pc-01, pc-02\\)`),
    );
    expect((await Rfc.findOne({ key: d }).lean())?.state).toBe('draft');
  } finally {
    bot.services.config.changes.policy.blockConflicts = false;
  }
});
