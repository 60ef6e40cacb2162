import { summarizePlan } from '../../../src/digest/query-plan';

describe('summarizePlan', () => {
  it('finds an index scan in a MongoDB find plan', () => {
    const explain = {
      queryPlanner: {
        winningPlan: {
          stage: 'LIMIT',
          inputStage: {
            stage: 'FETCH',
            inputStage: {
              stage: 'SORT_MERGE',
              inputStages: [{ stage: 'IXSCAN', indexName: 'status_1_createdAt_1' }, { stage: 'IXSCAN' }],
            },
          },
        },
      },
    };
    expect(summarizePlan(explain)).toEqual({
      stages: ['LIMIT', 'FETCH', 'SORT_MERGE', 'IXSCAN', 'IXSCAN'],
      collectionScan: false,
      noPushdown: false,
    });
  });

  it('flags a collection scan, also inside an aggregation cursor and slot-based plans', () => {
    expect(summarizePlan({ queryPlanner: { winningPlan: { stage: 'COLLSCAN' } } }).collectionScan).toBe(true);
    const agg = {
      stages: [
        {
          $cursor: {
            queryPlanner: {
              winningPlan: { queryPlan: { stage: 'PROJECTION_SIMPLE', inputStage: { stage: 'COLLSCAN' } } },
            },
          },
        },
      ],
    };
    expect(summarizePlan(agg)).toMatchObject({ stages: ['PROJECTION_SIMPLE', 'COLLSCAN'], collectionScan: true });
    const or = {
      queryPlanner: {
        winningPlan: {
          stage: 'FETCH',
          inputStage: { stage: 'OR', inputStages: [{ stage: 'IXSCAN' }, { stage: 'IXSCAN' }] },
        },
      },
    };
    expect(summarizePlan(or).collectionScan).toBe(false);
  });

  it('reads FerretDB (SQLite) plans', () => {
    const ferret = {
      queryPlanner: { Plan: ['id=2 parent=0 notused=0 detail=SCAN t_f10c3da3'] },
      filterPushdown: false,
    };
    expect(summarizePlan(ferret)).toEqual({
      stages: ['id=2 parent=0 notused=0 detail=SCAN t_f10c3da3'],
      collectionScan: true,
      noPushdown: true,
    });
    const indexed = {
      queryPlanner: { Plan: ['id=3 parent=0 notused=0 detail=SEARCH t_1 USING INDEX t_1_status (status=?)'] },
      filterPushdown: true,
    };
    expect(summarizePlan(indexed).collectionScan).toBe(false);
  });
});
