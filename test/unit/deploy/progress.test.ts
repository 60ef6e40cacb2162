import type { MessageRef } from '../../../src/chat/conversation-ref';
import type { OutboundPort } from '../../../src/chat/outbound-port';
import { CoalescedEditor, countStates } from '../../../src/deploy/progress';
import { countsLine } from '../../../src/deploy/render-deployment';
import { failureRatio, planWaves, waveCount } from '../../../src/deploy/planner';

test('waves: canary first, then waves of waveSize', () => {
  const hosts = Array.from({ length: 11 }, (_, i) => `h${i}`);
  expect(planWaves(hosts, { canary: 1, waveSize: 4 })).toEqual([0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3]);
  expect(planWaves(hosts, { canary: 0, waveSize: 5 })).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2]);
  expect(waveCount(planWaves(hosts.slice(0, 2), { canary: 5, waveSize: 5 }))).toBe(1);
  expect(failureRatio({ succeeded: 6, failed: 3, timedOut: 1 })).toBeCloseTo(0.4);
  expect(failureRatio({ succeeded: 0, failed: 0, timedOut: 0 })).toBe(0);
});

test('the counts line says what is done and what went wrong', () => {
  const c = countStates(['succeeded', 'succeeded', 'failed', 'unreachable', 'running', 'pending']);
  expect(countsLine(c, 6)).toBe('4/6 done, 2 succeeded, 1 failed, 1 unreachable');
});

test('edits are coalesced: at most one per interval, never overlapping, the last one always sent', async () => {
  const edits: Array<{ text: string; at: number }> = [];
  let inFlight = 0;
  let overlapped = false;
  const outbound = {
    edit: async (_ref: MessageRef, msg: { text: string }) => {
      inFlight++;
      if (inFlight > 1) overlapped = true;
      await new Promise((r) => setTimeout(r, 5));
      edits.push({ text: msg.text, at: Date.now() });
      inFlight--;
    },
  } as unknown as OutboundPort;
  const editor = new CoalescedEditor(outbound, { platform: 't', channel: 'c', messageId: 'm' }, 100);
  const started = Date.now();
  for (let i = 1; i <= 60; i++) {
    editor.update({ text: `step ${i}` });
    await new Promise((r) => setTimeout(r, 5));
  }
  await editor.flush({ text: 'final' });
  const took = Date.now() - started;
  expect(overlapped).toBe(false);
  expect(edits[0].text).toBe('step 1');
  expect(edits[edits.length - 1].text).toBe('final');
  expect(edits.length).toBeLessThanOrEqual(Math.ceil(took / 100) + 2);
  expect(edits.length).toBeGreaterThanOrEqual(2);
  // 60 updates over ~300+ ms: coalescing must have dropped most of them.
  expect(edits.length).toBeLessThan(30);
});

test('nothing covers the final summary, and a runner that lost its lease sends nothing more', async () => {
  const edits: string[] = [];
  const outbound = {
    edit: async (_ref: MessageRef, msg: { text: string }) => void edits.push(msg.text),
  } as unknown as OutboundPort;
  const ref = { platform: 't', channel: 'c', messageId: 'm' };

  const finished = new CoalescedEditor(outbound, ref, 50);
  finished.update({ text: 'step 1' });
  await finished.flush({ text: 'summary' });
  finished.update({ text: 'late step' });
  await new Promise((r) => setTimeout(r, 120));
  expect(edits).toEqual(['step 1', 'summary']);

  edits.length = 0;
  const superseded = new CoalescedEditor(outbound, ref, 50);
  superseded.update({ text: 'step 1' });
  superseded.update({ text: 'step 2 (pending)' });
  superseded.cancel();
  superseded.update({ text: 'step 3' });
  await new Promise((r) => setTimeout(r, 120));
  expect(edits).toEqual(['step 1']);
});
