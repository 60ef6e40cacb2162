import type { consoleEn } from '../en/console';

export const consoleNb: Record<keyof typeof consoleEn, string> = {
  'console.hello':
    'opsdesk-konsoll — du er {user}, i en direktemelding med boten. Skriv :help for konsollsyntaksen, /help for ' +
    'kommandoer.',
  'console.error': '(konsollfeil: {error})',
  'console.dmWithBot': 'en direktemelding med boten',
  'console.inThread': '{where}, tråd {id}',
  'console.who': 'Du er {user}, i {where}.',
  'console.unknownUser': '({user} finnes ikke i konfigurasjonen: vedkommende blir en ukjent innmelder)',
  'console.nowUser': 'Du er nå {user}.',
  'console.nowIn': 'Du er nå i {channel}.',
  'console.noMessage': 'Ingen melding {id} her.',
  'console.otherDm': '{id} er i direktemeldingen mellom {user} og boten: bare {user} kan svare der.',
  'console.tap': '(trykk: :react {id} {emoji})',
  'console.reacted': 'opsdesk reagerte med {emoji}',
  'console.privateTo': '[privat til {user} i {where}]',
  'console.usage': 'Bruk: {usage}',
  'console.usageOr': 'Bruk: {usage} eller {other}',
  'console.unknownDirective': 'Ukjent konsollkommando :{word}. Skriv :help.',
  'slack.commandNotTaken':
    'Jeg kunne ikke ta imot den kommandoen akkurat nå (opsdesk starter på nytt eller får ikke kontakt med ' +
    'databasen), så ingenting ble gjort. Send den på nytt om et minutt.',
  'slack.commandSlow':
    'opsdesk er treg til å ta imot kommandoer akkurat nå; din kjøres så snart den er lagret. Kommer det ikke noe ' +
    'svar innen et minutt, send den på nytt.',
  'matrix.noDm': 'Jeg åpner ikke direktemeldinger med brukere på {server}.',
  'matrix.thatServer': 'den serveren',
  'matrix.removedReason': 'fjernet sammen med meldingen den svarte på',
};
