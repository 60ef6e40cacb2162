import type { deployOpsEn } from '../en/deploy-ops';

export const deployOpsNb: Record<keyof typeof deployOpsEn, string> = {
  'hosts.more': '{hosts} … og {count} til',

  'pilot.waiting': 'Piloten er ferdig: venter på go/no-go.',
  'pilot.decider.ccb': 'et CCB-medlem',
  'pilot.decider.release-manager': 'en utgivelsesansvarlig',
  'pilot.line': 'Pilot {group} ({count}: {hosts}): {counts}.',
  'pilot.wait': '{count} maskin(er) venter på go.',
  'pilot.ask':
    '{decider}: reager med :{go}: for go eller :{noGo}: for no-go, eller skriv `deploy go {key}` / ' +
    '`deploy no-go {key}`.',
  'pilot.text': 'Go/no-go for {label} ({package}): {lines}',
  'pilot.title': 'Go/no-go: {label}',
  'pilot.status': 'VENTER PÅ GO/NO-GO',
  'pilot.goNote': 'Go fra {name}: de øvrige {count} maskin(ene) kjøres nå.',
  'pilot.noGoReason': 'No-go etter piloten fra {name}; maskinene etter piloten ble hoppet over.',
  'pilot.noGoNote': 'No-go fra {name}: ingenting mer kjøres. {rollback}',
  'pilot.noGoRollback': '`rollback {key}` ruller tilbake de {count} pilotmaskinene som fikk den ({hosts}).',
  'pilot.noGoNothing': 'Ingen pilotmaskin fikk den; det er ingenting å rulle tilbake.',
  'pilot.notDecider': 'Bare {decider} svarer på go/no-go for {label} (deploy.pilot.decidedBy).',
  'pilot.noneWaiting': '{key} har ingen pilot som venter på go/no-go.',
  'pilot.noneWaitingState': '{key} har ingen pilot som venter på go/no-go ({label} er {state}).',
  'pilot.answered': 'Go/no-go for {label} er allerede besvart.',
  'pilot.statusFix': 'Skriv `deploy status {key}`.',
  'pilot.cmd.go': '{label}: go fra {name}; resten kjøres nå.',
  'pilot.cmd.noGo':
    '{label}: no-go fra {name}; den stoppet etter piloten. `rollback {key}` ruller tilbake pilotmaskinene.',

  'chase.notListed': '{host} står ikke på oppfølgingslisten for {key}.',
  'chase.listFix': 'Skriv `chase {key} list`.',
  'chase.notEnded': '{label} er {state}; oppfølgingslisten prøves igjen når den er avsluttet.',
  'chase.held': 'avbrutt underveis, kan allerede ha kjørt; prøves ikke igjen før `chase {key} retry {host} --yes`',
  'chase.entry': '{host}: {state}',
  'chase.entryWhy': '{host}: {state} ({why})',
  'chase.empty': 'Oppfølgingslisten for {key} er tom.',
  'chase.policyActive': 'prøves igjen hvert {minutes} min til {until}',
  'chase.policyIdle': 'prøves ikke igjen',
  'chase.policyPaused': 'prøves ikke igjen (på pause: {reason})',
  'chase.more': '… og {count} til: `deploy show D-{n} failed` grupperer dem etter feil.',
  'chase.list': 'Oppfølgingsliste for {key} ({count}, {policy}):\n{lines}',
  'chase.round':
    'Oppfølging av {key}: prøvde {retried} på nytt, {count} vellykket{recovered}, {left} igjen.{held}{running}',
  'chase.roundRecovered': ' ({hosts}; `deploy show D-{n} succeeded`)',
  'chase.roundHeld':
    ' Ikke prøvd igjen (avbrutt underveis, kan allerede ha kjørt): {hosts}; `chase {key} retry HOST --yes` kjører ' +
    'én på nytt.',
  'chase.roundRunning': ' Kjører fortsatt fra en tidligere runde, ikke kjørt på nytt: {hosts}.',
  'chase.retriedOk': '{host} ble kjørt på nytt etter ønske fra {name} og var vellykket.',
  'chase.retriedFailed':
    '{host} ble kjørt på nytt etter ønske fra {name}: {state}. Den blir stående på oppfølgingslisten for {key}.',

  'pre.unknownRfc': '{key} er ikke en RFC jeg kjenner.',
  'pre.unknownRfcFix': 'Skriv `rfc list` for å se RFC-ene.',
  'pre.packageBad': 'Pakken kan ikke verifiseres: {reason}.',
  'pre.packageBadFix': 'Ingenting ble kjørt. Signer den på nytt, eller rett skriptene og legg til en ny versjon.',
  'pre.unreachable': 'Får ikke kontakt med målene: {reason}.',
  'pre.downgrade': '{key} ville installere {package}, som er eldre enn det {count} mål kjører: {hosts}.',
  'pre.downgradeHost': '{host} kjører {version}',
  'pre.downgradeList': '{list}, {one}',
  'pre.downgradeMore': '{hosts}, … og {count} til',
  'pre.downgradeFix':
    'Ingenting ble kjørt. Er nedgraderingen tilsiktet, oppgi det: `rfc edit {key} downgrade=yes` (CCB må da ' +
    'godkjenne den på nytt).',
  'pre.alreadyDeploying': '{key} rulles allerede ut.',
  'pre.alreadyDeployingRace': '{key} rulles allerede ut (en annen `deploy` startet i samme øyeblikk).',
  'pre.noProgress':
    '{label} startet ikke: jeg fikk ikke postet fremdriftsmeldingen ({error}). Ingenting ble kjørt, og den ' +
    'kjøres heller ikke senere.',
  'pre.noProgressFix': 'Sjekk forbindelsen til chatten, og skriv så `deploy {key}` igjen.',
  'pre.startLate': '{label} startet ikke i tide; den er registrert som feilet og kjøres ikke.',
  'pre.againFix': 'Skriv `deploy {key}` igjen.',
  'pre.targetsUnknown.one': 'Målene finnes ikke: {names} er verken en maskin eller en gruppe i inventaret.',
  'pre.targetsUnknown.other': 'Målene finnes ikke: {names} er verken maskiner eller grupper i inventaret.',
  'pre.targetsUnknownFix': 'Skriv `/inventory groups` for gruppenavnene, `/inventory list` for maskinene.',
  'pre.targetsEmpty': 'Målene finnes ikke: ingen maskin passer til {query}.',
  'pre.targetsEmptyFix': 'Skriv `/inventory list` med de samme filtrene for å sjekke.',

  'dep.noId': 'Det finnes ingen utrulling {id}.',
  'dep.none': '{key} har ingen utrulling ennå.',
  'dep.noneRollback': '{key} har ingen tilbakerulling ennå.',
  'dep.noneFix': 'Start en med `deploy {key}`.',
  'dep.nothingToCancel': '{label} er {state}; det er ingenting å avbryte.',
  'dep.nothingToCancelFix':
    'Blir {key} stående som under utrulling: `deploy {key}` kjører resten, `deploy complete {key} ' +
    '--with-exceptions` godtar den som den er, `rollback {key}` ruller den tilbake.',
  'dep.notPaused': '{label} er {state}; bare en utrulling (eller oppfølging) på pause kan gjenopptas.',
  'dep.pilotWaits': '{label} venter på go/no-go etter piloten; en gjenopptakelse svarer ikke på det.',
  'dep.pilotWaitsFix': 'Skriv `deploy go {key}` eller `deploy no-go {key}`.',
  'dep.raced': '{label} ble endret i samme øyeblikk; ingenting ble gjenopptatt.',

  'at.needsTime': '`at` trenger et tidspunkt.',
  'at.fix': 'Skriv `at window` (når det godkjente vinduet åpner) eller `at 2026-12-01 07:30`.',
  'at.dryRun': '--dry-run viser en start nå; utelat `at …`, eller planlegg den uten --dry-run.',
  'at.noWindow': '{key} har ikke noe godkjent vindu å starte ved.',
  'at.noWindowFix': 'Skriv `rfc show {key}`.',
  'at.windowOpen': 'Vinduet for {key} har allerede åpnet.',
  'at.past': 'Det tidspunktet har allerede vært.',
  'at.nowFix': 'For å starte nå: `deploy {key}`.',
  'at.already': '{key} har allerede en planlagt start.',
  'at.alreadyFix': 'Skriv `rfc show {key}` for å se den, eller `deploy cancel {key}` for å avlyse den først.',
  'at.when': '{time}',
  'at.whenWindow': '{time} (når det godkjente vinduet åpner)',
  'at.scheduled':
    '{key} starter {when}, planlagt av {name}. Alle forutsetninger (godkjenning, vindu, fryser, mål, ' +
    'startbetingelse, pilot) sjekkes på nytt da. `deploy cancel {key}` avlyser den.',
  'at.line': 'Planlagt start: {when}, av {name}; `deploy cancel {key}` avlyser den.',
  'at.started': 'Starten av {key} planlagt {when} av {name}: alle forutsetninger er oppfylt; den starter nå.',
  'at.refused': 'Starten av {key} planlagt {when} av {name} er avvist: {reason} Ingenting ble kjørt.{fix}',
  'at.cancelled': 'Starten av {key} planlagt {when} er avlyst av {by}; ingenting ble kjørt.',
  'at.mayNot': '{name} kan ikke lenger rulle ut (roller: {roles}).',
  'at.mayNotFix': 'Noen som kan: `deploy {key}`.',
  'at.failed': 'starten feilet (se loggen)',

  'flag.wholeNumber': '{name} må være et heltall.',
  'flag.atMost': '{name} er høyst {max}.',
  'flag.atLeast': '{name} må være minst {min}.',
  'flag.canary': '{name} er et tall, en gruppe eller HOST,HOST.',
  'flag.group': '{name} angir en gruppe.',
  'flag.minutes': '{name} må være et antall minutter (høyst {max}).',
  'flag.hours': '{name} må være et antall timer (høyst {max}).',

  'show.none': '{label}: ingen maskin er {state}.',
  'show.group.one': '{line}: 1 maskin ({hosts})',
  'show.group.other': '{line}: {count} maskiner ({hosts})',
  'show.moreKinds': '… og {count} andre slags feil.',
  'show.grouped': '{label}: {count} maskin(er) {state}, etter feillinje:\n{lines}',
  'show.host': '{label}, {host}: {state}, {attempts} forsøk.',
  'show.hostDropped': '{label}, {host}: {state}, {attempts} forsøk, tatt ut av oppfølgingslisten.',
  'show.tail': 'Siste {count} linje(r) med utdata:',
  'show.numberMissing': 'D-N mangler: hvilken utrulling (som `D-12`, fra fremdriftsmeldingen)?',
  'show.notAnOption': '--{flag} er ikke et valg her; --csv legger ved listen som en fil.',
  'show.allIsForFile': '`all` er for filen: `deploy show D-N all --csv`.',
  'show.noDeployment': 'Det finnes ingen utrulling D-{n}.',
  'show.statusFix': 'Skriv `deploy status RFC`.',
  'show.all': '{label}: {count} maskin(er).',
  'show.attached': 'Hele listen er vedlagt: {file}.',
  'show.csvOneHost': '--csv viser maskiner i en tilstand (eller `all`), ikke én maskin.',
  'show.neither': '{what} er verken en tilstand eller en maskin i {label}.',
  'show.neitherFix': 'Skriv `deploy show D-{n} failed` (tilstander: {states}).',

  'complete.sayIt':
    'Si at du godtar maskinene som ikke ble nådd: `deploy complete {key} --with-exceptions`. De registreres og ' +
    'følges opp (ett problem, eller --incidents for én sak per maskin).',
  'complete.done':
    '{key} er rullet ut med unntak (godtatt av {name}): {succeeded}/{total} vellykket; {count} unntak{list}. ' +
    'Oppfølgingslisten prøves ikke lenger. Neste: `rfc review {key}`.',
  'complete.list': ': {hosts}; oppfølging: {keys}',
  'complete.notDeploying': '{key} er {state}; bare en RFC under utrulling kan fullføres med unntak.',
  'complete.notEnded': '{label} er {state}; den må avsluttes før {key} kan fullføres.',
  'complete.notEndedFix': 'Skriv `deploy cancel {key}` først (mål som kjører, fullføres), og så dette igjen.',
  'complete.already': '{key} er allerede fullført med unntak.',

  'freeze.notADate': '«{typed}» er ikke en dato.',
  'freeze.notADateFix': 'Skriv den som 2026-06-12 eller «2026-06-12 08:00».',
  'freeze.past': '{time} har allerede vært.',
  'freeze.none': 'Ingen frys satt fra chatten gjelder {group}.',
  'freeze.noneFix': 'Skriv `deploy freezes` for å se dem; fryser fra konfigurasjonen endres i konfigurasjonsfilen.',
  'freeze.describe': '{group} fryst til {until} av {name}: {reason}',
};
