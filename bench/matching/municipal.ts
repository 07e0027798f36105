import { planVisits } from '../../src/matching/engine.ts';
import { seededRandom } from '../../src/matching/random.ts';
import type { MatchHost, MatchingInput, MatchRequest, MatchSlot, MatchZone, PlannedVisit, TravelTime } from '../../src/matching/types.ts';
import { drawHost, randomTools } from './generate.ts';

/**
 * Instances shaped like one Swedish municipality's business dialogue day, beside the bigger synthetic ones of
 * `generate.ts`: 60–150 requests, 20–40 hosts from 7–8 parties and 5–6 departments, 4–8 slots (a third of events
 * over two days, some slots longer so that tracks overlap), a travel table that is not symmetric (one-way streets,
 * ferries) and not always a shortest path, officials scarcer than politicians, delegations of one or two politicians
 * and one official (a fifth of companies asking for two politicians), priorities 1–3. Everything follows from the
 * seed.
 */
export function generateMunicipalInstance(seed: number): MatchingInput {
  const random = seededRandom(seed * 7_919 + 13);
  const tools = randomTools(random);
  const { int, pick, sample } = tools;

  const parties = ['S', 'M', 'SD', 'C', 'V', 'KD', 'L', 'MP'].slice(0, int(7, 8));
  const partyWeights = [28, 22, 16, 10, 8, 6, 5, 5];
  const departments = ['bygglov', 'miljo', 'teknik', 'naringsliv', 'utbildning', 'socialtjanst'].slice(0, int(5, 6));
  const topics = Array.from({ length: 10 }, (_, i) => `topic-${i + 1}`);

  const days = random() < 0.35 ? 2 : 1;
  const slotCount = int(4, 8);
  const slots: MatchSlot[] = [];
  for (let i = 0; i < slotCount; i++) {
    const day = days === 2 && i >= Math.ceil(slotCount / 2) ? 1 : 0;
    const k = day === 1 ? i - Math.ceil(slotCount / 2) : i;
    // Starts every 50–70 minutes from 08:30 local (UTC+2); 45, 60 or 90 minutes long, so some slots overlap.
    const start = Date.UTC(2027, 8, 15 + day, 6, 30) + k * int(50, 70) * 60_000 + (k > 0 ? int(0, 10) * 60_000 : 0);
    const minutes = pick([45, 45, 60, 90]);
    slots.push({ id: `slot-${i + 1}`, startsAt: new Date(start).toISOString(), endsAt: new Date(start + minutes * 60_000).toISOString() });
  }

  const zoneCount = int(4, 7);
  const zones: MatchZone[] = Array.from({ length: zoneCount }, (_, i) => ({ id: `zone-${i + 1}` }));
  const travelTimes: TravelTime[] = [];
  for (let a = 0; a < zoneCount; a++) {
    for (let b = 0; b < zoneCount; b++) {
      if (a === b) continue;
      // Each direction drawn on its own: asymmetric, and some detours longer than going through a third zone.
      travelTimes.push({ fromZoneId: zones[a]!.id, toZoneId: zones[b]!.id, minutes: int(4, 25) });
    }
  }

  const partyTotal = partyWeights.slice(0, parties.length).reduce((n, w) => n + w, 0);
  const party = () => {
    let x = random() * partyTotal;
    for (let i = 0; i < parties.length; i++) {
      x -= partyWeights[i]!;
      if (x < 0) return parties[i]!;
    }
    return parties[0]!;
  };
  const hostCount = int(20, 40);
  // Officials are scarce: about a third of hosts, each with fewer free slots.
  const hosts: MatchHost[] = Array.from({ length: hostCount }, (_, i) =>
    drawHost(tools, i, {
      politicianShare: 0.65,
      availability: (politician) => (politician ? 0.75 : 0.6),
      party,
      departments,
      topics,
      slots,
      zones,
      maxVisits: [2, 4],
    }),
  );

  const requestCount = int(60, 150);
  const requests: MatchRequest[] = Array.from({ length: requestCount }, (_, i) => ({
    id: `request-${i + 1}`,
    slotIds: sample(slots, int(1, 3)).map((s) => s.id),
    topicIds: sample(topics, int(1, 3)),
    zoneId: pick(zones).id,
    participants: int(1, 4),
    wantsDepartment: random() < 0.4 ? pick(departments) : null,
    wantsParty: random() < 0.1 ? party() : null,
    wantsPoliticianCount: random() < 0.2 ? 2 : null,
    priority: random() < 0.6 ? 1 : random() < 0.75 ? 2 : 3,
    arrival: i,
  }));

  return {
    requests,
    hosts,
    slots,
    zones,
    travelTimes,
    rules: {
      minPoliticians: 1,
      maxPoliticians: 2,
      minOfficials: 1,
      maxOfficials: 1,
      maxDelegationSize: 3,
      transferBufferMinutes: pick([5, 10]),
      allowDepartmentRequest: true,
      allowPartyRequest: true,
    },
    seed,
  };
}

/**
 * The re-plan after hosts fall ill: the first plan (heuristic, by iterations), a fifth of its visits locked (those
 * without a sick host), one or two hosts with no availability left, and the first plan as `previous`.
 */
export function replanAfterIllness(input: MatchingInput, seed: number): MatchingInput {
  const random = seededRandom(seed * 104_729 + 7);
  const first = planVisits({ ...input, iterations: 20 * input.requests.length });
  const ill = new Set<string>();
  const sickCount = 1 + Math.floor(random() * 2);
  const used = [...new Set(first.visits.flatMap((v) => v.hostIds))];
  while (ill.size < Math.min(sickCount, used.length)) ill.add(used[Math.floor(random() * used.length)]!);
  const locked: PlannedVisit[] = first.visits.filter((v) => !v.hostIds.some((h) => ill.has(h)) && random() < 0.2);
  return {
    ...input,
    hosts: input.hosts.map((h) => (ill.has(h.id) ? { ...h, availableSlotIds: [] } : h)),
    locked,
    previous: first.visits,
  };
}

/** The bench's municipal instances: seeds 1–10, the even ones as re-plans after illness. */
export function municipalInstances(): { name: string; input: MatchingInput }[] {
  return Array.from({ length: 10 }, (_, i) => {
    const seed = i + 1;
    const base = generateMunicipalInstance(seed);
    const input = seed % 2 === 0 ? replanAfterIllness(base, seed) : base;
    const days = new Set(input.slots.map((s) => s.startsAt.slice(0, 10))).size;
    const shape = `${input.requests.length} / ${input.hosts.length} / ${input.slots.length}${days > 1 ? ', 2 days' : ''}`;
    return { name: `municipal ${seed}${seed % 2 === 0 ? ' re-plan' : ''} (${shape})`, input };
  });
}
