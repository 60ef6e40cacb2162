/** `inventory list|show|groups`: the hosts deployments reach. */
export const inventoryEn = {
  'inventory.allHosts': 'all hosts',
  'inventory.more': '… and {count} more',
  'inventory.listText': '{count} host(s) for {query}:',
  'inventory.title': 'Inventory: {query}',
  'inventory.status': '{count} HOSTS',
  'inventory.hostMissing': 'HOST is missing.',
  'inventory.noHost': 'There is no host called {name} in the inventory.',
  'inventory.noHostFix': 'Type `/inventory list` to see the hosts.',
  'inventory.address': 'address',
  'inventory.user': 'user',
  'inventory.userDefault': '{user} (default)',
  'inventory.school': 'school',
  'inventory.role': 'role',
  'inventory.segment': 'segment',
  'inventory.groups': 'groups',
  'inventory.hostKey': 'host key',
  'inventory.notPinned': 'not pinned: deployments refuse this host',
  'inventory.runs': 'runs {package}',
  'inventory.empty': 'The inventory is empty. Import hosts with `opsdesk inventory import FILE`.',
  'glob.tooLong': 'the target pattern "{pattern}" is {length} characters long; a pattern may have at most {max}.',
  'glob.tooLong.sentence':
    'The target pattern "{pattern}" is {length} characters long; a pattern may have at most {max}.',
  'glob.tooManyStars': 'the target pattern "{pattern}" has {stars} stars (*); a pattern may have at most {max}.',
  'glob.tooManyStars.sentence':
    'The target pattern "{pattern}" has {stars} stars (*); a pattern may have at most {max}.',
} as const;
