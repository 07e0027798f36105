import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bruteForce, bruteForceCount, tiny } from '../../test/support/brute-force.ts';
import { checkPlan } from './check-plan.ts';
import { planVisits } from './engine.ts';
import missedOptimum from './regressions/engine-missed-optimum-4x4x2.json' with { type: 'json' };
import type { MatchingInput } from './types.ts';

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

  it('the weighted bound is at least the weighted optimum, and the search stops by stagnation only on it', () => {
    let stagnated = 0;
    fc.assert(
      fc.property(fc.oneof(tiny(false), tiny(true)), fc.integer({ min: 1, max: 400 }), (input, iterations) => {
        const optimum = bruteForce(input);
        // Short runs too: a run that stops early must have reached the weighted bound, not just the count bound.
        const plan = planVisits({ ...input, iterations });
        expect(plan.weightedUpperBound).toBeGreaterThanOrEqual(optimum.weighted);
        expect(plan.weightedGap).toBe(plan.weightedUpperBound - plan.quality.placedWeighted);
        if (plan.stats.stoppedBy === 'stagnation') {
          stagnated++;
          expect(plan.weightedGap).toBe(0);
          expect(plan.quality.placedWeighted).toBe(optimum.weighted);
        }
      }),
      { numRuns: 150 },
    );
    expect(stagnated).toBeGreaterThan(0);
  });

  it('the weighted bound sees heavy requests competing for the same hosts', () => {
    // Two priority-2 requests want the only politician's one slot; two priority-1 requests have politicians to spare.
    // The count bound is 3 (the heavy pair places one), so the heaviest three weigh 2 + 2 + 1 = 5, while any plan
    // weighs at most 2 + 1 + 1 = 4: only the layered bound (heavy ones alone can place 1) says so.
    const slot = { id: 's1', startsAt: '2027-09-15T06:30:00Z', endsAt: '2027-09-15T07:15:00Z' };
    const slot2 = { id: 's2', startsAt: '2027-09-15T08:30:00Z', endsAt: '2027-09-15T09:15:00Z' };
    const host = (id: string, slots: string[]) => ({
      id,
      kind: 'politician' as const,
      party: 'S',
      topicIds: [],
      availableSlotIds: slots,
      maxVisitsPerDay: 1,
      startZoneId: null,
    });
    const request = (id: string, slots: string[], priority: number) => ({
      id,
      slotIds: slots,
      topicIds: [],
      zoneId: null,
      participants: 1,
      priority,
      arrival: 0,
    });
    const input: MatchingInput = {
      requests: [
        request('heavy-1', ['s1'], 2),
        request('heavy-2', ['s1'], 2),
        request('light-1', ['s2'], 1),
        request('light-2', ['s2'], 1),
      ],
      hosts: [host('p1', ['s1']), host('p2', ['s2']), host('p3', ['s2'])],
      slots: [slot, slot2],
      zones: [],
      rules: { minOfficials: 0, maxOfficials: 0, minPoliticians: 1, maxPoliticians: 1, maxDelegationSize: 1 },
    };
    expect(bruteForce(input)).toEqual({ weighted: 4, placed: 3 });
    const plan = planVisits({ ...input, iterations: 500 });
    expect(plan.upperBound).toBe(3);
    expect(plan.weightedUpperBound).toBe(4);
    expect(plan.weightedGap).toBe(0);
    expect(plan.stats.stoppedBy).toBe('stagnation');
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
