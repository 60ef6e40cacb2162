import type { keyFileEn } from '../en/key-file';

export const keyFileNb: Record<keyof typeof keyFileEn, string> = {
  'keyFile.notAFile': '{what} {file} er ikke en vanlig fil.',
  'keyFile.notAFileFix': 'La innstillingen peke på selve nøkkelfilen.',
  'keyFile.open':
    '{what} {file} kan brukes av andre brukere (modus {mode}); en privat nøkkel skal bare kunne leses av eieren.',
  'keyFile.openFix': 'Kjør: chmod 600 {file}',
  'keyFile.owner':
    '{what} {file} eies av uid {uid}, ikke av {user} (uid {me}) som opsdesk kjører som; eieren kan lese eller ' +
    'bytte den ut.',
  'keyFile.ownerFix': 'Kjør: chown {user} {file} && chmod 600 {file}',
  'keyFile.unreadable': 'Kan ikke lese {what} {file}: {code}',
  'keyFile.unreadableFix': 'Sjekk stien i oppsettet eller i miljøet.',
};
