import { seededRandom } from '../../src/matching/random.ts';
import type { MatchHost, MatchingInput, MatchRequest, MatchSlot, MatchZone, TravelTime } from '../../src/matching/types.ts';

/** Size and shape of a generated instance. */
export interface InstanceSpec {
  requests: number;
  hosts: number;
  /** Total slots; more than 8 spreads them over two days. */
  slots: number;
  seed: number;
  /** Zones (default 5–8, drawn from the seed). */
  zones?: number;
  /** Chance a host is available in a slot (default 0.75). */
  availability?: number;
  /**
   * A harder day: delegations of one or two politicians and one official (up to three people), party wishes honoured,
   * 70 % of requests asking for a department and 20 % for two politicians, so scarce groups decide what fits.
   */
  contested?: boolean;
  /** Rules to pass through (default: the event defaults with a 5-minute buffer). */
  rules?: MatchingInput['rules'];
}

const PARTY_WEIGHTS: [string, number][] = [
  ['S', 30],
  ['M', 25],
  ['SD', 15],
  ['C', 12],
  ['V', 10],
  ['KD', 8],
];
const DEPARTMENTS = ['bygglov', 'miljo', 'teknik', 'naringsliv', 'utbildning', 'socialtjanst'];
const TOPICS = Array.from({ length: 12 }, (_, i) => `topic-${i + 1}`);

/**
 * A seeded instance like a mid-sized municipality's day: slots of 45 minutes every hour from 08:30 local time,
 * 5–8 zones 3–14 minutes apart (with a 5-minute buffer and 15 minutes between slots, about a third of zone pairs
 * cannot be chained), hosts 45 % politicians of six parties, requests accepting 1–3 slots (mid-morning and early afternoon most wanted), 35 % asking for a
 * department (building permits by far the most), 20 % with priority 2. Demand exceeds host capacity, as on a real day.
 */
export function generateInstance(spec: InstanceSpec): MatchingInput {
  const random = seededRandom(spec.seed);
  const tools = randomTools(random);
  const { int, pick, sample } = tools;

  const days = spec.slots > 8 ? 2 : 1;
  const perDay = Math.ceil(spec.slots / days);
  const slots: MatchSlot[] = [];
  for (let i = 0; i < spec.slots; i++) {
    const day = Math.floor(i / perDay);
    const k = i % perDay;
    // 2027-09-15 is summer time (UTC+2): 08:30 local is 06:30Z.
    const start = Date.UTC(2027, 8, 15 + day, 6, 30) + k * 60 * 60_000;
    slots.push({ id: `slot-${i + 1}`, startsAt: new Date(start).toISOString(), endsAt: new Date(start + 45 * 60_000).toISOString() });
  }

  const zoneCount = spec.zones ?? int(5, 8);
  const zones: MatchZone[] = Array.from({ length: zoneCount }, (_, i) => ({
    id: `zone-${i + 1}`,
    latitude: 58.75 + (random() - 0.5) * 0.1,
    longitude: 17.0 + (random() - 0.5) * 0.2,
  }));
  const travelTimes: TravelTime[] = [];
  for (let a = 0; a < zoneCount; a++) {
    for (let b = a + 1; b < zoneCount; b++) {
      const minutes = int(3, 14);
      travelTimes.push({ fromZoneId: zones[a]!.id, toZoneId: zones[b]!.id, minutes });
      travelTimes.push({ fromZoneId: zones[b]!.id, toZoneId: zones[a]!.id, minutes });
    }
  }

  const partyTotal = PARTY_WEIGHTS.reduce((n, [, w]) => n + w, 0);
  const party = () => {
    let x = random() * partyTotal;
    for (const [name, w] of PARTY_WEIGHTS) {
      x -= w;
      if (x < 0) return name;
    }
    return PARTY_WEIGHTS[0]![0];
  };
  const availability = spec.availability ?? 0.75;
  const hosts: MatchHost[] = Array.from({ length: spec.hosts }, (_, i) =>
    drawHost(tools, i, {
      politicianShare: 0.45,
      availability: () => availability,
      party,
      departments: DEPARTMENTS,
      topics: TOPICS,
      slots,
      zones,
      maxVisits: [3, 5],
    }),
  );

  // Mid-morning and early-afternoon slots are wanted most, as on a real day.
  const popularity = slots.map((_, i) => 1 + 2 * Math.exp(-(((i % perDay) - 2) ** 2) / 2) + Math.exp(-(((i % perDay) - 5) ** 2) / 2));
  const weightedSample = <T>(list: readonly T[], weights: readonly number[], n: number): T[] => {
    const items = list.map((item, i) => ({ item, w: weights[i]! }));
    const out: T[] = [];
    while (out.length < n && items.length > 0) {
      let x = random() * items.reduce((sum, e) => sum + e.w, 0);
      let k = 0;
      while (k < items.length - 1 && x >= items[k]!.w) x -= items[k++]!.w;
      out.push(items.splice(k, 1)[0]!.item);
    }
    return out;
  };
  // Companies ask for building permits most, while every department has about as many officials.
  const departmentWeights = [40, 20, 15, 10, 10, 5];
  const wantedDepartment = () => weightedSample(DEPARTMENTS, departmentWeights, 1)[0]!;
  const requests: MatchRequest[] = Array.from({ length: spec.requests }, (_, i) => ({
    id: `request-${i + 1}`,
    slotIds: weightedSample(slots, popularity, int(1, 3)).map((s) => s.id),
    topicIds: sample(TOPICS, int(1, 3)),
    zoneId: pick(zones).id,
    participants: int(1, 5),
    wantsDepartment: random() < (spec.contested ? 0.7 : 0.35) ? wantedDepartment() : null,
    wantsParty: random() < (spec.contested ? 0.2 : 0.05) ? party() : null,
    wantsPoliticianCount: random() < (spec.contested ? 0.2 : 0.05) ? 2 : null,
    priority: random() < 0.2 ? 2 : 1,
    arrival: i,
  }));

  return {
    requests,
    hosts,
    slots,
    zones,
    travelTimes,
    rules:
      spec.rules ??
      (spec.contested
        ? { transferBufferMinutes: 5, maxPoliticians: 2, maxDelegationSize: 3, allowPartyRequest: true }
        : { transferBufferMinutes: 5 }),
    seed: spec.seed,
  };
}

