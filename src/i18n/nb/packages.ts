import type { packagesEn } from '../en/packages';

/** Pakkebibliotekets kontroller: det som er galt med en pakke eller signaturen dens. */
export const packagesNb: Record<keyof typeof packagesEn, string> = {
  'pkg.manifestInvalid': 'manifestet er ikke et gyldig opsdesk-pakkemanifest',
  'pkg.manifestFor': 'manifestet gjelder {manifest}, ikke {pkg}',
  'pkg.idempotentDiffers': 'idempotent-flagget er ikke som i manifestet',
  'pkg.timeoutDiffers': 'tidsgrensen er ikke som i manifestet',
  'pkg.scriptMissing': 'skriptet {kind} som manifestet nevner, mangler',
  'pkg.scriptNotSigned': 'skriptet {kind} står ikke i det signerte manifestet',
  'pkg.scriptHash':
    'SHA-256 for skriptet {kind} stemmer ikke med det signerte manifestet (manifest {want}…, skript {got}…)',
  'pkg.problems': '{label}: {problems}',
  'pkg.list': '{a}; {b}',
  'pkg.error': '{error}',
  'pkg.notSigned': '{label} er ikke signert',
  'pkg.sig.noTrustedKeys': 'ingen klarerte utgivelsesnøkler er satt opp (deploy.trustedKeys)',
  'pkg.sig.unreadable': 'signaturen kan ikke leses: {error}',
  'pkg.sig.none': 'signaturfilen inneholder ingen signatur',
  'pkg.sig.untrusted': 'den er signert med nøkkel {keyId}, som ikke er en klarert utgivelsesnøkkel',
  'pkg.sig.invalid': 'signaturen fra {keyId} kan ikke verifiseres: {error}',
  'pkg.notFound': 'Det finnes ingen pakke {name} i biblioteket.',
  'pkg.notFoundFix': 'Legg den til med `opsdesk package add`.',
  'pkg.exists': '{name} {version} finnes allerede i biblioteket.',
  'pkg.existsFix': 'Gi den en ny versjon, eller legg til --replace (signaturen dens forkastes).',
  'pkg.botKeyTrusted':
    'deploy.trustedKeys inneholder botens egen signeringsnøkkel {fingerprint} (i {file}); botens nøkkel kan ikke ' +
    'være en utgivelsesnøkkel.',
  'pkg.botKeyTrustedFix':
    'Fjern {file} fra deploy.trustedKeys og klarer heller de offentlige nøklene til utgivelsesansvarlige; pakker ' +
    'signeres med deres nøkler (opsdesk package sign --key).',
  'pkg.trustedKeysFix': 'Rett deploy.trustedKeys i oppsettet.',
  'pkg.botKeySigns':
    'Det er botens egen signeringsnøkkel ({fingerprint}), ikke en utgivelsesnøkkel; botens nøkkel signerer aldri ' +
    'pakker.',
  'pkg.botKeySignsFix': 'Signer med nøkkelen til en utgivelsesansvarlig (opsdesk package sign --key FIL).',
  'pkg.signatureRefused': 'Signaturen for {name} {version} avvises: {reason}.',
  'pkg.verifyFix': 'Signer den på nytt med `opsdesk package sign`, eller rett skriptene og legg til en ny versjon.',
  'pkg.notPrivateKey': '{source} er ikke en ASCII-armert privat OpenPGP-nøkkel.',
  'pkg.notPrivateKeyFix': 'Oppgi utgivelsesnøkkelen eksportert med `gpg --export-secret-keys --armor`.',
  'pkg.keyProtected': 'Utgivelsesnøkkelen {source} er beskyttet, og {variable} er ikke satt.',
  'pkg.keyProtectedFix': 'Sett {variable} til passordfrasen dens.',
  'pkg.keyProtectedOldFix':
    'Sett {variable} til passordfrasen dens: {old} leses ikke lenger for utgivelsesnøkler ' +
    '(botens nøkkel har sin egen, {bot}).',
};
