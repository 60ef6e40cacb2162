import type { changesEn } from '../en/changes';

export const changesNb: Record<keyof typeof changesEn, string> = {
  'rfc.line': '{key} [{state}] {title} — {type}, {requester}',
  'rfc.lineAt': '{key} [{state}] {title} — {type}, {requester}, {at}',
  'rfc.heading': '{key} {title} [{state}] ({type}, bestilt av {requester})',
  'rfc.missing': 'Mangler før innsending: {fields}.',
  'rfc.ready': 'Klar: skriv `rfc submit {key}`.',
  'rfc.auditHint': 'Skriv `rfc audit {key}` for historikken.',
  'rfc.approvedBy': 'av {names}',
  'rfc.approvedByOverride': 'av {names} (overstyrt)',
  'rfc.approvedByTemplate': 'av malen {template}',
  'rfc.approved': 'Godkjent ({stage}): {by}, sjekksum {digest}',
  'rfc.revisionOf': 'Revisjon {revision} av {of} (avvist).',
  'rfc.revisedAs': 'Revidert som {key}.',
  'rfc.conditionMet': 'Startbetingelsen er oppfylt (markert av {by}).',
  'rfc.conditionOpen': 'Startbetingelsen er ikke markert som oppfylt ennå: `rfc condition {key} met` ({role}).',
  'rfc.conflicts': '⚠ Konflikter: {list}',
  'rfc.emergencyConfirmed': 'Hasteendringen er bekreftet av {by}: {reason}',
  'rfc.emergencyUnconfirmed':
    'Hasteendringen er ikke bekreftet: vanlige regler gjelder til en annen endringsansvarlig enn bestilleren ' +
    'bekrefter den.',
  'rfc.card.type': 'Type',
  'rfc.card.requester': 'Bestilt av',
  'rfc.card.template': 'Mal',
  'rfc.list.none': 'Ingen endringer.',
  'rfc.list.noneOf': 'Ingen endringer med filteret {filter}.',
  'rfc.list.count.one': '{count} endring:',
  'rfc.list.count.other': '{count} endringer:',
  'rfc.list.title': '{count} endringer ({filter})',
  'rfc.list.more': '…og {count} til.',
  'rfc.list.badFilter': '«{typed}» er ikke et filter for listen: {filters}.',
  'rfc.audit.heading.one': 'Historikken til {key} ({count} oppføring): {verdict}',
  'rfc.audit.heading.other': 'Historikken til {key} ({count} oppføringer): {verdict}',
  'rfc.audit.title': 'Historikken til {key}',
  'rfc.audit.chain': 'Kjede',
  'rfc.audit.head': 'Siste: oppføring {seq}, {hash}',
  'rfc.new.badType': '--type må være normal eller emergency (standardendringer lages med --template).',
  'rfc.new.noTitle': 'TITLE mangler.',
  'rfc.new.titleTooLong': 'TITLE er lengre enn 200 tegn; skriv detaljene i beskrivelsen.',
  'rfc.new.noTemplate': 'Det finnes ingen mal for standardendringer som heter «{typed}».',
  'rfc.new.templates': 'Maler: {ids}.',
  'rfc.new.noTemplates': 'Ingen maler er konfigurert (changes.templates).',
  'rfc.new.untitled': 'Endring uten tittel',
  'rfc.new.created': 'Opprettet {key} ({type}, utkast): {title}.',
  'rfc.new.createdFromTemplate': 'Opprettet {key} ({type}, fra malen {template}: forhåndsgodkjent, utkast): {title}.',
  'rfc.new.createdEmergency':
    'Opprettet {key} ({type}, utkast): {title}; den blir en hasteendring først når en annen endringsansvarlig ' +
    'enn deg bekrefter den (`rfc confirm {key} BEGRUNNELSE`).',
  'rfc.ask.complete': '{key} har alt CCB trenger. Skriv `/rfc submit {key}` for å sende den til CCB.',
  'rfc.ask.next':
    '{key}, {label} ({count} mangler fortsatt: {fields}): {question}\n_Svar her; `cancel` stopper spørsmålene, ' +
    '`/rfc edit {key} {field}=…` virker også._',
  'rfc.ask.stopped':
    'Greit, ingen flere spørsmål om {key}. Fyll ut resten med `/rfc edit {key} felt=verdi`, og deretter ' +
    '`/rfc submit {key}`.',
  'rfc.ask.noted': 'Notert: {label}.',
  'rfc.arg.notField': '«{typed}» er ikke et felt i en RFC.',
  'rfc.arg.fields': 'Felter: {fields}.',
  'rfc.arg.needsValue': '{field} trenger en verdi: {field}=… eller --{field} "…".',
  'rfc.arg.missing': 'RFC mangler.',
  'rfc.arg.expected': 'forventet et RFC-nummer som RFC-17',
  'rfc.arg.notKey': '«{typed}» er ikke et RFC-nummer som RFC-17.',
  'rfc.edit.set': '{key}: endret {fields}.',
  'rfc.edit.setEffect': '{key}: endret {fields}. {effect}',
  'rfc.edit.reopened': '{note} Godkjenningsavstemningen er åpen til {at}.',
  'rfc.edit.recheck': 'Den er fortsatt innenfor malen {template}, som godkjenner den på nytt.',
  'rfc.submit.receipt':
    'Kvittering: {key} står i kø {where}. Avstemningen avsluttes {at} eller så snart utfallet er sikkert; jeg ' +
    'sier fra til deg om beslutningen.',
  'rfc.submit.whereCcb': 'hos CCB ({members} medlemmer, beslutningsdyktig ved {quorum})',
  'rfc.submit.whereTab':
    'for teknisk gjennomgang i styret {tab} ({members} medlemmer, beslutningsdyktig ved {quorum}), og deretter ' +
    'avstemning i styret {board}',
  'rfc.submit.unconfirmed': ' Hasteendringen er ikke bekreftet ennå, så den vanlige avstemningsregelen gjelder.',
  'rfc.standard.scheduled':
    '{key} er en forhåndsgodkjent standardendring: *planlagt* til {when} uten avstemning i CCB.',
  'rfc.standard.itsWindow': 'tidsvinduet sitt',
  'rfc.withdrawn': '{key} er trukket.',
  'rfc.step.needsState': '{key} er {state}; `rfc {command}` krever at den er {states}.',
  'rfc.step.needsFields': '{key} trenger {fields} før `rfc {command}`.',
  'rfc.step.addThem': 'Legg dem til: {usage}',
  'rfc.step.releaseVote': '{key} ber CCB om godkjenning av utrullingen (go/no-go); avstemningen avsluttes {at}.',
  'rfc.step.now': '{key} er nå {state}.',
  'rfc.step.chaseStopped': ' Oppfølgingslisten prøves ikke lenger ({stopped}).',
  'rfc.schedule.done': '{key} tidsvindu: {window} ({state}).',
  'rfc.review.posted': 'Evaluering etter utrulling av {key} ved {name}{details}: {note}',
  'rfc.review.notInTime': ', ikke i tide',
  'rfc.review.badSatisfaction': '--satisfaction må være fra 1 til 5.',
  'rfc.review.done': '{key} er evaluert. Lukk den med `/rfc close {key}`.',
  'rfc.review.donePosted': '{key} er evaluert; evalueringen er lagt ut for CCB. Lukk den med `/rfc close {key}`.',
  'rfc.override.badDecision': 'Beslutningen må være approve eller reject.',
  'rfc.override.noDecision': 'approve|reject mangler.',
  'rfc.override.done': '{key}: avstemningen ({kind}) er overstyrt: *{decision}* ({reason}). Den er nå {state}.',
  'rfc.confirm.done':
    '{key} er bekreftet som hasteendring av {name} ({reason}): avstemningsregelen for hasteendringer og unntakene ' +
    'for tidsvindu og frys gjelder.',
  'rfc.export.done':
    'Historikken til {key} er skrevet til {file}, signert med opsdesk-nøkkelen {fingerprint} i {signature}; ' +
    'revisjonskjeden er {verdict}.\nKontroller den: `gpg --import {publicKey}` og deretter `gpg --verify ' +
    '{signature} {file}`.',
  'rfc.condition.noMet': 'Skriv `met` etter RFC-en: `rfc condition RFC met`.',
  'rfc.condition.noteTooLong': 'NOTE er lengre enn 500 tegn.',
  'rfc.condition.done':
    '{key}: startbetingelsen «{condition}» er markert som oppfylt av {name}. Det er lagret i historikken; ' +
    '`/deploy {key}` venter ikke lenger på den.',
  'rfc.condition.doneNote':
    '{key}: startbetingelsen «{condition}» er markert som oppfylt av {name} ({note}). Det er lagret i historikken; ' +
    '`/deploy {key}` venter ikke lenger på den.',
  'rfc.revise.reasonTooLong': '--reason er lengre enn 500 tegn.',
  'rfc.revise.head': '{key} er revisjon {revision} av {of} (som forblir avvist, med historikken bevart).',
  'rfc.revise.missing': '{head} Mangler fortsatt før avstemningen: {fields}; deretter `rfc submit {key}`.',
  'conflict.hosts.one': '{count} maskin',
  'conflict.hosts.other': '{count} maskiner',
  'conflict.someHosts': '{hosts}, … og {count} til',
  'conflict.rfc': '{key}{title} ({state}): {hosts} i begge ({names}), tidsvinduene overlapper {span}',
  'conflict.freeze': 'frys av {group} satt av {by} ({reason}): gjelder {hosts} ({names}) {span}',
  'conflict.note.one': '\n⚠ Konflikt (ikke blokkerende):\n{lines}',
  'conflict.note.other': '\n⚠ {count} konflikter (ikke blokkerende):\n{lines}',
  'conflict.noteBlocking.one': '\n⚠ Konflikt:\n{lines}',
  'conflict.noteBlocking.other': '\n⚠ {count} konflikter:\n{lines}',
  'conflict.blocked.one': '{key} er i konflikt med en annen plan (changes.policy.blockConflicts):\n{lines}',
  'conflict.blocked.other': '{key} er i konflikt med {count} andre planer (changes.policy.blockConflicts):\n{lines}',
  'conflict.fix':
    'Flytt tidsvinduet (`rfc schedule RFC START..SLUTT`), begrens målene, eller avtal rekkefølgen med den som ' +
    'bestilte den andre endringen; `changes.policy.blockConflicts: false` gjør konflikter til en advarsel.',
};
