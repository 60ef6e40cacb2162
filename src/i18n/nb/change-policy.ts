import type { changePolicyEn } from '../en/change-policy';

export const changePolicyNb: Record<keyof typeof changePolicyEn, string> = {
  'policy.or': '{a} eller {b}',
  'policy.list': '{a}, {b}',
  'policy.problems': '{a}; {b}',
  'policy.none': 'ingen',
  'policy.noneTemplate': '(ingen)',
  'policy.noPackageName': 'ingen pakke',
  'policy.andMore': '{hosts} og {count} til',
  'policy.action.edit': 'endre den',
  'policy.action.submit': 'sende den inn',
  'policy.action.withdraw': 'trekke den',
  'policy.action.built': 'melde den som bygget',
  'policy.action.release': 'sende den til avstemning om utrulling',
  'policy.action.schedule': 'planlegge den',
  'policy.action.review': 'evaluere den',
  'policy.action.close': 'lukke den',
  'policy.action.cancel': 'avbryte den',
  'policy.own.voteOn': 'stemme over',
  'policy.own.override': 'overstyre avstemningen om',
  'policy.own.confirm': 'bekrefte',
  'policy.role.override': 'overstyre en CCB-avstemning',
  'policy.role.confirm': 'bekrefte en hasteendring',
  'policy.reason.override': 'En overstyring',
  'policy.reason.confirm': 'En bekreftelse',
  'policy.notOwner': 'Bare den som bestilte {key} ({name}), eller en {roles} kan {what}.',
  'policy.ownChange':
    'Du bestilte {key}, så du kan ikke {what} den: fire øyne-prinsippet, noen andre enn bestilleren avgjør.',
  'policy.ownChangeFix.vote': 'De andre medlemmene i styret stemmer over den.',
  'policy.ownChangeFix.override': 'Be en annen endringsansvarlig enn deg selv om å overstyre avstemningen.',
  'policy.ownChangeFix.confirm': 'Be en annen endringsansvarlig enn deg selv om å bekrefte den.',
  'policy.needsRole': 'Bare en {role} kan {what}.',
  'policy.reasonMissing': '{what} må ha en begrunnelse: den blir lagret og vist for CCB.',
  'policy.standardOnlyFromTemplate':
    '{key} kan ikke gjøres om til en standardendring ved redigering: en standardendring lages bare fra en ' +
    'konfigurert mal.',
  'policy.standardNotTyped':
    'En standardendring lages bare fra en konfigurert mal; `type=standard` kan ikke skrives inn.',
  'policy.templateType': 'En RFC fra malen {template} er en standardendring; den kan ikke være {typed}.',
  'policy.standardFix':
    'Lag den fra en mal: `rfc new --template ID …` (`changes.templates`), eller la den være normal og send den ' +
    'til CCB.',
  'policy.typeFixed': '{key} er {state}; typen ble låst da den ble sendt inn.',
  'policy.typeFixedFix': 'Trekk den, og foreslå en ny endring av typen {type}.',
  'policy.standardTypeFixed': '{key} er en standardendring fra malen {template}; typen kan ikke endres.',
  'policy.duringVote': '{key} er {state}: CCB stemmer over den, så ingenting ved den kan endres nå.',
  'policy.duringVoteFix': 'Trekk den først hvis den må endres.',
  'policy.finalState': '{key} er {state}; den endres ikke lenger.',
  'policy.deployedContent': '{key} er {state}; det som ble godkjent og rullet ut ({fields}), endres ikke lenger.',
  'policy.postApprovalOnly': 'Bare disse kan endres nå: {fields} (changes.policy.postApprovalFields).',
  'policy.noTemplate':
    '{key} er en standardendring, men malen {template} er ikke konfigurert; ingenting er forhåndsgodkjent.',
  'policy.theNewRfc': 'Den nye RFC-en',
  'policy.outsideTemplate': '{key} går utenfor det malen {template} tillater: {problems}.',
  'policy.templateFix':
    'Hold deg innenfor malens grenser (`changes.templates` {template}), eller foreslå en normal endring for CCB.',
  'policy.problem.type': 'typen er {type}, ikke standard',
  'policy.problem.fixed': '{field} er låst av malen («{wanted}»)',
  'policy.problem.noTargets': 'den angir ingen mål',
  'policy.problem.targets': 'målene {wider} er ikke blant malens mål ({allowed})',
  'policy.problem.noPackage': 'pakken {pkg}: malen tillater ingen pakke',
  'policy.problem.pkg': 'pakken {pkg} er ikke en malen tillater ({allowed})',
  'policy.noApproval': '{key} er ikke godkjent av CCB (eller av en mal for standardendringer).',
  'policy.proposalOnly': '{key} er bare godkjent som forslag; utrullingen er ikke godkjent.',
  'policy.approvalBroken': 'Godkjenningen av {key} stemmer ikke med innholdet den sier den godkjente.',
  'policy.contentChanged':
    '{key} er ikke det som ble godkjent: {fields} er endret siden godkjenningen (sjekksum {digest}).',
  'policy.approvedByRequester':
    '{key} ble godkjent av den som bestilte den; fire øyne-prinsippet krever at noen andre godkjenner.',
  'policy.noApprovers': 'Godkjenningen av {key} oppgir ingen som godkjente den.',
  'policy.approvalFix': 'Skriv `rfc show {key}`; CCB godkjenner den på nytt etter `rfc submit {key}`.',
  'policy.reopenNeedsNoApproval': '{key} kan ikke gå til CCB igjen så lenge den fortsatt har en godkjenning.',
  'policy.deployingMovesItself': '{key} rulles ut; bare utrullingen flytter den videre (til {to}) når den er ferdig.',
  'policy.deployingFix': 'Skriv `deploy status {key}`; `deploy cancel {key}` eller `rollback {key}` avslutter den.',
  'policy.showFix': 'Skriv `rfc show {key}` for å se hvor den står.',
  'policy.notSubmittable': '{key} er {state}; bare et utkast eller en utsatt endring kan sendes inn til CCB.',
  'policy.releasePostponed': '{key} ble utsatt i avstemningen om utrulling; den er allerede godkjent.',
  'policy.postponedBeforeApproval':
    '{key} ble utsatt før CCB godkjente den; den må gjennom godkjenningsavstemningen først.',
  'policy.notEmergency': '{key} er en endring av typen {type}; bare en hasteendring kan bekreftes.',
  'policy.alreadyConfirmed': 'Hasteendringen {key} er allerede bekreftet (av {by}).',
  'policy.reopened':
    '{key} ble endret etter godkjenningen ({fields}, av {by}): godkjenningen gjelder ikke lenger, og CCB stemmer ' +
    'over den på nytt.',
  'policy.alreadyDeploying': '{key} rulles allerede ut.',
  'policy.alreadyDeployingAs': '{key} rulles allerede ut ({label}).',
  'policy.notReleaseApproved':
    '{key} er ikke godkjent for utrulling: den er {state}. En utrulling krever at CCB har godkjent utrullingen ' +
    '(tilstand scheduled).',
  'policy.noWindow': '{key} har ikke noe godkjent tidsvindu for endringen.',
  'policy.outsideWindow': 'Utenfor tidsvinduet til {key}: det er {start} – {end} ({timezone}); nå er klokka {now}.',
  'policy.windowFix':
    'Rull ut innenfor tidsvinduet, eller be CCB om et nytt (endrer du tidsvinduet, åpnes avstemningen igjen).',
  'policy.noPackage': '{key} angir ingen godkjent pakke.',
  'policy.wrongPackage': '{label} installerer {pkg}, men godkjenningen gjelder {approved}.',
  'policy.digestMismatch': '{label} ble startet for en annen godkjenning av {key} enn den den har nå.',
  'policy.outOfScope.one': '{hosts} er utenfor det som ble godkjent for {key} (mål: {approved}).',
  'policy.outOfScope.other': '{hosts} er utenfor det som ble godkjent for {key} (mål: {approved}).',
  'policy.outOfTemplateScope.one': '{hosts} er utenfor det malen {template} kan nå for {key}.',
  'policy.outOfTemplateScope.other': '{hosts} er utenfor det malen {template} kan nå for {key}.',
  'policy.scopeFix':
    'Rull ut bare til de godkjente målene (`deploy {key} --dry-run` viser dem), eller utvid dem med `rfc edit ' +
    '{key} targets=…`, som åpner CCB-avstemningen igjen.',
  'policy.frozenPart': '{group} er frosset til {until} av {by}: {reason} (gjelder {count} av målene)',
  'policy.frozen': 'Frosset: {parts}.',
  'policy.freezeFix':
    'Vent til frysen er over, eller be om en hasteendring (bekreftet av en annen endringsansvarlig enn ' +
    'bestilleren).',
  'policy.chaseTooLong':
    '--chase-hours {hours} går forbi grensen for oppfølging {bound} ({timezone}; slutten av det godkjente ' +
    'tidsvinduet pluss {grace} t): høyst {max} t nå.',
  'policy.chasePastBound':
    'grensen for oppfølging {bound} ({timezone}; slutten av det godkjente tidsvinduet pluss respitten) er passert',
  'policy.noRfc': '{label} hører ikke til noen RFC; en utrulling uten godkjent RFC kjøres aldri.',
  'policy.rfcState': '{key} er {state} (ikke {wanted}), så {label} fortsetter ikke.',
  'policy.rolledBack': '{label} ble rullet tilbake.',
  'policy.rollbackState': '{key} er {state}; bare en endring som rulles ut eller er rullet ut, kan rulles tilbake.',
  'policy.stillRunning': '{label} kjører fortsatt.',
  'policy.cancelFirst': 'Avbryt den først: `deploy cancel {key}`.',
  'policy.statusFix': 'Skriv `deploy status {key}`.',
  'policy.startConditionOpen':
    '{key} kan ikke starte ennå: startbetingelsen «{condition}» er ikke markert som oppfylt (av en {role}).',
  'policy.releaseAgainFix': 'Be om godkjenning av utrullingen igjen: `/rfc release {key}`.',
  'policy.submitAgainFix': 'Send den inn igjen: `/rfc submit {key}`.',
  'policy.deployingNowFix': 'Skriv `deploy status {key}`, `deploy resume {key}` eller `deploy cancel {key}`.',
  'policy.rfcShowFix': 'Skriv `rfc show {key}`.',
  'policy.packageFix': 'Angi den med `rfc edit {key} package=NAVN@VERSJON` (så godkjenner CCB den).',
  'policy.chaseFix': 'Bruk --chase-hours {max} eller mindre.',
  'policy.conditionFix': 'Når den er oppfylt: `rfc condition {key} met [NOTAT]` (av rollen som er angitt).',
  'policy.life.already': '{key} er allerede {state}.',
  'policy.life.cannot': '{key} er {from}; den kan ikke bli {to}. Fra {from} kan den bli: {next}.',
  'policy.life.cannotFinal': '{key} er {from}; den kan ikke bli {to}. {from} er en slutttilstand.',
  'policy.life.waysOut':
    ' Veier ut: `deploy {key}` kjører resten, `deploy complete {key} --with-exceptions` godtar den som den er, ' +
    '`rollback {key}` ruller den tilbake.',
  'policy.life.withWaysOut': '{text}{out}',
  'policy.life.draftToScheduled':
    '{key} er en endring av typen {type}; bare standardendringer (forhåndsgodkjente) går rett fra utkast til ' +
    'planlagt. Fra draft kan den bli: proposed, withdrawn.',
  'policy.life.reviewFirst':
    '{key} er en hasteendring: den må evalueres før den lukkes. Fra deployed kan den bli: reviewed, rolled-back.',
  'policy.life.postponedToVote':
    '{key} er en endring av typen {type}; etter en utsettelse går den tilbake til avstemning (proposed eller ' +
    'release-vote).',
};
