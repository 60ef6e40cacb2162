import type { intakeEn } from '../en/intake';

export const intakeNb: Record<keyof typeof intakeEn, string> = {
  'intake.noCrypto':
    'Jeg kan ikke lese krypterte meldinger her: ende-til-ende-kryptering er ikke tilgjengelig i denne opsdesk. ' +
    'Skriv til meg i et ukryptert rom eller en direktemelding.',
  'intake.undecryptable':
    'Jeg klarte ikke å dekryptere den siste meldingen din. Send den på nytt, eller verifiser denne økten.',
  'intake.message': 'meldingen',
  'intake.reaction': 'reaksjonen',
  'intake.overBudget':
    'Jeg klarte ikke å behandle {what} innen {seconds} s, så jeg har gått videre til de neste. Den kan fortsatt få ' +
    'virkning senere; hører du ikke mer om den, prøv igjen om en stund.',
  'intake.nobody': 'ingen (ingen roller er satt opp)',
  'tokens.openQuote': 'Et anførselstegn er ikke lukket.',
  'tokens.openQuoteFix': 'Lukk anførselstegnet, eller utelat anførselstegn.',
  'tokens.badOption': '`{word}` er ikke et gyldig valg.',
  'tokens.needsValue': '`--{flag}` trenger en verdi.',
};
