/**
 * A large deployment's progress card through the Slack adapter into the emulator, which refuses
 * blocks over Slack's total size (`msg_blocks_too_long`) as Slack does: 600 hosts, 300 of them
 * failed or unreachable with their error texts. The card is edited from DEPLOYING to its end state
 * and must show that end state; its chase list is cut to "… and N more" in the card, whole in the
 * message text and in the thread note. When Slack refuses the blocks anyway (its limit is not
 * documented), the edit is sent again as text and the old blocks are removed, so the card cannot
 * go on saying DEPLOYING. The whole list on request (`deploy show … --csv`) goes up as a file in the thread.
 */
import type { Types } from 'mongoose';
import type { ConversationRef } from '../../../src/chat/conversation-ref';
import type { DeploymentDoc } from '../../../src/deploy/deployment.model';
import { type ChaseEntry, type Counts, emptyCounts } from '../../../src/deploy/progress';
import { finishedNote, renderProgress } from '../../../src/deploy/render-deployment';
import { targetsCsv } from '../../../src/deploy/targets-csv';
import { MAX_BLOCKS_TOTAL } from '../../platforms/slack/web-api';
import { type AdapterHarness, startAdapterHarness } from './adapter-harness';

const HOSTS = 600;
const UNREACHABLE = 250;
const FAILED = 50;

const host = (i: number) => `pc-${String(i + 1).padStart(3, '0')}.lab.nordby-school.example`;
const chase: ChaseEntry[] = Array.from({ length: UNREACHABLE + FAILED }, (_, i) =>
  i < UNREACHABLE
    ? { host: host(i), state: 'unreachable', error: `ssh: connect to host ${host(i)} port 22: Connection timed out` }
    : {
        host: host(i),
        state: 'failed',
        error: 'install exited with status 100: dpkg: error processing package libreoffice-core (--configure)',
      },
);

function deployment(state: DeploymentDoc['state']): DeploymentDoc {
  return {
    number: 17,
    kind: 'deploy',
    rfcKey: 'RFC-42',
    package: { name: 'libreoffice', version: '24.8.4' },
    state,
    total: HOSTS,
    waves: 4,
    targetsText: 'group:labs',
    requestedByName: 'Rolf Dahl',
  } as Partial<DeploymentDoc> as DeploymentDoc & { _id: Types.ObjectId };
}

function counts(done: number): Counts {
  const c = emptyCounts();
  const failing = Math.min(done, UNREACHABLE + FAILED);
  c.unreachable = Math.min(failing, UNREACHABLE);
  c.failed = failing - c.unreachable;
  c.succeeded = done - failing;
  c.pending = HOSTS - done;
  return c;
}

const size = (blocks: unknown[] | undefined) => JSON.stringify(blocks ?? []).length;
const statusOf = (blocks: unknown[] | undefined) =>
  ((blocks ?? [])[1] as { text?: { text?: string } } | undefined)?.text?.text;

