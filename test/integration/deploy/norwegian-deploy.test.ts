/**
 * An organisation whose language is Norwegian Bokmål: the answers and refusals of `/deploy`, `/deploy go`,
 * `/deploy show`, `/chase`, `/digest next` and `/inventory` come back in Norwegian, as the bot replies
 * them (the router's usage line added). Would catch a precondition or a flag check that bypasses the
 * catalog (an English sentence here), or a refusal whose fix is lost on the way.
 */
import { startTestBot, TestBot } from '../../support/test-bot';

let bot: TestBot;

/** What `who` got back in their own DM for typing `typed`. */
async function ask(who: string, typed: string): Promise<string> {
  return TestBot.text((await bot.say(who, typed)).filter((s) => s.to?.channel === `dm:${who}`));
}

beforeAll(async () => {
  bot = await startTestBot({ config: { organisation: { language: 'nb' } } });
});

afterAll(async () => {
  await bot?.stop();
});

test('deploy refusals in Norwegian: an unknown RFC, a flag, a start `at` without a time, no pilot waiting', async () => {
  expect(await ask('rolf', '/deploy RFC-999')).toBe(
    'RFC-999 er ikke en RFC jeg kjenner.\nSkriv `rfc list` for å se RFC-ene.',
  );
  expect(await ask('rolf', '/deploy RFC-999 --parallel 0')).toMatch(/^--parallel må være minst 1\.\nBruk: \/deploy /u);
  expect(await ask('rolf', '/deploy RFC-999 --chase-every soon')).toMatch(
    /^--chase-every må være et antall minutter \(høyst 10080\)\.\nBruk: \/deploy /u,
  );
  expect(await ask('rolf', '/deploy RFC-999 at')).toMatch(/^`at` trenger et tidspunkt\.\n/u);
  expect(await ask('rolf', '/deploy go RFC-999')).toBe(
    'RFC-999 har ingen pilot som venter på go/no-go.\nSkriv `deploy status RFC-999`.',
  );
  expect(await ask('rolf', '/chase RFC-999 list')).toBe(
    'RFC-999 har ingen utrulling ennå.\nStart en med `deploy RFC-999`.',
  );
});

test('deploy show refusals in Norwegian', async () => {
  expect(await ask('rolf', '/deploy show')).toMatch(
    /^D-N mangler: hvilken utrulling \(som `D-12`, fra fremdriftsmeldingen\)\?\n/u,
  );
  expect(await ask('rolf', '/deploy show D-999')).toBe('Det finnes ingen utrulling D-999.\nSkriv `deploy status RFC`.');
  expect(await ask('rolf', '/deploy show D-999 all')).toMatch(/^`all` er for filen: `deploy show D-N all --csv`\.\n/u);
});

test('digest next in Norwegian: the dates the Norwegian way, and its refusal', async () => {
  expect(await ask('oscar', '/digest next 2')).toMatch(
    /^Neste dagsoversikter \([^,]+, til [^)]+\):\n(man|tir|ons|tor|fre)\. \d+\. \S+ \d{4} \d\d:\d\d\n/u,
  );
  expect(await ask('oscar', '/digest next 99')).toMatch(/^COUNT: forventet et tall fra 1 til 20\.\n/u);
});

test('inventory answers in Norwegian', async () => {
  expect(await ask('rolf', '/inventory show pc-nowhere')).toBe(
    'Det finnes ingen maskin som heter pc-nowhere i inventaret.\nSkriv `/inventory list` for å se maskinene.',
  );
  expect(await ask('rolf', '/inventory show')).toMatch(/^HOST mangler\.\nBruk: \/inventory show HOST/u);
  expect(await ask('rolf', '/inventory list pc-nowhere')).toBe(
    'Målene finnes ikke: `pc-nowhere` er verken en maskin eller en gruppe i inventaret.\n' +
      'Skriv `/inventory groups` for gruppenavnene, `/inventory list` for maskinene.',
  );
});
