/**
 * A model test of the rule "an internal note never reaches the reporter": random sequences of
 * internal notes (with mentions of anyone, the reporter included), public comments, the ICT
 * contact's replies in a note's thread, staff replies with the internal marker and the reporter's
 * own replies, on one case. After each sequence: nothing sent to the reporter and nothing in her
 * `ticket show` carries a note's text, her own and the public texts are all there, and the
 * operator's `ticket show` has every note marked [internal]. The seed is fixed
 * (OPSDESK_MODEL_SEED replays another) and printed. What would break: a note path that tells the
 * reporter (a mention, a thread, the assignee being her), a note shown to her, a comment hidden.
 */
import fc from 'fast-check';
import type { SentAction } from '../support/recording-adapter';
import { startTestBot, TestBot } from '../support/test-bot';

const SEED = Number(process.env.OPSDESK_MODEL_SEED ?? 20261130);
const RUNS = Number(process.env.OPSDESK_MODEL_RUNS ?? 8);

type Step =
  | { kind: 'note'; mention: 'ingrid' | 'anna' | 'petra' | 'none' }
  | { kind: 'comment' }
  | { kind: 'ict-reply' }
  | { kind: 'marked-staff-reply' }
  | { kind: 'reporter-reply' };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('note' as const), mention: fc.constantFrom('ingrid', 'anna', 'petra', 'none') }),
  fc.constant({ kind: 'comment' as const }),
  fc.constant({ kind: 'ict-reply' as const }),
  fc.constant({ kind: 'marked-staff-reply' as const }),
  fc.constant({ kind: 'reporter-reply' as const }),
);

let bot: TestBot;
beforeAll(async () => {
  bot = await startTestBot();
});
afterAll(() => bot?.stop());

/** Everything the bot sent the reporter: her DM posts and notices addressed to her. */
const toAnna = (from: number): SentAction[] =>
  bot.sent.slice(from).filter((s) => s.to?.channel === 'dm:anna' || (s.action === 'notice' && s.userId === 'anna'));

let n = 0;

async function runSequence(steps: Step[]): Promise<void> {
  const from = bot.sent.length;
  const out = await bot.say('anna', `the printer in room ${++n} jams on every page`);
  const receipt = out.find((s) => /Logged as/u.test(s.msg.text))!;
  const key = /INC-\d+/u.exec(receipt.msg.text)![0];
  await bot.say('oscar', `/ticket assign ${key} me`);
  const secrets: string[] = [];
  const publics: string[] = [];
  for (const [i, s] of steps.entries()) {
    const secret = `secret-${n}-${i}`;
    const open = `public-${n}-${i}`;
    switch (s.kind) {
      case 'note':
        secrets.push(secret);
        await bot.say('oscar', `/ticket note ${key} ${s.mention === 'none' ? '' : `@${s.mention} `}${secret}`);
        break;
      case 'comment':
        publics.push(open);
        await bot.say('oscar', `/ticket comment ${key} ${open}`);
        break;
      case 'ict-reply': {
        const asked = bot
          .dmsTo('ingrid')
          .filter((a) => a.msg.text.includes(`on ${key}`) && /internal note/u.test(a.msg.text));
        if (!asked.length) break;
        secrets.push(secret);
        await bot.say('ingrid', secret, { thread: asked[asked.length - 1].ref.messageId });
        break;
      }
      case 'marked-staff-reply':
        secrets.push(secret);
        await bot.say('oscar', `(internal) ${secret}`, {
          channel: 'dm:anna',
          thread: receipt.ref.messageId,
          direct: false,
          mentioned: true,
        });
        break;
      case 'reporter-reply':
        publics.push(open);
        await bot.say('anna', `(internal) ${open}`, { thread: receipt.ref.messageId });
        break;
    }
  }
  const seen = TestBot.text(toAnna(from));
  const herShow = TestBot.text(await bot.say('anna', `/ticket show ${key}`));
  const staffShow = TestBot.text(await bot.say('oscar', `/ticket show ${key}`));
  for (const secret of secrets) {
    expect([secret, seen.includes(secret), herShow.includes(secret)]).toEqual([secret, false, false]);
    expect(staffShow).toMatch(new RegExp(`\\[internal\\] [^\\n]*${secret}`, 'u'));
  }
  for (const open of publics) expect([open, herShow.includes(open)]).toEqual([open, true]);
}

test(`internal notes never reach the reporter, whatever the sequence (seed ${SEED})`, async () => {
  console.log(`internal-notes model: seed ${SEED}, ${RUNS} runs; replay with OPSDESK_MODEL_SEED=${SEED}`);
  await fc.assert(
    fc.asyncProperty(fc.array(step, { minLength: 3, maxLength: 8 }), (steps) => runSequence(steps)),
    { seed: SEED, numRuns: RUNS, endOnFailure: true },
  );
}, 300_000);
