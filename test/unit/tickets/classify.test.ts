/**
 * What a reporter sees in "Logged as INC-… (P3, printing)": the category and priority the bot
 * guesses from the words of a report, with the built-in keywords or the configured ones.
 */
import { parseConfig } from '../../../src/config/load-config';
import { DEFAULT_CATEGORIES, guessCategory, guessPriority, knownCategories } from '../../../src/tickets/classify';

const defaults = parseConfig({});

describe('guessCategory with the built-in keywords', () => {
  it.each([
    ['The printer in room 12 prints nothing', 'printing'],
    ['There is a paper jam in tray 2', 'printing'],
    ['Skriveren på lærerrommet virker ikke', 'printing'],
    ['wifi is down in the library', 'network'],
    ['The classroom has no internet since this morning', 'network'],
    ['I forgot my password', 'login'],
    ['Glemt passord', 'login'],
    ['My account is locked out', 'login'],
    ['The projector shows no picture', 'hardware'],
    ['Firefox crashes when I open the timetable', 'software'],
    ['Can you install LibreOffice on the lab machines?', 'software'],
  ])('%j is %s', (text, category) => {
    expect(guessCategory(text, defaults)).toBe(category);
  });

  it('ignores case', () => {
    expect(guessCategory('PRINTER OUT OF TONER', defaults)).toBe('printing');
  });

  it('matches a keyword at the start of a word only ("print" in "prints", not in "sprint")', () => {
    expect(guessCategory('it prints blank pages', defaults)).toBe('printing');
    expect(guessCategory('the sprint board in the staff room', defaults)).toBe('other');
  });

  it('picks the category with the most matching keywords', () => {
    // hardware: laptop, screen, broken, mouse; network: wifi.
    expect(guessCategory('the wifi works but the laptop screen is broken and the mouse too', defaults)).toBe(
      'hardware',
    );
  });

  it("says 'other' when no keyword matches", () => {
    expect(guessCategory('The coffee machine in the staff room is empty', defaults)).toBe('other');
    expect(guessCategory('', defaults)).toBe('other');
  });
});

describe('guessCategory with configured categories', () => {
  const config = parseConfig({
    categories: [
      { name: 'av', keywords: ['Projector', 'speaker'] },
      { name: 'dev', keywords: ['c++', 'node.js'] },
    ],
  });

  it('uses the configured keywords, in any case, instead of the built-in ones', () => {
    expect(guessCategory('the projector is dim', config)).toBe('av');
    expect(guessCategory('the printer is jammed', config)).toBe('other');
  });

  it('treats keywords as plain text, not as patterns', () => {
    expect(guessCategory('the C++ compiler is missing', config)).toBe('dev');
    expect(guessCategory('node.js will not start', config)).toBe('dev');
    expect(guessCategory('nodexjs will not start', config)).toBe('other');
  });
});

describe('knownCategories', () => {
  it("lists the built-in categories and 'other'", () => {
    expect(knownCategories(defaults)).toEqual([...DEFAULT_CATEGORIES.map((c) => c.name), 'other']);
  });

  it("adds 'other' once, even when the config names it", () => {
    const config = parseConfig({ categories: [{ name: 'av', keywords: ['projector'] }, { name: 'other' }] });
    expect(knownCategories(config)).toEqual(['av', 'other']);
  });
});

describe('guessPriority (impact × urgency)', () => {
  it.each([
    ['Nobody can log in and the exam starts at ten', 'P1'],
    ['No one can print for the eksamen', 'P1'],
    ['The whole school has no internet', 'P2'],
    ['The printer is broken and I need it today', 'P2'],
    ['URGENT: projector in room 3', 'P2'],
    ['The printer in room 12 is broken', 'P3'],
  ])('%j is %s', (text, priority) => {
    expect(guessPriority(text, defaults)).toBe(priority);
  });

  it('does not find an urgent word inside another word ("now" in "know")', () => {
    expect(guessPriority('I know the projector is old', defaults)).toBe('P3');
  });

  it('uses the configured default and words', () => {
    const config = parseConfig({
      priorities: { default: 'P4', urgentWords: ['snart'], wideImpactWords: ['hele skolen'] },
    });
    expect(guessPriority('the printer is broken', config)).toBe('P4');
    expect(guessPriority('printeren må fikses snart', config)).toBe('P2');
    expect(guessPriority('hele skolen er uten nett, fiks det snart', config)).toBe('P1');
    expect(guessPriority('the exam starts now', config)).toBe('P4');
  });
});

describe('Norwegian reports with the built-in keywords (src/i18n/keywords.ts)', () => {
  it.each([
    ['skriveren på rom 12 skriver ikke ut', 'printing'],
    ['Det er papirstopp i skriveren', 'printing'],
    ['Det trådløse nettet på biblioteket er nede', 'network'],
    ['Klasserommet har ikke internett', 'network'],
    ['Jeg får ikke logget inn med Feide', 'login'],
    ['Kontoen min er låst ute', 'login'],
    ['Projektoren i rom 3 viser ikke bilde', 'hardware'],
    ['Tastaturet på den bærbare er ødelagt', 'hardware'],
    ['Nettleseren krasjer når jeg åpner timeplanen', 'software'],
    ['Kan dere installere LibreOffice på maskinene?', 'software'],
  ])('%j is %s', (text, category) => {
    expect(guessCategory(text, defaults)).toBe(category);
  });

  it('"eksamen" is urgent, "hele skolen" and "ingen kan" are wide: both together make P1', () => {
    expect(guessPriority('ingen kan logge inn på hele skolen, og eksamen starter i dag', defaults)).toBe('P1');
    expect(guessPriority('skriveren virker ikke og vi har eksamen', defaults)).toBe('P2');
    expect(guessPriority('ingen kan skrive ut', defaults)).toBe('P2');
    expect(guessPriority('skriveren på rom 12 skriver ikke ut', defaults)).toBe('P3');
  });
});