describe('Slack: a 600-host deployment card with 300 failures', () => {
  let h: AdapterHarness;
  const ops: ConversationRef = { platform: 'slack', channel: 'C0OPS' };
  beforeAll(async () => {
    h = await startAdapterHarness({ mode: 'socket', editIntervalMs: 50, emulator: { echoBotEvents: false } });
    h.slack.addChannel({ id: 'C0OPS', name: 'operators' });
  });
  afterAll(() => h.stop());
  afterEach(() => {
    h.slack.webApi.maxBlocksTotal = MAX_BLOCKS_TOTAL;
  });

  /** Posts the card, edits it through the run and to its end state, posts the thread note; the stored message. */
  async function runCard() {
    const ref = await h.adapter.post(ops, renderProgress(deployment('running'), counts(0), { wave: 0 }));
    for (const done of [150, 300, 450, 600]) {
      await h.adapter.edit(
        ref,
        renderProgress(deployment('running'), counts(done), { wave: Math.floor(done / 150) - 1 }),
      );
    }
    const summary = renderProgress(deployment('done'), counts(HOSTS), { chase, durationMs: 754_000 });
    await h.adapter.edit(ref, summary);
    await h.adapter.edits.flush();
    await h.adapter.post({ ...ops, thread: ref.messageId }, { text: finishedNote(summary) });
    const message = h.slack.messages('C0OPS').find((m) => m.ts === ref.messageId)!;
    const note = h.slack.messages('C0OPS').find((m) => m.threadTs === ref.messageId)!;
    return { ref, message, note, summary };
  }

  it(
    'stays under the block limit and ends showing the final state, the full chase list in the text and the ' + 'thread',
    async () => {
      const { message, note } = await runCard();
      if (process.env.OPSDESK_TEST_REPORT)
        console.log(
          JSON.stringify({
            blocksJson: size(message.blocks),
            textChars: message.text.length,
            blocks: message.blocks?.length,
          }),
        );
      // Every edit was taken: none refused.
      const refused = h.slack.calls('chat.update').filter((c) => c.response.ok !== true);
      expect(refused).toEqual([]);
      expect(statusOf(message.blocks)).toBe('*DONE*');
      expect(size(message.blocks)).toBeLessThanOrEqual(MAX_BLOCKS_TOTAL);
      expect(message.text).toContain('done: 600/600 done, 300 succeeded, 50 failed, 250 unreachable');
      const shown = JSON.stringify(message.blocks);
      expect(shown).toContain('Chase list (300)');
      const listed = chase.filter((c) => shown.includes(`${c.host}:`)).length;
      expect(listed).toBeGreaterThan(0);
      expect(listed).toBeLessThan(300);
      expect(shown).toContain(`… and ${300 - listed} more`);
      // The text and the thread's note stay short, and name the command that lists every host.
      for (const m of [message.text, note.text]) {
        expect(m.length).toBeLessThan(4000);
        expect(m).toContain('deploy show D-');
      }
    },
  );

  it('`deploy show … --csv`: the whole list goes up as a file after the short reply, in its thread', async () => {
    const file = targetsCsv(
      17,
      'unreachable',
      chase
        .filter((c) => c.state === 'unreachable')
        .map((c) => ({ host: c.host, state: 'unreachable' as const, attempts: 1, error: c.error, dropped: false })),
    );
    const root = await h.adapter.post(ops, { text: 'Deployment D-17 of RFC-42: libreoffice 24.8.4 — done' });
    const reply = await h.adapter.post(
      { ...ops, thread: root.messageId },
      { text: 'Deployment D-17 of RFC-42: 250 host(s) unreachable. The whole list is attached.', file },
    );
    const withFile = h.slack.messages('C0OPS').find((m) => m.files?.some((f) => f.name === file.filename));
    expect(withFile?.files?.[0]).toMatchObject({ name: 'deploy-D-17-unreachable.csv', title: file.title });
    expect(withFile?.files?.[0].bytes).toBeGreaterThanOrEqual(file.data.length); // the emulator counts the upload body
    expect(withFile?.threadTs).toBe(reply.thread);
    expect(file.data.toString('utf8').split('\r\n').filter(Boolean)).toHaveLength(251);
  });

  it('when Slack refuses the blocks anyway, the edit lands as text and the DEPLOYING blocks go', async () => {
    // A limit the running card fits but the summary does not: Slack's is undocumented, and may be lower than thought.
    h.slack.webApi.maxBlocksTotal = 1200;
    const updatesBefore = h.slack.calls('chat.update').length;
    const { message } = await runCard();
    expect(statusOf(message.history[0].blocks)).toBe('*DEPLOYING 0/600*');
    const updates = h.slack.calls('chat.update').slice(updatesBefore);
    expect(updates.some((c) => c.response.error === 'msg_blocks_too_long')).toBe(true);
    const last = updates.at(-1)!;
    expect(last.response.ok).toBe(true);
    expect(JSON.parse(String(last.args.blocks))).toEqual([]);
    // What people see: the end state, no card left saying DEPLOYING.
    expect(message.blocks).toBeUndefined();
    expect(message.text).toMatch(/^Deployment D-17 of RFC-42: libreoffice 24\.8\.4 — done: 600\/600 done/u);
    expect(JSON.stringify(message.history.at(-1))).not.toContain('DEPLOYING');
  });
});
