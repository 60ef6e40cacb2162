/**
 * Two real opsdesk processes on one database, both receiving every Slack event (a load balancer
 * delivering each event to both, as Slack's retries through one would): each report becomes one
 * case with one receipt, and a job due in both processes runs once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { Claim } from '../../src/db/claim-once';
import { Ticket } from '../../src/tickets/ticket.model';
import { until } from '../integration/deploy/deploy-fixture';
import type { SlackEmulator } from '../platforms/slack/slack-emulator';
import { testDbUri } from '../support/db';
import { startBots, stopAll } from './bot-fleet';
import { type BotProcess, sleep } from './bot-process';
import {
  acknowledged,
  type Answer,
  post,
  receiptsByKey,
  REPORTERS,
  reportEvent,
  startFixtureSlack,
} from './slack-side';

const REPORTS = 24;
const WAVE = 6;

describe('two opsdesk processes on one database', () => {
  let slack: SlackEmulator;
  let bots: BotProcess[] = [];
  let dir: string;

  beforeAll(async () => {
    slack = await startFixtureSlack();
    dir = mkdtempSync(path.join(tmpdir(), 'opsdesk-two-'));
    const uri = testDbUri('two');
    await mongoose.connect(uri, { serverSelectionTimeoutMS: 10_000 });
    bots = await startBots({ names: ['A', 'B'], slack, mongoUri: uri, dir });
  }, 120_000);

  afterAll(async () => {
    await stopAll(bots);
    await slack?.stop();
    await mongoose.connection.dropDatabase().catch(() => undefined);
    await mongoose.disconnect();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('every report delivered to both processes is one case with one receipt', async () => {
    const bodies = Array.from({ length: REPORTS }, (_, i) =>
      reportEvent(slack, REPORTERS[i % REPORTERS.length], `The projector in room ${100 + i} shows no picture`),
    );
    const answers = new Map<string, Answer[]>();
    for (let i = 0; i < bodies.length; i += WAVE) {
      await Promise.all(
        bodies
          .slice(i, i + WAVE)
          .map(async (body) =>
            answers.set(body.event_id, await Promise.all(bots.map((bot) => post(slack, bot.eventsUrl, body)))),
          ),
      );
    }
    // Both processes answer every delivery: 200 once the event is stored (by the one, or found stored by the other).
    for (const [eventId, pair] of answers) {
      expect({ eventId, answered: pair.every((a) => a.status > 0), acknowledged: pair.some(acknowledged) }).toEqual({
        eventId,
        answered: true,
        acknowledged: true,
      });
    }
    // Slack redelivers what was not acknowledged: now every delivery, to both, is acknowledged.
    const retries = await Promise.all(bodies.flatMap((body) => bots.map((bot) => post(slack, bot.eventsUrl, body, 1))));
    expect(retries.filter((a) => !acknowledged(a))).toEqual([]);
    // Acknowledged once stored; handled right after.
    await until('a case for every report', async () => (await Ticket.countDocuments()) >= REPORTS, 20_000);
    for (const body of bodies) expect(await Ticket.countDocuments({ source: `slack|${body.event_id}` })).toBe(1);
    const tickets = await Ticket.find({}, { key: 1 }).lean();
    expect(tickets).toHaveLength(REPORTS);
    const receipts = await slack.waitFor(
      () => (receiptsByKey(slack).size >= REPORTS ? receiptsByKey(slack) : undefined),
      10_000,
      'every receipt',
    );
    await sleep(300);
    expect(receiptsByKey(slack)).toEqual(new Map(tickets.map((t) => [t.key, 1])));
    expect(receipts.size).toBe(REPORTS);
    // Each case was logged by exactly one of the two processes.
    const logged = bots.map((b) => b.logged('incident logged').length);
    expect(logged[0] + logged[1]).toBe(REPORTS);
  }, 60_000);

  it('a job due in both processes runs once', async () => {
    const jobs = mongoose.connection.db!.collection('agenda_jobs');
    const digestRuns = () => bots.reduce((n, b) => n + b.logged('digest job').length, 0);
    // Both processes scheduled the digest at start-up (for later today): one job document.
    const docs = await jobs.find({ name: 'digest', nextRunAt: { $ne: null } }).toArray();
    expect(docs).toHaveLength(1);
    const before = digestRuns();
    const due = new Date(Date.now() + 1000);
    await jobs.updateOne({ _id: docs[0]._id }, { $set: { nextRunAt: due }, $unset: { lockedAt: '' } });
    await slack.waitFor(() => digestRuns() > before, 15_000, 'the digest job to run');
    await sleep(2000); // ten more scans by each process
    expect(digestRuns()).toBe(before + 1);
    expect(await Claim.countDocuments({ _id: `job:digest:key=digest-daily:due:${due.toISOString()}` })).toBe(1);
  }, 60_000);
});