/** Seeded drawing helpers shared by the instance generators. */
export interface RandomTools {
  random: () => number;
  int: (lo: number, hi: number) => number;
  pick: <T>(list: readonly T[]) => T;
  sample: <T>(list: readonly T[], n: number) => T[];
}

export function randomTools(random: () => number): RandomTools {
  return {
    random,
    int: (lo, hi) => lo + Math.floor(random() * (hi - lo + 1)),
    pick: (list) => list[Math.floor(random() * list.length)]!,
    sample: (list, n) => {
      const copy = [...list];
      const out: (typeof list)[number][] = [];
      while (out.length < n && copy.length > 0) out.push(copy.splice(Math.floor(random() * copy.length), 1)[0]!);
      return out;
    },
  };
}

/** How a generator draws its hosts. */
export interface HostShape {
  politicianShare: number;
  /** Chance of being available in a slot, by kind. */
  availability: (politician: boolean) => number;
  party: () => string;
  departments: readonly string[];
  topics: readonly string[];
  slots: readonly MatchSlot[];
  zones: readonly MatchZone[];
  maxVisits: [number, number];
}

/** Host i, drawn in the same order by every generator (so a seed keeps giving the same instance). */
export function drawHost(t: RandomTools, i: number, shape: HostShape): MatchHost {
  const politician = t.random() < shape.politicianShare;
  const availability = shape.availability(politician);
  return {
    id: `host-${i + 1}`,
    kind: politician ? 'politician' : 'official',
    party: politician ? shape.party() : null,
    department: politician ? null : t.pick(shape.departments),
    topicIds: t.sample(shape.topics, t.int(2, 4)),
    availableSlotIds: shape.slots.filter(() => t.random() < availability).map((s) => s.id),
    maxVisitsPerDay: t.int(...shape.maxVisits),
    startZoneId: t.pick(shape.zones).id,
  };
}
