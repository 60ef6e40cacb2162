import type { intakeEn } from '../en/intake';

export const intakeNb: Record<keyof typeof intakeEn, string> = {
  'intake.nobody': 'ingen (ingen roller er satt opp)',
  'tokens.openQuote': 'Et anførselstegn er ikke lukket.',
  'tokens.openQuoteFix': 'Lukk anførselstegnet, eller utelat anførselstegn.',
  'tokens.badOption': '`{word}` er ikke et gyldig valg.',
  'tokens.needsValue': '`--{flag}` trenger en verdi.',
};
