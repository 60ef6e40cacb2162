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
  'problem.recurring':
    '*{count} lignende meldinger ved {school}* på {days} dager: {keys} (felles ord: {words}).\n> {title}\n' +
    'Ligger det ett problem bak dem? Registrer det: `problem new {title} --link {links}`',
};
