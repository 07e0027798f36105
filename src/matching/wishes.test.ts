import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPlan } from './check-plan.ts';
import { planVisits } from './engine.ts';
import { planGreedy } from './greedy.ts';
import { generatedInstances } from './instance-arbitrary.ts';
import type { MatchHost, MatchingInput, MatchRequest, Plan } from './types.ts';

// An iteration cap (and no time budget) makes every run here the same on a loaded machine as on an idle one.
const plan = (input: MatchingInput, extra: Partial<MatchingInput> = {}) => planVisits({ ...input, iterations: 1_000, ...extra });

const slot = (id: string, start: string, end: string) => ({ id, startsAt: `2027-09-15T${start}:00Z`, endsAt: `2027-09-15T${end}:00Z` });
const host = (id: string, kind: 'politician' | 'official', extra: Partial<MatchHost> = {}): MatchHost => ({
  id,
  kind,
  party: kind === 'politician' ? id.toUpperCase() : null,
  department: kind === 'official' ? 'bygglov' : null,
  topicIds: [],
  availableSlotIds: ['s1', 's2'],
  maxVisitsPerDay: 4,
  startZoneId: null,
  ...extra,
});
const request = (id: string, extra: Partial<MatchRequest> = {}): MatchRequest => ({
  id,
  slotIds: ['s1'],
  topicIds: [],
  zoneId: 'centrum',
  participants: 2,
  priority: 1,
  arrival: 0,
  ...extra,
});
const politiciansOf = (input: MatchingInput, p: Plan, requestId: string) =>
  p.visits.find((v) => v.requestId === requestId)?.hostIds.filter((id) => input.hosts.find((h) => h.id === id)?.kind === 'politician') ??
  [];

