import type { signingEn } from '../en/signing';

export const signingNb: Record<keyof typeof signingEn, string> = {
  'signing.botKey': 'botens signeringsnøkkel',
  'signing.legacyIgnored':
    '{legacy} er satt, men blir oversett: passordfrasen til botens nøkkel hentes fra {current}; fjern den gamle ' +
    'variabelen',
  'signing.legacyDeprecated':
    '{legacy} er foreldet: gi den nytt navn, {current}, for botens nøkkel (utgivelsesnøkler henter sin fra ' +
    'OPSDESK_RELEASE_KEY_PASSPHRASE, på maskinen til utgivelsesansvarlig)',
  'signing.notArmored': 'signeringsnøkkelen fra {source} er ikke en ASCII-armert privat OpenPGP-nøkkel',
  'signing.notArmoredFix':
    'La OPSDESK_SIGNING_KEY_FILE eller changes.signing.privateKeyFile peke på nøkkelen som `opsdesk keys init` ' +
    'skrev.',
  'signing.protected': 'signeringsnøkkelen fra {source} er beskyttet: sett {variable}',
  'signing.protectedFix': 'Sett {variable} til nøkkelens passordfrase i botens miljø.',
  'signing.wrongPassphrase': 'signeringsnøkkelen fra {source} åpner seg ikke med passordfrasen i {variable}',
  'signing.wrongPassphraseFix': 'Sett {variable} til passordfrasen nøkkelen ble laget med.',
  'signing.noKey': 'ingen signeringsnøkkel (OPSDESK_SIGNING_KEY, OPSDESK_SIGNING_KEY_FILE eller {where})',
  'signing.notStarted': 'ikke startet',
  'signing.unsigned': 'usignerte protokoller (changes.signing.allowUnsigned)',
  'signing.notReady': '{reason}; kjør `opsdesk keys init` eller sett OPSDESK_SIGNING_KEY, og start på nytt',
};
