// Exhaustive search and tiny generated instances for the matching engine's property tests.
import fc from 'fast-check';
import { generateInstance } from '../../bench/matching/generate.ts';
import { checkPlan } from '../../src/matching/check-plan.ts';
import type { MatchingInput, PlannedVisit } from '../../src/matching/types.ts';

/** The best (weighted placed, then placed) over every plan, by exhaustive search; tiny instances only. */
export function bruteForce(input: MatchingInput): { weighted: number; placed: number } {
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
export function bruteForceCount(input: MatchingInput): number {
  return bruteForce({ ...input, requests: input.requests.map((r) => ({ ...r, priority: 1 })) }).placed;
}

/** Tiny instances (≤ 5 requests, ≤ 4 hosts, ≤ 3 slots) where every host may do one or two visits a day. */
export const tiny = (contested: boolean) =>
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
