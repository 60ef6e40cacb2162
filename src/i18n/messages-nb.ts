import type { MessageKey } from './messages-en';
import { commonNb } from './nb/common';
import { votesNb } from './nb/votes';
import { digestNb } from './nb/digest';
import { fixQuestionsNb } from './nb/fix-questions';
import { deployNb } from './nb/deploy';
import { statsNb } from './nb/stats';
import { problemsNb } from './nb/problems';
import { ticketsNb } from './nb/tickets';
import { changePolicyNb } from './nb/change-policy';
import { rfcFieldsNb } from './nb/rfc-fields';
import { changesNb } from './nb/changes';
import { deployOpsNb } from './nb/deploy-ops';
import { inventoryNb } from './nb/inventory';
import { consoleNb } from './nb/console';
import { intakeNb } from './nb/intake';
import { packagesNb } from './nb/packages';
import { auditNb } from './nb/audit';
import { cardsNb } from './nb/cards';
import { configNb } from './nb/config';
import { cliNb } from './nb/cli';
import { keyFileNb } from './nb/key-file';
import { signingNb } from './nb/signing';
import { platformSetupNb } from './nb/platform-setup';

/** Norsk bokmål: the same keys and placeholders as the English catalog (messages-en.ts). */
export const nb: Record<MessageKey, string> = {
  ...commonNb,
  ...ticketsNb,
  ...problemsNb,
  ...statsNb,
  ...deployNb,
  ...fixQuestionsNb,
  ...digestNb,
  ...votesNb,
  ...changePolicyNb,
  ...rfcFieldsNb,
  ...changesNb,
  ...deployOpsNb,
  ...inventoryNb,
  ...consoleNb,
  ...intakeNb,
  ...packagesNb,
  ...auditNb,
  ...cardsNb,
  ...configNb,
  ...cliNb,
  ...keyFileNb,
  ...signingNb,
  ...platformSetupNb,
  'status.new': 'ny',
  'status.assigned': 'tildelt',
  'status.in-progress': 'under arbeid',
  'status.waiting-on-reporter': 'i påvente av svar fra innmelder',
  'status.escalated': 'eskalert',
  'status.resolved': 'løst',
  'status.closed': 'lukket',
  'priority.P1': 'P1 kritisk',
  'priority.P2': 'P2 høy',
  'priority.P3': 'P3 normal',
  'priority.P4': 'P4 lav',
  'category.printing': 'utskrift',
  'category.network': 'nettverk',
  'category.login': 'pålogging',
  'category.hardware': 'maskinvare',
  'category.software': 'programvare',
  'category.other': 'annet',

  'receipt.text':
    'Registrert som *{key}* ({category}, {priority}). Brukerstøtten svarer deg her.\n' +
    'Vil du legge til noe, svar i denne tråden eller skriv en melding som begynner med {key}.',
  'receipt.status': 'NY',
  'receipt.category': 'Kategori',
  'receipt.priority': 'Prioritet',
  'receipt.footer': 'Svar i denne tråden eller skriv «{key} …» for å legge til detaljer.',
  'comment.added': 'Lagt til i {key}. Takk!',

  'notice.replyHint': '_Svar i denne tråden eller skriv `{key} …` for å legge til detaljer._',
  'notice.status': '{key} er nå *{status}*.',
  'notice.statusNote': '{key} er nå *{status}*: {note}',
  'notice.assigned': '{key} er nå *tildelt* {name}.',
  'notice.escalated': '{key} er nå *eskalert* til {name}: {reason}',
  'notice.comment': '{name} om {key}: {note}',
  'notice.reopened': '{key} er *gjenåpnet*: {note}',
  'notice.problemFixed': 'Problemet bak {key} ({title}) er løst: {fix}',
  'notice.problemFixedOpen': 'Problemet bak {key} ({title}) er løst: {fix}\nSi fra hvis det skjer igjen.',

  'confirm.done': 'Takk! {key} er lukket.',
  'reopen.done': '{key} er gjenåpnet ({status}). Brukerstøtten har fått beskjed.',

  'refuse.tooLong': 'Meldingen din er {length} tegn lang; jeg tar imot meldinger på opptil {max} tegn.',
  'refuse.tooLongFix':
    'Beskriv problemet med noen få setninger; brukerstøtten spør hvis de trenger mer. Ingenting ble registrert.',
  'refuse.unseenCase': '{key} er ikke en sak du har tilgang til, så meldingen din ble ikke lagt til.',
  'refuse.unseenCaseFix':
    'Er det et nytt problem, send meldingen på nytt uten «{key}», så registrerer jeg en ny sak. `ticket list` ' +
    'viser sakene dine.',
  'refuse.notVisible': '{key} er ikke en sak du har tilgang til.',
  'refuse.notVisibleFix': 'Skriv `ticket list` for å se sakene dine.',
  'refuse.confirmNotResolved': '{key} er {status}; bare en løst sak kan bekreftes.',
  'refuse.reopenStillOpen': '{key} er fortsatt åpen ({status}).',
  'refuse.reopenTooLate': '{key} ble løst for mer enn {days} dager siden og kan ikke gjenåpnes lenger.',
  'refuse.reopenTooLateFix': 'Meld problemet på nytt som en ny sak.',
  'refuse.forbidden': '`{command}` er for: {roles}. Du er: {yours}.',
  'refuse.forbiddenFixKnown': 'Spør en administrator hvis du trenger den rollen.',
  'refuse.forbiddenFixUnknown': 'Be brukerstøtten legge deg til i personlisten til opsdesk.',
  'refuse.roleUnknown': 'ukjent',
  'refuse.notACommand': '`{text}` er ikke en kommando — skriv {prefix}help.',
  'refuse.notACommandMeant':
    '`{text}` er ikke en kommando — skriv {prefix}help. Mente du `{prefix}{meant}` (uten mellomrom etter {prefix})?',
  'refuse.notACommandFix': 'Ingenting ble registrert. For å melde et problem, skriv det uten {prefix} først.',
  'floods.folded':
    'Lagt til i *{key}*, som du meldte for et øyeblikk siden. Det du sender mindre enn {pause} etter forrige ' +
    'melding, havner der også; er dette et annet problem, send det på nytt etter en pause på {pause}.',
  'floods.personLimited':
    'Du har meldt mange problemer på kort tid (jeg registrerer {count} per {span}), så denne ble ikke registrert. ' +
    'Send den på nytt etter kl. {time}; til da registrerer og besvarer jeg ikke nye meldinger fra deg. ' +
    'Vil du legge til noe i en sak du har, svar i tråden dens.',
  'floods.originLimited':
    'Det kommer mange meldinger fra {where} akkurat nå, så denne ble ikke registrert. ' +
    'Send den på nytt etter kl. {time}; til da registrerer og besvarer jeg ikke nye meldinger fra {where}. ' +
    'Haster det, spør skolens IKT-kontakt.',
  'floods.slackWorkspace': 'Slack-arbeidsområdet ditt ({id})',
  'floods.heldBack':
    'Det kommer flere kommentarer på {key} (og kanskje andre saker) enn jeg sender deg i minuttet, så jeg holder ' +
    'de neste tilbake en liten stund. Ingenting går tapt: `ticket show {key}` viser alle kommentarene.',
  'floods.noWords':
    'Jeg fikk {what}{named}, men ingen ord sammen med den, så jeg har ikke {done}. ' +
    'Send den på nytt med en setning om hva som er galt, som bildetekst.',
  'floods.noWords.files': '{count} filer',
  'floods.noWords.picture': 'bildet ditt',
  'floods.noWords.file': 'filen din ({kind})',
  'floods.noWords.addedTo': 'lagt den til i {key}',
  'floods.noWords.logged': 'registrert noe',
  'fix.howTo': 'Svar med ett trykk: ✅ *{yes}* eller ❌ *{no}* (knappen, eller den reaksjonen på denne meldingen).',
  'fix.yesFixed': 'Ja, fikset',
  'fix.stillBroken': 'Fortsatt feil',
  'fix.resolved':
    '{key} er nå *løst*{note}\n*Fikset?* {howTo}\nEller skriv `ticket confirm {key}`, eller ' +
    '`ticket reopen {key} HVA SOM ER GALT`; et svar i denne tråden som sier hva som fortsatt er ' +
    'galt, gjenåpner den også.',
  'fix.autoClose': 'Svarer ingen, lukkes {key} av seg selv etter {days} skoledager.',
  'fix.closed':
    '{key} er nå *lukket*{note}\n_Kommer problemet tilbake, skriv til meg i en ny melding (ikke ' +
    'i denne tråden), så registrerer jeg en ny sak._',
  'fix.confirmedByTap': 'Takk! {key} er lukket.',
  'fix.reopenedByReporter': '{key} er gjenåpnet ({status}). Brukerstøtten har fått beskjed.',
  'fix.thanksClosed': 'Så bra at det virker! {key} er lukket.',
  'fix.thanksResolved':
    'Lagt til i {key}. Så bra at det virker! Trykk ✅ *{yes}* på spørsmålet over for å lukke saken.',
  'help.youCan': 'Dette kan du gjøre',
  'help.eg': 'F.eks.',
  'help.footerMine':
    'Skriv `{prefix}help KOMMANDO` for detaljer (f.eks. `{prefix}help ticket`), `{prefix}help ' +
    'all` for alle kommandoer.',
  'help.everyTitle': '*opsdesk* — alle kommandoer.',
  'help.everyCardTitle': 'opsdesk: alle kommandoer',
  'help.forYou': '(for deg: {subs})',
  'help.title': '*opsdesk* — IT-brukerstøtten for skolene.',
  'help.cardTitle': 'opsdesk-hjelp',
  'help.intro': 'Skriv til meg i en direktemelding for å melde et problem; du får et saksnummer med en gang.',
  'help.commands': 'Kommandoer',
  'help.notForYou': '(ikke for din rolle)',
  'help.footerText': 'Skriv `{prefix}help KOMMANDO` for detaljer, f.eks. `{prefix}help ticket`.',
  'help.footerCard': 'Skriv {prefix}help KOMMANDO for detaljer, f.eks. {prefix}help ticket',
  'help.forRoles': '(for {roles})',
  'help.examples': 'Eksempler',
  'help.usage': 'Bruk',
  'help.who': 'Hvem: {roles}',
  'help.all': 'Alle {family}-kommandoer: {prefix}help {family}',
  'span.minute': '1 minutt',
  'span.minutes': '{count} minutter',
  'span.seconds': '{count} sekunder',
};
