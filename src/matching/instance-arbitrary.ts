import fc from 'fast-check';
import { generateInstance } from '../../bench/matching/generate.ts';
import type { MatchingInput } from './types.ts';

/**
 * Seeded generated instances for property tests, over one or two days, plain or contested, with requests, hosts and
 * slot counts in the given ranges.
 */
export function generatedInstances(range: {
  requests: [number, number];
  hosts: [number, number];
  slots: number[];
}): fc.Arbitrary<MatchingInput> {
  return fc
    .record({
      seed: fc.integer({ min: 1, max: 1_000_000 }),
      requests: fc.integer({ min: range.requests[0], max: range.requests[1] }),
      hosts: fc.integer({ min: range.hosts[0], max: range.hosts[1] }),
      slots: fc.constantFrom(...range.slots),
      availability: fc.double({ min: 0.3, max: 1, noNaN: true }),
      contested: fc.boolean(),
    })
    .map((spec) => generateInstance(spec));
}
