import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPlan } from '../matching/check-plan.ts';
import { planVisits } from '../matching/engine.ts';
import { generatedInstances } from '../matching/instance-arbitrary.ts';
import type { MatchingInput, PlannedVisit, PlanViolation } from '../matching/types.ts';
import { type PlanningLang, type PlanningNames, ruleText, unplacedText, warningText } from './visit-override-text.ts';

/** Ids that look like the database's (UUIDs), so a leaked id is easy to spot, and names for each. */
function withUuids(input: MatchingInput): { input: MatchingInput; names: PlanningNames; ids: string[] } {
  const uuid = (i: number) => `4a8bea75-${String(i).padStart(4, '0')}-4000-8000-40654c41${String(i).padStart(4, '0')}`;
  let next = 0;
  const map = new Map<string, string>();
  const id = (old: string) => {
    if (!map.has(old)) map.set(old, uuid(next++));
    return map.get(old)!;
  };
  const mapped: MatchingInput = {
    ...input,
    requests: input.requests.map((r) => ({ ...r, id: id(r.id), slotIds: r.slotIds.map(id) })),
    hosts: input.hosts.map((h) => ({ ...h, id: id(h.id), availableSlotIds: h.availableSlotIds.map(id) })),
    slots: input.slots.map((s) => ({ ...s, id: id(s.id) })),
  };
  const hosts = new Map(mapped.hosts.map((h, i) => [h.id, `Värd Nummer ${i + 1}`]));
  const companies = new Map(mapped.requests.map((r, i) => [r.id, `Företag ${i + 1} AB`]));
  const slots = new Map(mapped.slots.map((s) => [s.id, `${s.startsAt.slice(11, 16)}–${s.endsAt.slice(11, 16)}`]));
  return {
    input: mapped,
    names: { host: (x) => hosts.get(x), company: (x) => companies.get(x), slot: (x) => slots.get(x) },
    ids: [...map.values()],
  };
}

const wellFormed = (text: string, ids: string[]) => {
  expect(text.trim()).not.toBe('');
  for (const id of ids) expect(text).not.toContain(id);
  expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
  expect(text).not.toMatch(/undefined|null|NaN|\[object/);
  expect(text).not.toMatch(/ {2}| [,.:;]/);
};

const instances = generatedInstances({ requests: [4, 40], hosts: [2, 10], slots: [2, 4, 6] }).map(withUuids);

describe('planning messages', () => {
  it('say every broken rule in Swedish and English with names and times, never ids (property)', () => {
    const seen = new Set<PlanViolation['code']>();
    fc.assert(
      fc.property(instances, fc.infiniteStream(fc.nat()), ({ input, names, ids }, picks) => {
        // A careless hand-made plan: random slots and delegations, so every kind of rule gets broken.
        const pick = <T>(list: readonly T[]) => list[picks.next().value % list.length]!;
        const visits: PlannedVisit[] = input.requests.map((r) => ({
          requestId: r.id,
          slotId: pick(input.slots).id,
          hostIds: [pick(input.hosts).id, pick(input.hosts).id],
        }));
        visits.push({ ...visits[2]!, hostIds: [pick(input.hosts).id] });
        const violations = checkPlan({ ...input, locked: [visits[1]!] }, visits.slice(2));
        for (const violation of violations) {
          seen.add(violation.code);
          for (const lang of ['sv', 'en'] as PlanningLang[]) wellFormed(ruleText(violation, names, lang), ids);
        }
      }),
      { numRuns: 30 },
    );
    expect([...seen].sort()).toEqual(
      expect.arrayContaining([
        'composition',
        'duplicate_request',
        'host_double_booked',
        'host_unavailable',
        'locked_changed',
        'max_visits',
        'slot_not_acceptable',
        'travel',
      ]),
    );
  });

  it('say why a request has no visit, and each warning, without ids (property)', () => {
    fc.assert(
      fc.property(instances, ({ input, names, ids }) => {
        const wishing = { ...input, requests: input.requests.map((r, i) => ({ ...r, wantsPoliticianCount: i % 3 === 0 ? 3 : null })) };
        const plan = planVisits({ ...wishing, iterations: 300 });
        for (const lang of ['sv', 'en'] as PlanningLang[]) {
          for (const u of plan.unplaced) wellFormed(unplacedText(u.reason, u.params, names, lang), ids);
          for (const w of plan.warnings) wellFormed(warningText(w, names, lang), ids);
        }
      }),
      { numRuns: 20 },
    );
  });

  it('read as an organiser would, for the examples the organisers were shown before', () => {
    const names: PlanningNames = {
      host: (id) => ({ h1: 'Anna Berg', h2: 'Per Ek' })[id],
      company: (id) => ({ r1: 'Verkstaden AB', r2: 'Bageriet HB' })[id],
      slot: (id) => ({ s1: '09:00–09:45', s2: '10:00–10:45' })[id],
    };
    expect(
      ruleText(
        { code: 'host_double_booked', hostId: 'h1', requestId: 'r2', slotId: 's2', params: { otherRequestId: 'r1', otherSlotId: 's1' } },
        names,
      ),
    ).toBe('Anna Berg är på två besök samtidigt: hos Verkstaden AB kl. 09:00–09:45 och hos Bageriet HB kl. 10:00–10:45');
    expect(
      ruleText(
        {
          code: 'composition',
          requestId: 'r1',
          slotId: 's1',
          params: { politicians: 0, officials: 1, minPoliticians: 1, maxPoliticians: 1, minOfficials: 1, maxOfficials: 1, maxSize: 2 },
        },
        names,
      ),
    ).toBe(
      'Delegationen hos Verkstaden AB kl. 09:00–09:45 har 0 politiker och 1 tjänsteperson; reglerna kräver 1 politiker, 1 tjänsteperson, högst 2 personer',
    );
    expect(
      ruleText(
        {
          code: 'travel',
          hostId: 'h2',
          requestId: 'r2',
          slotId: 's2',
          params: { otherRequestId: 'r1', otherSlotId: 's1', minutesNeeded: 50, minutesAvailable: 15 },
        },
        names,
        'en',
      ),
    ).toBe(
      'Per Ek cannot get from the visit at Verkstaden AB at 09:00–09:45 to the visit at Bageriet HB at 10:00–10:45 in time: the journey takes 50 min with the buffer, but there are 15 min between the visits',
    );
    expect(unplacedText('capacity', { slotIds: ['s1'], hostIds: ['h1', 'h2'], takenBy: 'booked' }, names)).toBe(
      'Anna Berg och Per Ek är redan bokade kl. 09:00–09:45.',
    );
    // Before anything is saved, hosts are never "redan bokade": they are needed for other requests.
    expect(unplacedText('capacity', { slotIds: ['s1'], hostIds: ['h1'], takenBy: 'planned' }, names)).toBe(
      'Fler besök ryms inte kl. 09:00–09:45: Anna Berg behövs till andra önskemål.',
    );
    expect(
      warningText({ code: 'wish_not_met', requestId: 'r1', slotId: 's1', params: { wanted: 2, given: 1, limit: 1 }, message: '' }, names),
    ).toBe('Verkstaden AB önskade 2 politiker men får 1: reglerna ger plats för högst 1 politiker på besöket.');
    // A kept breach stored before rules had parameters still reads, with the host's name.
    expect(ruleText({ code: 'travel', hostId: 'h1' }, names)).toBe('restiden till eller från besöket räcker inte (Anna Berg)');
  });
});
