/**
 * What each adapter reads of files and of where a sender comes from, the console's `:attach`, and
 * the bounds on attachments. Each would catch an adapter that drops an image or its caption, keeps
 * a link or a name of any length, or calls the bot's own server or workspace foreign.
 */
import { isReadableMessage, matrixOrigin, mediaOf, type RawMatrixEvent } from '../../../adapters/matrix/inbound';
import { parseConsoleLine } from '../../../adapters/shell/console-syntax';
import { translateEvent } from '../../../adapters/slack/event-translator';
import {
  boundAttachments,
  MAX_ATTACHMENT_NAME,
  MAX_ATTACHMENTS,
  type MessageEvent,
} from '../../../src/chat/chat-event';

const at = new Date('2026-03-02T08:00:00Z');

describe('Slack: files and teams', () => {
  const bot = { userId: 'UBOT', botId: 'BBOT', teamId: 'T0SCHOOL1' };
  const dm = (extra: Record<string, unknown>) =>
    translateEvent(
      {
        event_id: 'Ev1',
        team_id: 'T0SCHOOL1',
        event: {
          type: 'message',
          channel: 'D1',
          channel_type: 'im',
          user: 'UANNA',
          ts: '1.1',
          team: 'T0SCHOOL1',
          ...extra,
        },
      },
      bot,
      at,
    ) as MessageEvent;

  it('a shared photo without a caption is a message with an attachment and no text', () => {
    const e = dm({
      subtype: 'file_share',
      text: '',
      files: [
        {
          id: 'F1',
          name: 'IMG_0042.jpg',
          mimetype: 'image/jpeg',
          permalink: 'https://school.slack.com/files/UANNA/F1/img_0042.jpg',
        },
      ],
    });
    expect(e).toMatchObject({
      type: 'message',
      text: '',
      attachments: [
        { kind: 'image', name: 'IMG_0042.jpg', url: 'https://school.slack.com/files/UANNA/F1/img_0042.jpg' },
      ],
    });
  });

  it('a file with a caption keeps both; a file without a name or link still counts', () => {
    const e = dm({
      subtype: 'file_share',
      text: 'the printer shows this',
      files: [{ title: 'log', mimetype: 'text/plain', url_private: 'https://files.slack.com/x' }, {}],
    });
    expect(e.text).toBe('the printer shows this');
    expect(e.attachments).toEqual([
      { kind: 'file', name: 'log', url: 'https://files.slack.com/x' },
      { kind: 'file', name: 'file' },
    ]);
    expect(
      dm({ subtype: 'file_share', text: 'x', files: [{ name: 'a', permalink: 'javascript:alert(1)' }] }).attachments,
    ).toEqual([{ kind: 'file', name: 'a' }]);
  });

  it('a member of the workspace is home; a Slack Connect guest carries their own team', () => {
    expect(dm({ text: 'hi' }).user.origin).toEqual({ id: 'T0SCHOOL1', home: true });
    expect(dm({ text: 'hi', user_team: 'T0GUEST99', team: 'T0GUEST99' }).user.origin).toEqual({
      id: 'T0GUEST99',
      home: false,
    });
  });
});

describe('Matrix: media and servers', () => {
  const msg = (content: Record<string, unknown>): RawMatrixEvent => ({
    event_id: '$1',
    type: 'm.room.message',
    sender: '@anna:school.example',
    content,
  });

  it('images, files, videos and sounds are read; notices are not', () => {
    expect(isReadableMessage(msg({ msgtype: 'm.image', body: 'IMG_0042.jpg', url: 'mxc://school.example/abc' }))).toBe(
      true,
    );
    expect(isReadableMessage(msg({ msgtype: 'm.file', body: 'log.txt' }))).toBe(true);
    expect(isReadableMessage(msg({ msgtype: 'm.notice', body: 'a bot' }))).toBe(false);
  });

  it('an image without a caption: its body is the file name, no text', () => {
    expect(mediaOf({ msgtype: 'm.image', body: 'IMG_0042.jpg', url: 'mxc://school.example/abc' })).toEqual({
      attachment: { kind: 'image', name: 'IMG_0042.jpg', url: 'mxc://school.example/abc' },
      caption: '',
    });
  });

  it('a captioned image (Matrix 1.10: filename set, body the caption); an encrypted file links file.url', () => {
    expect(
      mediaOf({ msgtype: 'm.image', body: 'the screen shows this', filename: 'screen.png', url: 'mxc://s/1' }),
    ).toEqual({
      attachment: { kind: 'image', name: 'screen.png', url: 'mxc://s/1' },
      caption: 'the screen shows this',
    });
    expect(mediaOf({ msgtype: 'm.file', body: 'a.pdf', file: { url: 'mxc://s/enc' } })?.attachment).toEqual({
      kind: 'file',
      name: 'a.pdf',
      url: 'mxc://s/enc',
    });
    expect(mediaOf({ msgtype: 'm.text', body: 'hello' })).toBeUndefined();
    // A link that is no content URI is not kept (it is whatever the sender wrote: javascript:, a phishing page).
    expect(mediaOf({ msgtype: 'm.image', body: 'x.png', url: 'javascript:alert(1)' })?.attachment).toEqual({
      kind: 'image',
      name: 'x.png',
    });
  });

  it("the sender's server, and whether it is the bot's own", () => {
    expect(matrixOrigin('@x:evil.example', '@opsdesk:school.example')).toEqual({ id: 'evil.example', home: false });
    expect(matrixOrigin('@anna:School.Example', '@opsdesk:school.example')).toEqual({
      id: 'school.example',
      home: true,
    });
    expect(matrixOrigin('@x:evil.example:8448', '@opsdesk:school.example')).toEqual({
      id: 'evil.example:8448',
      home: false,
    });
    expect(matrixOrigin('not-an-id', '@opsdesk:school.example')).toBeUndefined();
  });
});

describe('console :attach', () => {
  it('sends a file with its caption, or alone', () => {
    expect(parseConsoleLine(':attach photos/printer.jpg the printer shows this')).toEqual({
      kind: 'say',
      text: 'the printer shows this',
      attachments: [{ kind: 'image', name: 'printer.jpg', url: 'photos/printer.jpg' }],
    });
    expect(parseConsoleLine(':attach report.pdf')).toEqual({
      kind: 'say',
      text: '',
      attachments: [{ kind: 'file', name: 'report.pdf', url: 'report.pdf' }],
    });
    expect(parseConsoleLine(':attach')).toEqual({
      kind: 'error',
      said: { key: 'console.usage', params: { usage: ':attach FILE [TEXT]' } },
    });
  });
});

test('attachments are bounded: at most 10, names cut, over-long links left out', () => {
  const many = Array.from({ length: 500 }, (_, i) => ({
    kind: 'file' as const,
    name: `${'n'.repeat(1000)}${i}`,
    url: i % 2 ? `https://x/${'u'.repeat(2000)}` : 'https://x/short',
  }));
  const kept = boundAttachments(many);
  expect(kept).toHaveLength(MAX_ATTACHMENTS);
  expect(kept.every((a) => Array.from(a.name).length === MAX_ATTACHMENT_NAME && a.name.endsWith('…'))).toBe(true);
  expect(kept.map((a) => a.url)).toEqual(Array.from({ length: 10 }, (_, i) => (i % 2 ? undefined : 'https://x/short')));
});
