/** The console adapter's own lines (its syntax help, `:help`, stays English like the command reference). */
export const consoleEn = {
  'console.hello':
    'opsdesk console — you are {user}, in a DM with the bot. Type :help for the console syntax, /help for commands.',
  'console.error': '(console error: {error})',
  'console.dmWithBot': 'a DM with the bot',
  'console.inThread': '{where}, thread {id}',
  'console.who': 'You are {user}, in {where}.',
  'console.unknownUser': '({user} is not in the config: they will be an unknown reporter)',
  'console.nowUser': 'You are now {user}.',
  'console.nowIn': 'You are now in {channel}.',
  'console.noMessage': 'No message {id} here.',
  'console.otherDm': "{id} is in {user}'s DM with the bot: only {user} can answer there.",
  'console.tap': '(tap: :react {id} {emoji})',
  'console.reacted': 'opsdesk reacted {emoji}',
  'console.privateTo': '[private to {user} in {where}]',
  'console.usage': 'Usage: {usage}',
  'console.usageOr': 'Usage: {usage} or {other}',
  'console.unknownDirective': 'Unknown console directive :{word}. Type :help.',
} as const;
