import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateMunicipalInstance, replanAfterIllness } from '../../bench/matching/municipal.ts';
import { bruteForce, bruteForceCount, tiny } from '../../test/support/brute-force.ts';
import { checkPlan } from './check-plan.ts';
import { planVisits } from './engine.ts';
import { type ExactOptions, planVisitsExact, safeDualBound } from './exact.ts';
import { buildExactModel } from './exact-model.ts';
import { buildModel } from './model.ts';
import { startState } from './start-state.ts';
import type { MatchingInput } from './types.ts';
import { placeableAlone } from './upper-bound.ts';

// Node caps, not time: the same input gives the same plan on a loaded machine.
const exactly = (input: MatchingInput, iterations: number, options: ExactOptions = {}) =>
  planVisitsExact({ ...input, iterations }, { maxNodes: 2_000, ...options });

describe('exact mode (HiGHS)', () => {
  it('plans pass checkPlan, weigh at least the heuristic, the bounds hold, and a proven optimum is the optimum', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(tiny(false), tiny(true)), fc.integer({ min: 1, max: 60 }), async (input, iterations) => {
        const heuristic = planVisits({ ...input, iterations });
        const plan = await exactly(input, iterations);
        const optimum = bruteForce(input);
        expect(checkPlan(input, plan.visits)).toEqual([]);
        expect(plan.quality.placedWeighted).toBeGreaterThanOrEqual(heuristic.quality.placedWeighted);
        expect(plan.weightedUpperBound).toBeGreaterThanOrEqual(optimum.weighted);
        expect(plan.upperBound).toBeGreaterThanOrEqual(bruteForceCount(input));
        expect(plan.stats.exact?.status).toBe('optimal');
        expect(plan.weightedGap).toBe(0);
        expect(plan.quality.placedWeighted).toBe(optimum.weighted);
      }),
      { numRuns: 120 },
    );
  });

  it('the solver alone, started from nothing, finds the brute-force optimum and proves it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(tiny(false), tiny(true)), async (input) => {
        const plan = await exactly(input, 1, { solveAlways: true, warmStart: false });
        const optimum = bruteForce(input);
        expect(plan.stats.exact?.status).toBe('optimal');
        // Weight first, then count among the heaviest plans: the integer program's tie-break.
        expect(plan.stats.exact?.solverPlan).toEqual({ placed: optimum.placed, placedWeighted: optimum.weighted });
        expect(plan.weightedUpperBound).toBe(optimum.weighted);
        expect(checkPlan(input, plan.visits)).toEqual([]);
      }),
      { numRuns: 120 },
    );
  });

  it('the LP bound is at least brute force where the exact solver is not run', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(tiny(false), tiny(true)), async (input) => {
        const plan = await planVisitsExact({ ...input, iterations: 30 }, { maxRequests: 0 });
        expect(plan.stats.exact?.status).not.toBe('limit');
        expect(plan.weightedUpperBound).toBeGreaterThanOrEqual(bruteForce(input).weighted);
        expect(plan.upperBound).toBeGreaterThanOrEqual(bruteForceCount(input));
        expect(checkPlan(input, plan.visits)).toEqual([]);
      }),
      { numRuns: 120 },
    );
  });

  it('is deterministic under node and iteration caps', async () => {
    const input = fc.sample(tiny(true), { numRuns: 1, seed: 5 })[0]!;
    const a = await exactly(input, 20, { solveAlways: true, warmStart: false });
    const b = await exactly(input, 20, { solveAlways: true, warmStart: false });
    expect(a.stats.exact?.solverPlan).toBeDefined();
    expect(b.visits).toEqual(a.visits);
    expect(b.stats.exact?.nodes).toBe(a.stats.exact?.nodes);
  });

  it('on a municipal re-plan after illness: locked visits kept, rules kept, at least the heuristic, bound proven', async () => {
    const input = { ...replanAfterIllness(generateMunicipalInstance(2), 2), iterations: 3_000 };
    expect(input.locked?.length).toBeGreaterThan(0);
    const heuristic = planVisits(input);
    const plan = await planVisitsExact(input, { maxNodes: 500 });
    expect(checkPlan(input, plan.visits)).toEqual([]);
    expect(plan.quality.placedWeighted).toBeGreaterThanOrEqual(heuristic.quality.placedWeighted);
    expect(plan.weightedUpperBound).toBeLessThanOrEqual(heuristic.weightedUpperBound);
    expect(plan.boundSource).not.toBe('flow');
    expect(plan.stats.exact?.status).not.toBe('skipped');
  });

  it('the bound from row multipliers holds for any multipliers, not only the solver’s', () => {
    fc.assert(
      fc.property(
        fc.oneof(tiny(false), tiny(true)),
        fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { maxLength: 400 }),
        (input, duals) => {
          const m = buildModel(input);
          const e = buildExactModel(m, startState(m, input, new Map()), placeableAlone(m));
          const cost = new Float64Array(e.numCols);
          for (let c = 0; c < e.xCount; c++) cost[c] = m.requestPriority[e.xRequest[c]!]!;
          const rowDual = Float64Array.from({ length: e.numRows }, (_, i) => duals[i % Math.max(1, duals.length)] ?? 0);
          expect(safeDualBound(e, cost, rowDual)).toBeGreaterThanOrEqual(bruteForce(input).weighted - 1e-9);
        },
      ),
      { numRuns: 150 },
    );
  });
});
