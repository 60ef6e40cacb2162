import type { fixQuestionsEn } from '../en/fix-questions';

export const fixQuestionsNb: Record<keyof typeof fixQuestionsEn, string> = {
  'fixq.autoClosed': 'den ble løst {at}, og ingen sa fra om at feilen fortsatt var der innen {days} skoledager',
  'fixq.answered.yes': '_Besvart ✅ ja av {name}._',
  'fixq.answered.no': '_Besvart ❌ nei av {name}._',
  'fixq.alreadyAnswered': 'Det spørsmålet om {key} er allerede besvart.',
  'fixq.notYours': 'Bare den som meldte {key}, svarer på dette spørsmålet.',
  'fixq.outdated': '{key} er {status} nå, så spørsmålet gjelder ikke lenger. Skriv `ticket show {key}` for å se saken.',
  'fixq.followUp':
    '{key} ble løst for mer enn {days} dager siden og kan ikke gjenåpnes lenger.\n' +
    '*Skal jeg registrere meldingen din som en ny sak knyttet til {key}?* {howTo}',
  'fixq.yesNewCase': 'Ja, ny sak',
  'fixq.no': 'Nei',
  'fixq.followUpDeclined': 'Greit, ingenting ble registrert. {key} blir som den er.',
  'fixq.followUpLogged': 'Registrert som *{key}*, knyttet til {old}. Brukerstøtten svarer deg.',
  'fixq.knownError': 'Dette ligner på {problem} (kjent feil): {workaround}\n_({why})_\n*Hjalp det?* {howTo}',
  'fixq.why.words': 'den har ordene {words} felles med den',
  'fixq.why.categorySchool': 'samme kategori ({category}) og skole ({school}) som en sak knyttet til den',
  'fixq.workaroundFixed': 'Flott! {key} er lukket, løst med omveien fra {problem}.',
  'fixq.workaroundDidNotHelp': '{key} forblir åpen og er knyttet til {problem}; brukerstøtten svarer deg.',
  'change.receiptRemoved': '{key}: teksten i denne meldingen ble fjernet av den som meldte saken.',
  'change.reportRemoved':
    'Du slettet meldingen din, så jeg fjernet teksten fra {key} og fra kvitteringen min. Saken er fortsatt åpen; ' +
    'skriv en melding som begynner med {key} for å fortelle brukerstøtten mer, eller at saken kan lukkes.',
  'change.reportRemovedToAssignee':
    'Den som meldte {key}, slettet meldingen sin; teksten er fjernet fra saken, som fortsatt er åpen.',
  'change.reportEdited': 'Oppdaterte {key} med endringen din (historikken beholder den første versjonen).',
  'change.reportEditedToAssignee': 'Den som meldte {key}, endret meldingen sin; nå står det: {text}',
  'change.editedCommand': 'Jeg kjører ikke endrede kommandoer — send den på nytt.',
  'change.commentRemoved': 'Du slettet kommentaren din, så jeg fjernet den fra {key}.',
  'change.commentRemovedToAssignee': 'Den som skrev en kommentar på {key}, slettet den; den er fjernet fra saken.',
  'change.commentEdited': 'Oppdaterte kommentaren din på {key} (historikken beholder den første versjonen).',
  'limit.commentTooLong': 'Kommentaren din er {length} tegn lang; jeg tar imot kommentarer på opptil {max} tegn.',
  'limit.commentTooLongFix': 'Si det med noen få setninger, eller i flere kommentarer. Ingenting ble lagt til i {key}.',
  'limit.tooManyMentions': 'Den kommentaren nevner {count} personer; en kommentar går til høyst {max}.',
  'limit.tooManyMentionsFix': 'Nevn færre personer (spør de andre i en kanal). Ingenting ble lagt til i {key}.',
  'limit.caseFull': '{key} har {cap} oppføringer, det meste en sak kan ha, så ingenting mer kan legges til.',
  'limit.caseFullFix': 'Er noe nytt galt, meld det som et nytt problem (uten «{key}»); en operatør kan lukke {key}.',
  'problem.recurring':
    '*{count} lignende meldinger ved {school}* på {days} dager: {keys} (felles ord: {words}).\n> {title}\n' +
    'Ligger det ett problem bak dem? Registrer det: `problem new {title} --link {links}`',
};
