import type { commonEn } from '../en/common';

export const commonNb: Record<keyof typeof commonEn, string> = {
  'age.minutes': '{count} min',
  'age.hours': '{count} t',
  'age.days': '{count} d',
  'usage.missing': '{name} mangler.',
  'usage.invalid': '{name}: {problem}.',
  'usage.tooLong': '{name} er lengre enn {max} tegn.',
  'usage.arguments': 'argumentene',
  'usage.expectedCase': 'forventet et saksnummer som INC-1042',
  'usage.isMissing': 'mangler',
  'usage.expectedOneOf': 'forventet en av {list}',
  'usage.commandTooLong': 'Kommandoen er {length} tegn lang; grensen er {max}.',
  'usage.commandTooLongFix': 'Gjør den kortere, eller del lang tekst opp i flere kommentarer.',
  'usage.usageLine': 'Bruk: {usage}',
  'usage.usageExample': 'Bruk: {usage}\nEksempel: {example}',
  'usage.notInFamily': '`{typed}` er ikke en {family}-kommando.',
  'usage.notInFamilyMeant': '`{typed}` er ikke en {family}-kommando. Mente du `{meant}`?',
  'usage.familyCommands': '{family}-kommandoer: {list}. Skriv `{prefix}help {family}`.',
  'usage.unknownCommand': 'Jeg kjenner ikke kommandoen `{typed}`.',
  'usage.unknownCommandMeant': 'Jeg kjenner ikke kommandoen `{typed}`. Mente du `{meant}`?',
  'usage.unknownCommandFix': 'Skriv `{prefix}help` for å se kommandoene.',
  'usage.hardToUndo': '`{command}` endrer ting som er vanskelige å gjøre om.',
  'usage.repeatWithYes': 'Gjenta den med --yes for å gå videre: {command}',
  'usage.repeatWithYesLong': 'Gjenta kommandoen med --yes lagt til for å gå videre.',
  'failure.internal':
    'Beklager, noe gikk galt hos meg (referanse {ref}). Driftsfolkene finner feilen i loggen; prøv igjen ' + 'om litt.',
};
