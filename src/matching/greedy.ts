import { greedyFill } from './greedy-fill.ts';
import { buildModel } from './model.ts';
import { toPlan } from './plan-output.ts';
import { startState } from './start-state.ts';
import type { MatchingInput, Plan, PlannedVisit } from './types.ts';
import { placeableAlone, upperBound, weightedUpperBound } from './upper-bound.ts';

/**
 * The baseline: locked visits, then requests in arrival order, each in its earliest acceptable slot with the first
 * hosts (input order) that fit. No search. Used by benchmarks and tests as the floor the engine must beat.
 */
export function planGreedy(input: MatchingInput): Plan {
  const started = Date.now();
  const m = buildModel(input);
  const lockedVisits = new Map<number, PlannedVisit>();
  const state = startState(m, input, lockedVisits);
  greedyFill(state);
  const alone = placeableAlone(m);
  const count = upperBound(m, alone);
  return toPlan(
    state,
    { count, weighted: weightedUpperBound(m, count, alone), source: 'flow' },
    {
      lockedVisits,
      warnings: [],
      stats: { iterations: 0, elapsedMs: Date.now() - started, stoppedBy: 'iterations' },
    },
  );
}
