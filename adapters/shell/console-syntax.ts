/**
 * What one console line means. Lines starting with ':' are console directives; everything else is
 * said by the current person in the current place (a DM with the bot, a channel, or a thread).
 */
import type { Attachment } from '../../src/chat/chat-event';
import { said, type Said } from '../../src/i18n/refusal';

export type ConsoleLine =
  | { kind: 'say'; text: string; as?: string; thread?: string; attachments?: Attachment[] }
  | { kind: 'as'; user: string }
  | { kind: 'in'; channel: string }
  | { kind: 'dm' }
  | { kind: 'thread'; id?: string }
  | { kind: 'react'; id: string; emoji: string; action: 'added' | 'removed' }
  | { kind: 'sleep'; ms: number }
  | { kind: 'who' }
  | { kind: 'help' }
  | { kind: 'quit' }
  | { kind: 'empty' }
  | { kind: 'error'; said: Said };

/** `:help`: the console's syntax (a reference, English like the command reference). */
export const CONSOLE_HELP = `Console syntax:
  TEXT                 say TEXT as the current person (in a DM: a problem report or a reply)
  /COMMAND …           run a command, e.g. /ticket list, /help
  NAME> TEXT           say TEXT once as NAME (e.g. anna> the printer in room 12 prints nothing)
  ^ID TEXT             reply in the thread of message ID (the [b12] shown before each bot message)
  :as NAME             switch the speaking person (a person id from the config, e.g. oscar)
  :in #CHANNEL         speak in a channel (mention the bot with @opsdesk to report there)
  :dm                  back to the direct conversation with the bot
  :thread ID | :thread off   stay in the thread of message ID, or leave it
  :attach FILE [TEXT]  send a file or picture (a path or link) with TEXT as its caption
  :react ID EMOJI      react to a message (e.g. :react b12 +1, :react b12 ✅)
  :unreact ID EMOJI    remove your reaction
  :sleep SECONDS       wait (for scripts: let jobs run)
  :who                 who is speaking, and where
  :help                this help
  :quit                leave (Ctrl-D too)`;

/** The directives' usage lines: the console's syntax, the same in every language (like a command's usage). */
const USAGE = {
  as: ':as NAME',
  in: ':in #CHANNEL',
  thread: ':thread ID',
  threadOff: ':thread off',
  react: (word: string) => `:${word} ID EMOJI`,
  sleep: ':sleep SECONDS (0-3600)',
  attach: ':attach FILE [TEXT]',
};

/** A directive's usage line, said as "Usage: …" in the reader's language. */
const usage = (line: string): ConsoleLine => ({ kind: 'error', said: said('console.usage', { usage: line }) });

export function parseConsoleLine(line: string): ConsoleLine {
  const text = line.trim();
  if (!text) return { kind: 'empty' };
  if (text.startsWith(':')) {
    const [word, ...rest] = text.slice(1).split(/\s+/u);
    const arg = rest.join(' ').trim();
    switch (word.toLowerCase()) {
      case 'as':
        return arg ? { kind: 'as', user: arg.replace(/^@/u, '') } : usage(USAGE.as);
      case 'in':
        return arg ? { kind: 'in', channel: arg.startsWith('#') ? arg : `#${arg}` } : usage(USAGE.in);
      case 'dm':
        return { kind: 'dm' };
      case 'thread':
        return !arg
          ? { kind: 'error', said: said('console.usageOr', { usage: USAGE.thread, other: USAGE.threadOff }) }
          : { kind: 'thread', id: arg === 'off' ? undefined : arg };
      case 'react':
      case 'unreact': {
        const [id, emoji] = rest;
        if (!id || !emoji) return usage(USAGE.react(word));
        return { kind: 'react', id, emoji, action: word.toLowerCase() === 'react' ? 'added' : 'removed' };
      }
      case 'sleep': {
        const s = Number(arg);
        return Number.isFinite(s) && s >= 0 && s <= 3600 ? { kind: 'sleep', ms: s * 1000 } : usage(USAGE.sleep);
      }
      case 'attach': {
        const [file, ...caption] = rest;
        if (!file) return usage(USAGE.attach);
        return { kind: 'say', text: caption.join(' ').trim(), attachments: [attachmentOf(file)] };
      }
      case 'who':
        return { kind: 'who' };
      case 'help':
        return { kind: 'help' };
      case 'quit':
      case 'exit':
        return { kind: 'quit' };
      default:
        return { kind: 'error', said: said('console.unknownDirective', { word }) };
    }
  }
  const threadReply = /^\^(\S+)\s+(\S[\s\S]*)$/u.exec(text);
  if (threadReply) return { kind: 'say', thread: threadReply[1], text: threadReply[2] };
  const oneShot = /^([a-z0-9][a-z0-9._-]*)>\s*(\S[\s\S]*)$/iu.exec(text);
  if (oneShot) return { kind: 'say', as: oneShot[1], text: oneShot[2] };
  return { kind: 'say', text };
}

const KINDS: Array<[Attachment['kind'], readonly string[]]> = [
  ['image', ['png', 'jpg', 'jpeg', 'gif', 'webp', 'heic', 'bmp', 'svg']],
  ['video', ['mp4', 'mov', 'webm', 'mkv', 'avi']],
  ['audio', ['mp3', 'wav', 'ogg', 'm4a', 'flac']],
];

/** `:attach photos/printer.jpg` as an attachment: named by its last part, linked as typed. */
function attachmentOf(file: string): Attachment {
  const name = file.split(/[/\\]/u).filter(Boolean).pop() ?? file;
  const ext = name.includes('.') ? (name.split('.').pop() ?? '').toLowerCase() : '';
  const kind = KINDS.find(([, exts]) => exts.includes(ext))?.[0] ?? 'file';
  return { kind, name, url: file };
}
