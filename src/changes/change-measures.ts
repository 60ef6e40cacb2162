import { Rfc, type RfcDoc } from './rfc.model';

/** What the change records say about a period (src/stats ChangeMeasures), and the on-time share by target date. */
export async function changeMeasures(period: { from: Date; to: Date }) {
  const range = { $gte: period.from, $lt: period.to };
  const [finished, created] = await Promise.all([
    Rfc.find({ deployedAt: range }).lean<RfcDoc[]>(),
    Rfc.find({ createdAt: range }, { state: 1, revisionOf: 1 }).lean<RfcDoc[]>(),
  ]);
  const inTimeFrame = finished.filter((r) =>
    r.review?.inTime !== undefined ? r.review.inTime : r.window ? r.deployedAt! <= r.window.end : false,
  ).length;
  const rated = finished.filter((r) => r.review?.satisfaction);
  const due = finished.filter((r) => r.targetDate);
  return {
    finished: finished.length,
    inTimeFrame,
    sentBack: created.filter((r) => r.revisionOf).length,
    submitted: created.filter((r) => r.state !== 'draft').length,
    ...(rated.length
      ? {
          satisfaction: {
            mean: rated.reduce((s, r) => s + (r.review!.satisfaction ?? 0), 0) / rated.length,
            ratings: rated.length,
          },
        }
      : {}),
    onTarget: { onTime: due.filter((r) => r.deployedAt! <= r.targetDate!).length, due: due.length },
  };
}

/** On time against the target date: of the changes deployed since `from` that have one, how many by it. */
export async function onTargetShare(from: Date, to: Date): Promise<{ onTime: number; due: number }> {
  return (await changeMeasures({ from, to })).onTarget;
}
