/**
 * The adapters' own lines: the console's (its syntax help, `:help`, stays English like the command
 * reference), Slack's and Matrix's.
 */
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
  // The Slack adapter's own answers to a slash command (before the person is known).
  'slack.commandNotTaken':
    'I could not take that command just now (opsdesk is restarting or cannot reach its database), so nothing was ' +
    'done. Please send it again in a minute.',
  'slack.commandSlow':
    'opsdesk is slow to take commands just now; yours will run as soon as it is stored. If no answer comes within ' +
    'a minute, please send it again.',
  'matrix.noDm': 'I do not open direct messages with users of {server}.',
  'matrix.thatServer': 'that server',
  'matrix.removedReason': 'removed with the message it answered',
} as const;
