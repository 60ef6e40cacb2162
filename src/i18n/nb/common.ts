import type { commonEn } from '../en/common';

export const commonNb: Record<keyof typeof commonEn, string> = {
  'age.minutes': '{count} min',
  'age.hours': '{count} t',
  'age.days': '{count} d',
  'dur.hm': '{h} t {m} min',
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
  'intake.overBudget.message':
    'Jeg klarte ikke å behandle den meldingen innen {seconds} s, så jeg har gått videre til de neste. Den kan ' +
    'fortsatt få virkning senere; hører du ikke mer om den, prøv igjen om en stund.',
  'intake.overBudget.reaction':
    'Jeg klarte ikke å behandle den reaksjonen innen {seconds} s, så jeg har gått videre til de neste. Den kan ' +
    'fortsatt få virkning senere; hører du ikke mer om den, prøv igjen om en stund.',
  'intake.encryptedNoCrypto':
    'Jeg kan ikke lese krypterte meldinger her: ende-til-ende-kryptering er ikke tilgjengelig i denne opsdesk. ' +
    'Skriv til meg i et ukryptert rom eller en ukryptert direktemelding.',
  'intake.undecryptable':
    'Jeg klarte ikke å dekryptere den siste meldingen din. Send den på nytt, eller verifiser denne økten.',
};