describe('a wished politician count', () => {
  // At most 2 politicians, but a delegation of 2 that must hold an official: a wish for 2 cannot be met by the rules.
  const tight: MatchingInput = {
    slots: [slot('s1', '08:00', '08:45')],
    zones: [{ id: 'centrum' }],
    hosts: [host('s', 'politician'), host('m', 'politician'), host('o', 'official')],
    requests: [request('a', { wantsPoliticianCount: 2 })],
    rules: { minPoliticians: 1, maxPoliticians: 2, minOfficials: 1, maxOfficials: 1, maxDelegationSize: 2 },
  };

  it('that the rules cannot meet falls back to their composition and says so', () => {
    const p = plan(tight);
    expect(p.unplaced).toEqual([]);
    expect(p.visits).toHaveLength(1);
    expect(politiciansOf(tight, p, 'a')).toHaveLength(1);
    expect(p.visits[0]!.hostIds).toContain('o');
    expect(checkPlan(tight, p.visits)).toEqual([]);
    expect(p.warnings).toEqual([
      expect.objectContaining({ code: 'wish_not_met', requestId: 'a', slotId: 's1', params: { wanted: 2, given: 1, limit: 1 } }),
    ]);
    // The baseline an organiser would fill by hand gives the visit too.
    expect(planGreedy(tight).visits).toHaveLength(1);
  });

  it('is met when the rules and the free hosts allow it', () => {
    const roomy = { ...tight, rules: { ...tight.rules, maxDelegationSize: 3 } };
    const p = plan(roomy);
    expect(politiciansOf(roomy, p, 'a')).toHaveLength(2);
    expect(p.warnings).toEqual([]);
    expect(checkPlan(roomy, p.visits)).toEqual([]);
  });

  it('that the free hosts cannot meet gives the visit with fewer politicians, never none', () => {
    // Room for two politicians, but only one is free in the company's slot.
    const input: MatchingInput = {
      ...tight,
      hosts: [host('s', 'politician'), host('m', 'politician', { availableSlotIds: ['s2'] }), host('o', 'official')],
      slots: [slot('s1', '08:00', '08:45'), slot('s2', '10:00', '10:45')],
      rules: { ...tight.rules, maxDelegationSize: 3 },
    };
    const p = plan(input);
    expect(p.visits).toHaveLength(1);
    expect(politiciansOf(input, p, 'a')).toEqual(['s']);
    expect(p.warnings).toEqual([expect.objectContaining({ code: 'wish_not_met', params: { wanted: 2, given: 1, limit: 2 } })]);
  });

  it('is met when another plan of as many visits meets it, before topic fit', () => {
    // Politicians s and m can go at 08:00, k only at 10:00. The company without a wish (b) asked first, and s knows
    // its topic: taking s at 08:00 would leave the company wishing for two (a) with one. Both get a visit either way;
    // the wish, which the company asked for, ranks above a topic match.
    const input: MatchingInput = {
      slots: [slot('s1', '08:00', '08:45'), slot('s2', '10:00', '10:45')],
      zones: [{ id: 'centrum' }],
      hosts: [
        host('s', 'politician', { availableSlotIds: ['s1'], topicIds: ['hamnen'] }),
        host('m', 'politician', { availableSlotIds: ['s1'] }),
        host('k', 'politician', { availableSlotIds: ['s2'] }),
        host('o1', 'official'),
        host('o2', 'official'),
      ],
      requests: [
        request('b', { slotIds: ['s1', 's2'], topicIds: ['hamnen'] }),
        request('a', { slotIds: ['s1', 's2'], wantsPoliticianCount: 2, arrival: 1 }),
      ],
      rules: { ...tight.rules, maxDelegationSize: 3 },
    };
    for (let seed = 1; seed <= 10; seed++) {
      const p = plan(input, { seed });
      expect(p.visits).toHaveLength(2);
      expect(politiciansOf(input, p, 'a').sort(), `seed ${seed}`).toEqual(['m', 's']);
      expect(p.warnings).toEqual([]);
    }
  });

  it('never costs a request its visit, and every shortfall is told (property)', () => {
    const instances = generatedInstances({ requests: [3, 30], hosts: [2, 12], slots: [2, 4, 6] });
    const rules = fc.record({
      maxPoliticians: fc.integer({ min: 1, max: 3 }),
      maxDelegationSize: fc.integer({ min: 2, max: 4 }),
    });
    fc.assert(
      fc.property(instances, rules, fc.integer({ min: 1, max: 3 }), (base, limits, wanted) => {
        const input: MatchingInput = { ...base, rules: { ...base.rules, ...limits } };
        const wishing: MatchingInput = { ...input, requests: input.requests.map((r) => ({ ...r, wantsPoliticianCount: wanted })) };
        const without: MatchingInput = { ...input, requests: input.requests.map((r) => ({ ...r, wantsPoliticianCount: null })) };
        const p = plan(wishing);
        expect(checkPlan(wishing, p.visits)).toEqual([]);
        // A request the rules' own composition can place is never left out for its wish's sake.
        const unplacedWithout = new Set(
          plan(without)
            .unplaced.filter((u) => u.reason === 'composition')
            .map((u) => u.requestId),
        );
        for (const u of p.unplaced) if (u.reason === 'composition') expect(unplacedWithout.has(u.requestId)).toBe(true);
        const warned = new Map(p.warnings.filter((w) => w.code === 'wish_not_met').map((w) => [w.requestId, w.params]));
        for (const visit of p.visits) {
          const given = politiciansOf(wishing, p, visit.requestId).length;
          if (given >= wanted) expect(warned.has(visit.requestId)).toBe(false);
          else expect(warned.get(visit.requestId)).toEqual({ wanted, given, limit: expect.any(Number) });
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe('edge inputs', () => {
  it('a locked visit naming a host no longer in the event keeps its co-host booked and counts as placed', () => {
    const input: MatchingInput = {
      slots: [slot('s1', '08:00', '08:45')],
      zones: [{ id: 'centrum' }],
      // Only one politician and one official in the event: the locked visit's official is the only one.
      hosts: [host('p', 'politician'), host('o', 'official')],
      requests: [request('a'), request('b', { arrival: 1 })],
      locked: [{ requestId: 'a', slotId: 's1', hostIds: ['gone', 'o'] }],
    };
    const p = plan(input);
    expect(p.visits).toEqual([{ requestId: 'a', slotId: 's1', hostIds: ['gone', 'o'] }]);
    expect(p.quality.placed).toBe(1);
    expect(p.unplaced).toEqual([
      expect.objectContaining({
        requestId: 'b',
        reason: 'capacity',
        params: expect.objectContaining({ hostIds: ['o'], takenBy: 'booked' }),
      }),
    ]);
    const violations = checkPlan({ ...input, locked: [] }, p.visits).map((v) => v.code);
    expect(violations).not.toContain('host_double_booked');
    // Told twice: the host is unknown, and without them the delegation lacks its politician.
    expect(p.warnings).toEqual([
      expect.objectContaining({ code: 'locked_breaks_rule', requestId: 'a', hostId: 'gone', params: { rule: 'unknown_host' } }),
      expect.objectContaining({
        code: 'locked_breaks_rule',
        requestId: 'a',
        params: expect.objectContaining({ rule: 'composition', politicians: 0 }),
      }),
    ]);
  });

  it('a locked visit in a slot the event no longer has is kept and counted', () => {
    const input: MatchingInput = {
      slots: [slot('s1', '08:00', '08:45')],
      zones: [{ id: 'centrum' }],
      hosts: [host('p', 'politician'), host('o', 'official')],
      requests: [request('a'), request('b', { arrival: 1 })],
      locked: [{ requestId: 'a', slotId: 'gone', hostIds: ['p', 'o'] }],
    };
    const p = plan(input);
    expect(p.visits).toHaveLength(2);
    expect(p.quality.placed).toBe(2);
    expect(p.warnings.map((w) => [w.code, w.params.rule])).toEqual([
      ['locked_breaks_rule', 'unknown_slot'],
      // b has the hosts to itself and the locked visit adds one more: more than the rules could place.
      ['locked_beyond_bound', undefined],
    ]);
  });

  it('a zone that is in the travel table but not among the zones travels by the table, not the fallback', () => {
    // 08:00–08:45 in the centre, then 09:00–09:45 at Skavsta: 40 minutes away by the table, 15 by the fallback.
    const input: MatchingInput = {
      slots: [slot('s1', '08:00', '08:45'), slot('s2', '09:00', '09:45')],
      zones: [{ id: 'centrum' }],
      travelTimes: [{ fromZoneId: 'centrum', toZoneId: 'skavsta', minutes: 40 }],
      hosts: [host('p', 'politician'), host('o', 'official')],
      requests: [request('a'), request('b', { slotIds: ['s2'], zoneId: 'skavsta', arrival: 1 })],
      rules: { transferBufferMinutes: 0 },
    };
    const p = plan(input);
    expect(checkPlan(input, p.visits)).toEqual([]);
    expect(p.quality.placed).toBe(1);
    expect(p.unplaced).toEqual([expect.objectContaining({ reason: 'travel' })]);
    expect(p.warnings).toEqual([]);
    // With 10 minutes in the table the hosts make it: the table is read, not a fixed guess.
    const near = plan({ ...input, travelTimes: [{ fromZoneId: 'skavsta', toZoneId: 'centrum', minutes: 10 }] });
    expect(near.quality.placed).toBe(2);
  });

  it('a zone that is nowhere is planned at the fallback distance and told', () => {
    const input: MatchingInput = {
      slots: [slot('s1', '08:00', '08:45')],
      zones: [{ id: 'centrum' }],
      hosts: [host('p', 'politician'), host('o', 'official')],
      requests: [request('a', { zoneId: 'atlantis' })],
    };
    expect(plan(input).warnings).toEqual([expect.objectContaining({ code: 'unknown_zone', requestId: 'a', params: { limit: 15 } })]);
  });
});
