import type { cliEn } from '../en/cli';

export const cliNb: Record<keyof typeof cliEn, string> = {
  'cli.description':
    'Chat-ops-bot for en IT-brukerstøtte i skolen: saker, CCB-avstemninger, SSH-utrullinger, dagsoversikt.',
  'cli.helpAfterError': '(legg til --help for bruk)',
  'cli.opt.help': 'vis hjelp for kommandoen',
  'cli.opt.version': 'skriv ut versjonsnummeret',
  'cli.opt.config': 'oppsettsfil',
  'cli.opt.configDefault':
    'oppsettsfil (YAML eller JSON); standard: $OPSDESK_CONFIG eller fixtures/opsdesk.example.yaml',
  'cli.logTo': 'opsdesk: logger til {file} (sett LOG_LEVEL=info for å se loggen her)',
  'cli.start': 'kjør boten: konsollen (om den er på), Slack og Matrix (om de er satt opp), jobber og /healthz',
  'cli.start.as': 'personen som snakker i konsollen ved start',
  'cli.console':
    'snakk med boten bare i denne terminalen (eller fra et rør: én linje per melding); avslutter når inndata tar slutt',
  'cli.console.as': 'personen som snakker ved start',
  'cli.checkConfig': 'kontroller en oppsettsfil og skriv ut hva som er feil',
  'cli.checkConfig.valid': '{source} er gyldig: {people}, tidssone {timezone}.',
  'cli.people.one': '{count} person',
  'cli.people.other': '{count} personer',
  'cli.commands': 'skriv ut oppslagsverket for alle chat-kommandoer (bruk, hvem som kan kjøre dem)',
  'cli.commands.markdown': 'som Markdown (den genererte delen av docs/commands.md)',
  'cli.audit': 'endringsprotokollene: hash-kjedet, signert revisjonslogg for hver RFC',
  'cli.audit.verify':
    'kontroller protokollen for hver RFC (hash-kjede, rekkefølge, signaturer); én linje per RFC; ' +
    'avslutter med 1 om noen er brutt',
  'cli.inventory': 'maskinene utrullinger når: importer fra YAML eller CSV, vis',
  'cli.inventory.import':
    'legg til eller oppdater maskiner fra en YAML-fil (hosts: [...]) eller CSV-fil; avviser hele filen om ' +
    'en rad er feil',
  'cli.inventory.file': 'inventarfil',
  'cli.inventory.format': 'yaml eller csv (standard: etter filnavnet)',
  'cli.inventory.prune': 'fjern maskiner som ikke står i filen',
  'cli.inventory.unknownFormat': 'Kan ikke se hvilket format {file} har.',
  'cli.inventory.unknownFormatFix': 'Gi den navn på .yaml eller .csv, eller oppgi --format yaml|csv.',
  'cli.inventory.notImported': '{file} er ikke importert:\n{errors}',
  'cli.inventory.notImportedFix': 'Rett radene som er nevnt over, og importer igjen; ingenting ble endret.',
  'cli.inventory.imported': '{file}: {created} opprettet, {updated} oppdatert, {unchanged} uendret.',
  'cli.inventory.importedPruned':
    '{file}: {created} opprettet, {updated} oppdatert, {unchanged} uendret, {removed} fjernet.',
  'cli.inventory.list': 'vis maskiner, eventuelt valgt ut som mål for en utrulling (pilot school=nordby)',
  'cli.inventory.targets': 'navn på maskiner eller grupper og filtre på formen nøkkel=verdi',
  'cli.inventory.noPinnedKey': '(ingen festet vertsnøkkel)',
  'cli.inventory.count': '{count} maskin(er): {query}',
  'cli.import.notValid': 'ikke gyldig {format}: {reason}',
  'cli.import.notAList': 'forventet en liste med maskiner, eller `hosts:` med en slik',
  'cli.import.row': 'rad {n}',
  'cli.import.host': 'maskin {n}',
  'cli.import.entry': 'oppføring',
  'cli.import.twice': '{where}: {name} står der to ganger',
  'cli.import.expect.word': 'forventet bokstaver, sifre, ".", "_" eller "-"',
  'cli.import.expect.present': 'mangler',
  'cli.import.expect.address': 'forventet et vertsnavn eller en IP-adresse',
  'cli.import.expect.user': 'forventet et brukernavn som "root"',
  'cli.import.expect.attribute': 'forventet et egenskapsnavn',
  'cli.import.expect.fingerprint':
    'forventet et SHA256-fingeravtrykk som "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU"',
  'cli.keys': 'botens OpenPGP-signeringsnøkkel (signerte endringsprotokoller)',
  'cli.keys.init':
    'lag signeringsnøkkelen i changes.signing.keyDir (privat nøkkel med modus 0600; passordfrase fra ' +
    'OPSDESK_BOT_KEY_PASSPHRASE)',
  'cli.keys.dir': 'skriv nøkkelen hit i stedet for til changes.signing.keyDir',
  'cli.keys.name': 'navnet i bruker-id-en',
  'cli.keys.email': 'e-postadressen i bruker-id-en',
  'cli.keys.force': 'erstatt en nøkkel som finnes',
  'cli.keys.warning': 'Advarsel: {message}.',
  'cli.keys.written':
    'Signeringsnøkkelen {fingerprint} er skrevet:\n  privat: {privateFile} (hold den hemmelig; eller gi den i ' +
    'OPSDESK_SIGNING_KEY)\n  offentlig: {publicFile}',
  'cli.keys.verifyHint':
    'Kontroller en eksport med: gpg --import {publicFile} && gpg --verify RFC-1.json.asc RFC-1.json',
  'cli.package': 'programvarebiblioteket: legg til pakker, signer manifestene deres, kontroller dem',
  'cli.package.add':
    'legg til en pakke: installerings- og tilbakerullingsskript (og eventuelt et kontrollskript); skriver ut ' +
    'manifestet som skal signeres',
  'cli.package.install': 'installeringsskript',
  'cli.package.backout': 'tilbakerullingsskript',
  'cli.package.check': 'kontrollskript: avslutter med 0 når endringen er på plass',
  'cli.package.idempotent': 'skriptene kan kjøre igjen på en maskin der de alt har kjørt (det vanlige)',
  'cli.package.timeout': 'lengste tid et skript kan kjøre på én maskin',
  'cli.package.description': 'hva pakken gjør',
  'cli.package.replace': 'erstatt en versjon som finnes (signaturen dens forsvinner)',
  'cli.package.badTimeout': '--timeout må være et helt antall sekunder.',
  'cli.package.badTimeoutFix': 'Oppgi sekundene som et tall, for eksempel --timeout 600.',
  'cli.package.added':
    'La til {name} {version} (usignert). Signer den med: opsdesk package sign {name} {version} --key FILE',
  'cli.package.manifest': 'skriv ut manifestteksten for å signere den et annet sted (gpg --detach-sign --armor)',
  'cli.package.sign':
    'signer manifestet til en pakke med en utgivelsesnøkkel (--key, modus 0600; passordfrase i ' +
    'OPSDESK_RELEASE_KEY_PASSPHRASE) eller legg ved en frittstående signatur (--signature)',
  'cli.package.key': 'ASCII-armert privat OpenPGP-nøkkel',
  'cli.package.signature': 'ASCII-armert frittstående signatur laget et annet sted',
  'cli.package.keyOrSignature': 'Oppgi enten --key FILE eller --signature FILE.',
  'cli.package.keyOrSignatureFix':
    'Signer her med --key, eller legg ved en signatur laget et annet sted med --signature.',
  'cli.package.releaseKey': 'utgivelsesnøkkelen',
  'cli.package.signed': 'Signerte {name} {version} med {signer}.',
  'cli.package.verify':
    'kontroller skriptene mot det signerte manifestet og signaturen mot de betrodde utgivelsesnøklene',
  'cli.package.refused': 'Avvist: {reason}.',
  'cli.package.refusedFix':
    'Signer pakken (opsdesk package sign) når skriptene er ferdige, med en nøkkel i deploy.trustedKeys.',
  'cli.package.verifies': '{name} {version} er i orden: signert av {signer}, skriptene stemmer med manifestet.',
  'cli.package.list': 'vis pakkene i biblioteket',
  'cli.package.signedBy': 'signert av {signer}',
  'cli.package.unsigned': 'usignert',
  'cli.package.isIdempotent': 'idempotent',
  'cli.package.count': '{count} pakke(r).',
  'cli.repair':
    'bygg sakenes trådlenker, saksnummermerket og sammendragene for dagsoversikten og statistikken på nytt fra ' +
    'sakene (leser alt)',
  'cli.repair.links': 'trådlenker lagt til: {count}',
  'cli.repair.mark': 'saksnummermerke: {mark}',
  'cli.repair.rollups': 'sammendrag bygd på nytt fra {count} saker',
};
