/**
 * `/deploy` refused, for a release manager who reads Norwegian (`language: nb`) in an English organisation: a package
 * signed by a key that is not trusted, a tampered script, and a window that is not open now (its dates written the
 * Norwegian way, 12.06.2031 08:00). Exact texts, as Rolf gets them in his DM. Would catch a package or signature
 * check whose reason is built in English (src/packages/), or a policy date formatted one way for every reader.
 */
import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { Package } from '../../../src/packages/package.model';
import { signDetached } from '../../../src/packages/signing';
import { FIXTURE_CONFIG, startTestBot, TestBot } from '../../support/test-bot';
import { scheduledRfc, scripts, WORLD_TEMPLATE } from './deploy-fixture';
import { makeReleaseKey, type ReleaseKey } from './release-keys';

let bot: TestBot;
let key: ReleaseKey;

/** What `who` got back in their own DM for typing `typed`. */
async function ask(who: string, typed: string): Promise<string> {
  return TestBot.text((await bot.say(who, typed)).filter((s) => s.to?.channel === `dm:${who}`));
}

beforeAll(async () => {
  key = await makeReleaseKey();
  const raw = YAML.parse(readFileSync(FIXTURE_CONFIG, 'utf8')) as { people: Array<Record<string, unknown>> };
  const people = raw.people.map((p) => (p.id === 'rolf' ? { ...p, language: 'nb' } : p));
  bot = await startTestBot({
    config: { people, deploy: { trustedKeys: [key.publicKeyFile] }, changes: { templates: [WORLD_TEMPLATE] } },
  });
  await bot.services.packages.add({ name: 'demo', version: '1.0', idempotent: true, scripts: scripts('/tmp') });
  await bot.services.packages.sign('demo', '1.0', key.privateKey);
}, 60_000);
afterAll(async () => {
  await bot?.stop();
});

test('a package signed by a key that is not trusted: the refusal in Norwegian, naming the key', async () => {
  const rfc = await scheduledRfc(bot.services);
  const stranger = await makeReleaseKey('Stranger');
  const pkg = (await Package.findOne({ name: 'demo' }).lean())!;
  const { signature } = await signDetached(pkg.manifest, stranger.privateKey);
  await Package.updateOne({ _id: pkg._id }, { $set: { signature } });
  try {
    const keyId = stranger.fingerprint.slice(-16);
    expect(await ask('rolf', `/deploy ${rfc}`)).toBe(
      `Pakken kan ikke verifiseres: demo 1.0: den er signert med nøkkel ${keyId}, som ikke er en klarert ` +
        'utgivelsesnøkkel.\nIngenting ble kjørt. Signer den på nytt, eller rett skriptene og legg til en ny versjon.',
    );
    // An English reader gets the same refusal in English.
    expect(await ask('oscar', `/deploy ${rfc}`)).toMatch(
      new RegExp(`^The package does not verify: demo 1\\.0: it is signed by key ${keyId}, which is not a trusted`, 'u'),
    );
  } finally {
    await Package.updateOne({ _id: pkg._id }, { $set: { signature: pkg.signature } });
  }
});

test('a tampered script: the refusal in Norwegian', async () => {
  const rfc = await scheduledRfc(bot.services);
  const pkg = (await Package.findOne({ name: 'demo' }).lean())!;
  await Package.updateOne({ _id: pkg._id }, { $set: { 'scripts.install': `${pkg.scripts.install}echo evil\n` } });
  try {
    expect(await ask('rolf', `/deploy ${rfc}`)).toMatch(
      /^Pakken kan ikke verifiseres: demo 1\.0: SHA-256 for skriptet install stemmer ikke med det signerte manifestet \(manifest [0-9a-f]{12}…, skript [0-9a-f]{12}…\)\.\n/u,
    );
  } finally {
    await Package.updateOne({ _id: pkg._id }, { $set: { 'scripts.install': pkg.scripts.install } });
  }
});

test('outside the window: its dates the Norwegian way for Rolf, the English way for Oscar', async () => {
  const start = new Date(Date.UTC(2031, 5, 12, 6, 0));
  const rfc = await scheduledRfc(bot.services, { window: { start, end: new Date(start.getTime() + 2 * 3600_000) } });
  expect(await ask('rolf', `/deploy ${rfc}`)).toMatch(
    new RegExp(
      `^Utenfor tidsvinduet til ${rfc}: det er 12\\.06\\.2031 08:00 – 12\\.06\\.2031 10:00 \\(Europe/Oslo\\); ` +
        'nå er klokka \\d\\d\\.\\d\\d\\.\\d{4} \\d\\d:\\d\\d\\.\n',
      'u',
    ),
  );
  expect(await ask('oscar', `/deploy ${rfc}`)).toMatch(
    new RegExp(
      `^Outside the change window of ${rfc}: it is 2031-06-12 08:00 – 2031-06-12 10:00 \\(Europe/Oslo\\)`,
      'u',
    ),
  );
});
