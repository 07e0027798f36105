import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateInstance } from '../../bench/matching/generate.ts';
import { checkPlan } from './check-plan.ts';
import { planVisits } from './engine.ts';
import missedOptimum from './regressions/engine-missed-optimum-4x4x2.json' with { type: 'json' };
import type { MatchingInput, PlannedVisit } from './types.ts';

/** The best (weighted placed, then placed) over every plan, by exhaustive search; tiny instances only. */
function bruteForce(input: MatchingInput): { weighted: number; placed: number } {
  const options: PlannedVisit[][] = input.requests.map((r) => {
    const list: PlannedVisit[] = [];
    for (const slotId of r.slotIds) {
      const hosts = input.hosts.filter((h) => h.availableSlotIds.includes(slotId)).map((h) => h.id);
      for (let mask = 1; mask < 1 << hosts.length; mask++) {
        const hostIds = hosts.filter((_, i) => mask & (1 << i));
        const visit = { requestId: r.id, slotId, hostIds };
        if (checkPlan(input, [visit]).length === 0) list.push(visit);
      }
    }
    return list;
  });
  let best = { weighted: 0, placed: 0 };
  const chosen: PlannedVisit[] = [];
  const visit = (i: number, weighted: number) => {
    if (i === input.requests.length) {
      if (weighted > best.weighted || (weighted === best.weighted && chosen.length > best.placed)) {
        best = { weighted, placed: chosen.length };
      }
      return;
    }
    visit(i + 1, weighted);
    for (const option of options[i]!) {
      chosen.push(option);
      if (checkPlan(input, chosen).length === 0) visit(i + 1, weighted + input.requests[i]!.priority);
      chosen.pop();
    }
  };
  visit(0, 0);
  return best;
}

/** The most placeable requests over every plan (count only), by exhaustive search. */
function bruteForceCount(input: MatchingInput): number {
  return bruteForce({ ...input, requests: input.requests.map((r) => ({ ...r, priority: 1 })) }).placed;
}

const tiny = (contested: boolean) =>
  fc
    .record({
      seed: fc.integer({ min: 1, max: 1_000_000 }),
      requests: fc.integer({ min: 1, max: 5 }),
      hosts: fc.integer({ min: 2, max: 4 }),
      slots: fc.constantFrom(1, 2, 3),
      availability: fc.double({ min: 0.4, max: 1, noNaN: true }),
    })
    .map((spec) => {
      const input = generateInstance({ ...spec, contested });
      // Tight: everyone may do at most one or two visits.
      return { ...input, hosts: input.hosts.map((h, i) => ({ ...h, maxVisitsPerDay: 1 + (i % 2) })) };
    });

describe('upper bound and optimum on tiny instances', () => {
  it('finds the optimum where an early stop once left one of four requests out (fast-check seed -773806677)', () => {
    // Found in CI: with kicks only after 2,000 idle iterations, a 2,000-iteration run never left its local optimum.
    const input = missedOptimum as MatchingInput;
    const optimum = bruteForce(input);
    expect(optimum).toEqual({ weighted: 3, placed: 3 });
    const plan = planVisits({ ...input, iterations: 2_000 });
    expect(checkPlan(input, plan.visits)).toEqual([]);
    expect(plan.quality.placedWeighted).toBe(optimum.weighted);
    expect(plan.quality.placed).toBe(optimum.placed);
  });

  it('the bound is at least the optimum, and the engine finds the optimum', () => {
    fc.assert(
      fc.property(fc.oneof(tiny(false), tiny(true)), (input) => {
        const optimum = bruteForce(input);
        const count = bruteForceCount(input);
        const plan = planVisits({ ...input, iterations: 2_000 });
        expect(plan.upperBound).toBeGreaterThanOrEqual(count);
        expect(plan.quality.placedWeighted).toBe(optimum.weighted);
        expect(plan.quality.placed).toBe(optimum.placed);
      }),
      { numRuns: 150 },
    );
  });

  it('the bound equals the optimum when delegations are one politician and travel never binds', () => {
    fc.assert(
      fc.property(tiny(false), (generated) => {
        // One zone and non-overlapping slots: the flow bound is then an exact b-matching.
        const input: MatchingInput = {
          ...generated,
          zones: [{ id: 'zone-1' }],
          travelTimes: [],
          requests: generated.requests.map((r) => ({ ...r, zoneId: 'zone-1' })),
          rules: { minOfficials: 0, maxOfficials: 0, minPoliticians: 1, maxPoliticians: 1, maxDelegationSize: 1 },
        };
        const plan = planVisits({ ...input, iterations: 2_000 });
        expect(plan.upperBound).toBe(bruteForceCount(input));
      }),
      { numRuns: 150 },
    );
  });
});
