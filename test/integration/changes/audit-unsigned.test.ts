/**
 * Without a signing key the bot records no decision: a vote that would decide and an override are
 * refused (PRECONDITION, naming `opsdesk keys init` and OPSDESK_SIGNING_KEY) before anything
 * changes, and readiness says `signing: not ready` with the reason. `changes.signing.allowUnsigned`
 * turns that off explicitly: decisions are recorded unsigned and verified as a hash chain only.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { ChangeAudit } from '../../../src/changes/change-audit.model';
import { Rfc } from '../../../src/changes/rfc.model';
import { OpsdeskError } from '../../../src/core/errors';
import { HealthServer } from '../../../src/http/health-server';
import { Metrics } from '../../../src/http/metrics';
import { Ballot } from '../../../src/votes/ballot.model';
import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { FIXTURE_CONFIG, startTestBot, TestBot } from '../../support/test-bot';

// Not the run's test key: this file is about having none.
delete process.env.OPSDESK_SIGNING_KEY_FILE;

let dir: string;
const text = TestBot.text;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'opsdesk-no-key-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A change in its approval vote, opened through the services. */
async function voting(bot: TestBot, title: string) {
  const changes = bot.services.changes;
  const rolf = bot.services.people.get('rolf')!;
  const rfc = await changes.create({ person: rolf, title, conversation: { platform: 'test', channel: '#changes' } });
  await changes.transition(rfc.key, 'proposed', { personId: 'rolf' }, 'submitted');
  const ballot = await bot.services.votes.open((await changes.get(rfc.key))!, 'approval', rolf);
  return { key: rfc.key, ballot };
}

describe('without a signing key', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({ config: { changes: { signing: { keyDir: join(dir, 'keys') } } } });
  });
  afterAll(async () => {
    await bot?.stop();
  });

  test('readiness reports signing: not ready, with the reason and the fix; /readyz is 503', async () => {
    expect(bot.runtime.readiness().signing).toEqual({
      ok: false,
      detail: expect.stringMatching(
        /^no signing key .*; run `opsdesk keys init` or set OPSDESK_SIGNING_KEY, then restart$/,
      ),
    });
    const health = new HealthServer({
      host: '127.0.0.1',
      port: 0,
      log: pino({ level: 'silent' }),
      registry: new Metrics().registry,
      readiness: () => bot.runtime.readiness(),
    });
    try {
      const res = await fetch(`http://127.0.0.1:${await health.start()}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.text()).toMatch(
        /^not ready\ndatabase: ok\nsigning: not ready \(no signing key .*; run `opsdesk keys init` or set OPSDESK_SIGNING_KEY, then restart\)\ntest: ok\n$/,
      );
    } finally {
      await health.stop();
    }
  });

  test(
    'the vote that would decide is refused: the ballot stays open, the change proposed, no decision ' + 'recorded',
    async () => {
      const { key, ballot } = await voting(bot, 'Decided without a key');
      for (const who of ['carl', 'cecilie', 'chris']) await bot.react(who, ballot.cards[0], '+1');
      const refused = text(await bot.react('maria', ballot.cards[0], '+1'));
      expect(refused).toContain(`opsdesk has no signing key, so it cannot record the CCB's decision on ${key}`);
      expect(refused).toContain('`opsdesk keys init` (or sets OPSDESK_SIGNING_KEY)');
      expect((await Ballot.findById(ballot._id).lean())?.open).toBe(true);
      expect((await Rfc.findOne({ key }).lean())?.state).toBe('proposed');
      expect(await ChangeAudit.countDocuments({ rfcKey: key, kind: { $in: ['decision', 'override'] } })).toBe(0);
      // The deadline job refuses the same way, and leaves the vote open for when the key is there.
      const err = await bot.services.votes.deadline(ballot._id).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(OpsdeskError);
      expect(err).toMatchObject({ code: 'PRECONDITION', fix: expect.stringContaining('opsdesk keys init') });
      expect((await Ballot.findById(ballot._id).lean())?.open).toBe(true);
    },
  );

  test('an override is refused with the fix', async () => {
    const { key, ballot } = await voting(bot, 'Overridden without a key');
    const out = text(await bot.say('maria', `/rfc override ${key} approve the board cannot meet`, { channel: '#ccb' }));
    expect(out).toContain(`opsdesk has no signing key, so it cannot record an override of the vote on ${key}`);
    expect(out).toContain('An admin runs `opsdesk keys init` (or sets OPSDESK_SIGNING_KEY) and restarts the bot.');
    expect((await Ballot.findById(ballot._id).lean())?.open).toBe(true);
    expect(await ChangeAudit.countDocuments({ rfcKey: key, kind: { $in: ['decision', 'override'] } })).toBe(0);
    // Recording one directly is refused too.
    await expect(
      bot.services.changes.record({
        rfcKey: key,
        actorId: 'maria',
        kind: 'override',
        to: 'approved',
        reason: 'direct',
      }),
    ).rejects.toMatchObject({ code: 'PRECONDITION' });
  });
});

describe('without a signing key, for a reader of Norwegian', () => {
  let bot: TestBot;
  beforeAll(async () => {
    const config = YAML.parse(readFileSync(FIXTURE_CONFIG, 'utf8')) as { people: Array<Record<string, unknown>> };
    const people = config.people.map((p) => (p.id === 'maria' ? { ...p, language: 'nb' } : p));
    bot = await startTestBot({ config: { people, changes: { signing: { keyDir: join(dir, 'keys-nb') } } } });
  });
  afterAll(async () => {
    await bot?.stop();
  });

  // Would catch the refusal, or what it would record, built in English (audit-log.ts, ballot-closer.ts).
  test('the override refused in Norwegian, naming what it would record and the fix', async () => {
    const { key } = await voting(bot, 'Overstyrt uten nøkkel');
    const out = text(await bot.say('maria', `/rfc override ${key} approve styret kan ikke møtes`, { channel: '#ccb' }));
    expect(out).toMatch(
      new RegExp(
        `^opsdesk har ingen signeringsnøkkel og kan derfor ikke registrere en overstyring av avstemningen om ${key} ` +
          '\\(.+\\)\\.\nEn administrator kjører `opsdesk keys init` \\(eller setter OPSDESK_SIGNING_KEY\\) og ' +
          'starter boten på nytt\\.$',
        'u',
      ),
    );
  });
});

describe('with changes.signing.allowUnsigned: true', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({ config: { changes: { signing: { keyDir: join(dir, 'keys'), allowUnsigned: true } } } });
  });
  afterAll(async () => {
    await bot?.stop();
  });

  test('decisions are recorded unsigned, readiness is ok, and the chain verifies as a hash chain only', async () => {
    expect(bot.runtime.readiness().signing).toEqual({
      ok: true,
      detail: 'unsigned records (changes.signing.allowUnsigned)',
    });
    const { key, ballot } = await voting(bot, 'Unsigned on purpose');
    for (const who of ['carl', 'cecilie', 'chris', 'maria']) await bot.react(who, ballot.cards[0], '+1');
    expect((await Rfc.findOne({ key }).lean())?.state).toBe('approved');
    const decision = await ChangeAudit.findOne({ rfcKey: key, kind: 'decision' }).lean();
    expect(decision?.signature).toBeUndefined();
    const shown = text(await bot.say('maria', `/rfc audit ${key}`, { channel: '#ccb' }));
    expect(shown).toMatch(
      new RegExp(
        `^${key} record \\((\\d+) entries\\): verified \\(\\1 entries, \\1 unsigned \\(allowUnsigned: hash chain ` +
          `only\\), not signed\\)`,
      ),
    );
  });
});
