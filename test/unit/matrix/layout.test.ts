/**
 * Matrix layout and mentions, without a server: a card is the message (its text not repeated),
 * hints with `!`, pills for people named on purpose; inbound pills and m.mentions read as people;
 * answers related as the question was asked.
 */
import { inboundMentions, pillsAsUserIds } from '../../../adapters/matrix/inbound-mentions';
import { bangHints, namingNobody, renderContent } from '../../../adapters/matrix/render';
import { ReplyStyles } from '../../../adapters/matrix/reply-style';

const BOT = '@opsdesk:localhost';
const pill = (id: string, name: string) => `<a href="https://matrix.to/#/${id}">${name}</a>`;

describe('Matrix layout', () => {
  // Catches: `!ticket list` listing each case twice (the text's copy, then the card).
  it('renders a card without the text that only repeats or introduces it', () => {
    const lines = ['INC-1 printer (new)', 'INC-2 wifi (new)'];
    const c = renderContent({
      text: `2 cases:\n${lines.join('\n')}`,
      card: { kind: 'generic', title: '2 cases (open)', sections: [{ lines }] },
    });
    expect(c.body).toBe('2 cases (open)\n\n• INC-1 printer (new)\n• INC-2 wifi (new)');
    for (const l of lines) expect(c.formatted_body!.split(l)).toHaveLength(2);
  });

  // Catches: the receipt's hint shown twice (text line and card footer) and markup in its body.
  it('keeps only the first line of a receipt before its card, in plain text', () => {
    const c = renderContent({
      text: 'Logged as *INC-7* (printer, normal).\nTo add details, reply in this thread or write INC-7 ….',
      card: { kind: 'ticket', title: 'INC-7 printer', status: 'NEW', footer: 'Reply in this thread to add details.' },
    });
    expect(c.body).toBe(
      'Logged as INC-7 (printer, normal).\n\nINC-7 printer [NEW]\n\nReply in this thread to add details.',
    );
    expect(c.body.match(/add details/gu)).toHaveLength(1);
    expect(c.formatted_body).toContain('<p>Logged as <b>INC-7</b> (printer, normal).</p>');
  });

  // Catches: hints telling Matrix users to type `/rfc submit`, which Element takes for its own command.
  it('writes command hints with ! and leaves paths alone', () => {
    expect(bangHints('Type `/rfc submit RFC-3` or "/help"; see /etc/hosts')).toBe(
      'Type `!rfc submit RFC-3` or "!help"; see /etc/hosts',
    );
    expect(renderContent({ text: 'Type `/rfc submit RFC-3` to send it.' }).body).toBe(
      'Type !rfc submit RFC-3 to send it.',
    );
  });

  // Catches: a person the bot means to notify named by name only (no pill) or a pill without m.mentions.
  it('makes a notified person named in the text a pill listed in m.mentions', () => {
    const c = renderContent({
      text: 'SLA breached on INC-3 (assigned to Petra Holm)',
      notify: [{ platform: 'matrix', userId: '@petra:localhost', name: 'Petra Holm' }],
    });
    expect(c.formatted_body).toBe(`SLA breached on INC-3 (assigned to ${pill('@petra:localhost', 'Petra Holm')})`);
    expect(c['m.mentions']).toEqual({ user_ids: ['@petra:localhost'] });
    expect(c.body).toBe('SLA breached on INC-3 (assigned to Petra Holm)');
  });

  // Catches: a deliberate mention sent as m.notice, which Synapse's suppress_notices rule silences
  // before the mention rule is read; and a message naming nobody turned into m.text (a DM that pings).
  it('sends a message that names someone as m.text, and everything else as configured', () => {
    const notify = [{ platform: 'matrix', userId: '@petra:localhost', name: 'Petra Holm' }];
    expect(renderContent({ text: 'SLA breached (Petra Holm)', notify }).msgtype).toBe('m.text');
    expect(renderContent({ text: 'Logged as INC-3' }).msgtype).toBe('m.notice');
    expect(renderContent({ text: 'Logged as INC-3' }, 'm.text').msgtype).toBe('m.text');
    const dm = namingNobody({ text: 'INC-3 is assigned to you', notify });
    expect(renderContent(dm)).toEqual({ msgtype: 'm.notice', body: 'INC-3 is assigned to you', 'm.mentions': {} });
  });
});

describe('Matrix inbound mentions', () => {
  // Catches: an Element pill (display name in body, id only in formatted_body) not read as the person.
  it('reads pills and m.mentions as people and puts user ids in a command for the names', () => {
    const content = {
      body: '!ticket comment INC-1 Petra Holm can you check the fuser?',
      format: 'org.matrix.custom.html',
      formatted_body: `!ticket comment INC-1 ${pill('@petra:localhost', 'Petra Holm')} can you check the fuser?`,
      'm.mentions': { user_ids: ['@petra:localhost', BOT, '@carl:localhost'] },
    };
    const found = inboundMentions(content, BOT);
    expect(found.userIds).toEqual(['@petra:localhost', '@carl:localhost']);
    expect(pillsAsUserIds(content.body, found.pills)).toBe(
      '!ticket comment INC-1 @petra:localhost can you check the fuser?',
    );
  });

  it('replaces a name only where it stands as a word, and each pill once in order', () => {
    const pills = [
      { userId: '@ann:x', text: 'Ann' },
      { userId: '@bo:x', text: 'Bo' },
    ];
    expect(pillsAsUserIds('!ticket assign INC-2 Anna Ann, Bo and Bo', pills)).toBe(
      '!ticket assign INC-2 Anna @ann:x, @bo:x and Bo',
    );
    expect(pillsAsUserIds('no names here', pills)).toBe('no names here');
  });
});

describe('answers go where the question was asked', () => {
  // Catches: an inline (rich) reply answered in a thread the person never opened.
  it('answers a thread in the thread, a rich reply and a top-level message with a rich reply', () => {
    const styles = new ReplyStyles();
    styles.note('$t', { style: 'thread' });
    styles.note('$r', { style: 'reply', eventId: '$reply' });
    styles.note('$top', { style: 'top', eventId: '$top' });
    expect(styles.relationFor('$t')).toMatchObject({ rel_type: 'm.thread', event_id: '$t' });
    expect(styles.relationFor('$r')).toEqual({ 'm.in_reply_to': { event_id: '$reply' } });
    expect(styles.relationFor('$top')).toEqual({ 'm.in_reply_to': { event_id: '$top' } });
    expect(styles.relationFor('$unknown')).toMatchObject({ rel_type: 'm.thread', event_id: '$unknown' });
  });
});
