/**
 * Stray input through the console adapter and the whole runtime, as people type it: text starting
 * with `/` or `!` that is no command, a message naming a case the sender cannot see, a picture sent
 * without a word (and one with a caption), and text past the length limit in a case's thread. Each
 * is answered, and none becomes a case. Before, every one of them was silently logged as a new
 * incident (or, for the picture, not answered at all).
 */
import { PassThrough } from 'node:stream';
import { ConsoleAdapter } from '../../../adapters/shell/console-adapter';
import { Ticket, type TicketDoc } from '../../../src/tickets/ticket.model';
import { startTestBot, type TestBot } from '../../support/test-bot';

jest.setTimeout(60_000);

const input = new PassThrough();
const output = new PassThrough();
let out = '';
let cursor = 0;
let bot: TestBot;

beforeAll(async () => {
  output.setEncoding('utf8').on('data', (d: string) => (out += d));
  const console = new ConsoleAdapter({ input, output, defaultUser: 'anna', users: ['anna', 'bjorn', 'oscar'] });
  bot = await startTestBot({ adapters: [console], config: { tickets: { maxTextLength: 200 } } });
});
afterAll(async () => {
  input.end();
  await bot?.stop();
});

function type(...lines: string[]): void {
  for (const l of lines) input.write(`${l}\n`);
}

/** Waits until the console output after the cursor matches, and moves the cursor past it. */
async function see(pattern: RegExp, timeoutMs = 10_000): Promise<RegExpExecArray> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const m = pattern.exec(out.slice(cursor));
    if (m) {
      cursor += m.index + m[0].length;
      return m;
    }
    if (Date.now() > until) throw new Error(`console never showed ${pattern}; it showed:\n${out.slice(cursor)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const cases = () => Ticket.find().sort({ number: 1 }).lean<TicketDoc[]>();

test(
  'a lone / or !, /?, / ticket list and /2fa reset are answered as no command, from a teacher and an operator; ' +
    'no case',
  async () => {
    type('/', '!', '/?', '/ ticket list', '/2fa reset', 'oscar> /2fa reset', 'oscar> !?');
    await see(
      /DM anna: `\/` is not a command — type \/help\.\n\s+Nothing was logged\. To report a problem, write it without a \/ at the start\./u,
    );
    await see(/DM anna: `!` is not a command — type !help\./u);
    await see(/DM anna: `\/\?` is not a command — type \/help\./u);
    await see(/DM anna: `\/` is not a command — type \/help\. Did you mean `\/ticket` \(no blank after the \/\)\?/u);
    await see(/DM anna: `\/2fa` is not a command — type \/help\./u);
    await see(/DM oscar: `\/2fa` is not a command — type \/help\./u);
    await see(/DM oscar: `!\?` is not a command — type !help\./u);
    expect(await cases()).toEqual([]);
  },
);

test(
  'a message naming a case the sender cannot see says so and offers to log it anew; nothing is added or ' + 'logged',
  async () => {
    type('the printer in room 12 prints nothing');
    const [, key] = await see(/DM anna: (INC-\d+) the printer in room 12 prints nothing/u);
    type(`bjorn> ${key} is broken in my school too`, 'bjorn> INC-999 the beamer is dead');
    await see(
      new RegExp(
        `DM bjorn: ${key} is not a case you can see, so I have not added your message to it\\.\\n\\s+If it is a new ` +
          `problem, send it again without "${key}" and I will log it as a new case\\.`,
        'u',
      ),
    );
    await see(/DM bjorn: INC-999 is not a case you can see, so I have not added your message to it\./u);
    const all = await cases();
    expect(all.map((t) => t.reporterId)).toEqual(['anna']);
    expect(all[0].events.map((e) => e.kind)).toEqual(['created']);
    // Sent again without the number, it is a new case.
    type('bjorn> the printer is broken in my school too');
    await see(/DM bjorn: INC-\d+ the printer is broken in my school too {2}\[NEW\]/u);
  },
);

test(
  'a picture without words is answered with a request for a sentence; with a caption it is logged, its link on ' +
    'the case',
  async () => {
    type(':as bjorn', ':attach photos/IMG_0042.jpg');
    await see(
      /DM bjorn: I got your picture \(IMG_0042\.jpg\), but no words with it, so I have not logged anything\. Please send it again with a sentence saying what is wrong, as its caption\./u,
    );
    expect(await Ticket.countDocuments({ reporterId: 'bjorn' })).toBe(1);
    type(':as oscar', ':attach photos/IMG_0043.jpg the projector in the gym shows this stripe pattern');
    const [, key] = await see(/DM oscar: (INC-\d+) the projector in the gym shows this stripe pattern {2}\[NEW\]/u);
    const t = await Ticket.findOne({ key }).lean<TicketDoc>();
    expect(t!.events[0].attachments).toEqual([{ kind: 'image', name: 'IMG_0043.jpg', url: 'photos/IMG_0043.jpg' }]);
    type(`/ticket show ${key}`);
    await see(
      new RegExp(
        `Oscar Nilsen reported it \\(attached: IMG_0043\\.jpg\\)[\\s\\S]*Attachments:\\n\\s+IMG_0043\\.jpg: ` +
          `photos/IMG_0043\\.jpg`,
        'u',
      ),
    );
    type(':as anna');
  },
);

test("a reply in a case's thread longer than a report may be is refused, and nothing is added", async () => {
  const [first] = await cases();
  const receipt = /\[(b\d+)\] DM anna: INC-\d+ the printer in room 12/u.exec(out)![1];
  type(`^${receipt} ${'the toner is empty '.repeat(12)}`);
  await see(
    /DM anna ↳b\d+: Your comment is \d+ characters long; I take comments of up to 200\.\n\s+Say it in a few sentences, or in several comments\. Nothing was added to INC-\d+\./u,
  );
  type(`^${receipt} the toner was empty`);
  await see(new RegExp(`DM anna ↳b\\d+: Added to ${first.key}\\. Thanks!`, 'u'));
  const t = await Ticket.findOne({ key: first.key }).lean<TicketDoc>();
  expect(t!.events.map((e) => e.note)).toEqual(['the printer in room 12 prints nothing', 'the toner was empty']);
});
