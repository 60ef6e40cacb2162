import type { inventoryEn } from '../en/inventory';

export const inventoryNb: Record<keyof typeof inventoryEn, string> = {
  'inventory.allHosts': 'alle maskiner',
  'inventory.more': '… og {count} til',
  'inventory.listText': '{count} maskin(er) for {query}:',
  'inventory.title': 'Inventar: {query}',
  'inventory.status': '{count} MASKINER',
  'inventory.hostMissing': 'HOST mangler.',
  'inventory.noHost': 'Det finnes ingen maskin som heter {name} i inventaret.',
  'inventory.noHostFix': 'Skriv `/inventory list` for å se maskinene.',
  'inventory.address': 'adresse',
  'inventory.user': 'bruker',
  'inventory.userDefault': '{user} (standard)',
  'inventory.school': 'skole',
  'inventory.role': 'rolle',
  'inventory.segment': 'segment',
  'inventory.groups': 'grupper',
  'inventory.hostKey': 'vertsnøkkel',
  'inventory.notPinned': 'ikke festet: utrullinger avviser denne maskinen',
  'inventory.runs': 'kjører {package}',
  'inventory.empty': 'Inventaret er tomt. Importer maskiner med `opsdesk inventory import FILE`.',
};
