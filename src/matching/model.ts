import { localDayOf } from './days.ts';
import { type RequestNeeds, requestNeeds, resolveRules } from './rules.ts';
import { planningTravel } from './travel.ts';
import type { DelegationRules, MatchingInput, MatchZone } from './types.ts';

/** Politician / official as small integers in the model's typed arrays. */
export const POLITICIAN = 0;
export const OFFICIAL = 1;

/**
 * The input indexed into integers and typed arrays, so the search does no string work. Built once per run.
 * Requests, hosts and slots keep the input's order; slots are also listed by start time per day.
 */
export interface Model {
  input: MatchingInput;
  rules: DelegationRules;
  requestCount: number;
  hostCount: number;
  slotCount: number;
  dayCount: number;
  /** 32-bit words per topic mask. */
  words: number;
  requestIds: string[];
  hostIds: string[];
  slotIds: string[];
  requestIndex: Map<string, number>;
  hostIndex: Map<string, number>;
  slotIndex: Map<string, number>;
  /** Acceptable slots per request (known slots only, sorted by start). */
  requestSlots: Int32Array[];
  requestTopics: Uint32Array;
  requestTopicCount: Int32Array;
  /** Zone index per request, -1 when unknown. */
  requestZone: Int32Array;
  requestPriority: Float64Array;
  requestArrival: Float64Array;
  needs: RequestNeeds[];
  /** Party index a request needs among its politicians, -1 for none. */
  needParty: Int32Array;
  /** Department index a request needs among its officials, -1 for none. */
  needDepartment: Int32Array;
  hostKind: Uint8Array;
  hostParty: Int32Array;
  hostDepartment: Int32Array;
  hostTopics: Uint32Array;
  hostMax: Int32Array;
  /** 1 when host h is available in slot s, at h * slotCount + s. */
  hostAvailable: Uint8Array;
  /** Number of available slots per host. */
  hostAvailableCount: Int32Array;
  slotStart: Float64Array;
  slotEnd: Float64Array;
  slotDay: Int32Array;
  /** Slots that overlap slot s in time (s excluded). */
  slotOverlaps: Int32Array[];
  /** All slots ordered by start. */
  slotsByStart: Int32Array;
  /** Position of each slot in `slotsByStart`. */
  slotRank: Int32Array;
  /** Hosts available in each slot. */
  slotHosts: Int32Array[];
  /** Requests accepting each slot. */
  slotRequests: Int32Array[];
  zoneCount: number;
  /** Minutes from zone a to zone b plus the transfer buffer, at a * (zoneCount + 1) + b; index zoneCount is "unknown". */
  transfer: Int32Array;
  partyCount: number;
  departmentCount: number;
  /** Each party's share of politicians with any availability. */
  partyShare: Float64Array;
}

/** Indexes an input for the search. */
export function buildModel(input: MatchingInput): Model {
  const rules = resolveRules(input);
  const dayOf = localDayOf(input.timeZone ?? 'Europe/Stockholm');
  const topicIndex = new Map<string, number>();
  const topic = (id: string) => {
    let i = topicIndex.get(id);
    if (i === undefined) {
      i = topicIndex.size;
      topicIndex.set(id, i);
    }
    return i;
  };
  for (const r of input.requests) for (const t of r.topicIds) topic(t);
  for (const h of input.hosts) for (const t of h.topicIds) topic(t);
  const words = Math.max(1, Math.ceil(topicIndex.size / 32));

  const slotCount = input.slots.length;
  const slotIds = input.slots.map((s) => s.id);
  const slotIndex = new Map(slotIds.map((id, i) => [id, i]));
  const slotStart = new Float64Array(slotCount);
  const slotEnd = new Float64Array(slotCount);
  const slotDay = new Int32Array(slotCount);
  const dayIndex = new Map<string, number>();
  input.slots.forEach((s, i) => {
    slotStart[i] = Date.parse(s.startsAt) / 60_000;
    slotEnd[i] = Date.parse(s.endsAt) / 60_000;
    const day = dayOf(s.startsAt);
    if (!dayIndex.has(day)) dayIndex.set(day, dayIndex.size);
    slotDay[i] = dayIndex.get(day)!;
  });
  const slotsByStart = Int32Array.from(slotIds.keys()).sort((a, b) => slotStart[a]! - slotStart[b]! || a - b);
  const slotRank = new Int32Array(slotCount);
  slotsByStart.forEach((s, rank) => {
    slotRank[s] = rank;
  });
  const slotOverlaps: Int32Array[] = [];
  for (let s = 0; s < slotCount; s++) {
    const list: number[] = [];
    for (let t = 0; t < slotCount; t++) {
      if (t !== s && slotStart[s]! < slotEnd[t]! && slotStart[t]! < slotEnd[s]!) list.push(t);
    }
    slotOverlaps.push(Int32Array.from(list));
  }

  const zones = knownZones(input);
  const zoneCount = zones.length;
  const zoneIndex = new Map(zones.map((z, i) => [z.id, i]));
  const zoneOf = (id: string | null) => (id === null ? -1 : (zoneIndex.get(id) ?? -1));
  // Zones only the table names have no coordinates: the input's zones are all the lookup needs.
  const lookup = planningTravel(input);
  const zw = zoneCount + 1;
  const transfer = new Int32Array(zw * zw);
  for (let a = 0; a < zw; a++) {
    for (let b = 0; b < zw; b++) {
      const za = a < zoneCount ? zones[a]!.id : null;
      const zb = b < zoneCount ? zones[b]!.id : null;
      transfer[a * zw + b] = lookup(za, zb) + rules.transferBufferMinutes;
    }
  }

  const partyIndex = new Map<string, number>();
  const departmentIndex = new Map<string, number>();
  const indexOf = (map: Map<string, number>, key: string | null | undefined) => {
    if (!key) return -1;
    let i = map.get(key);
    if (i === undefined) {
      i = map.size;
      map.set(key, i);
    }
    return i;
  };

  const hostCount = input.hosts.length;
  const hostIds = input.hosts.map((h) => h.id);
  const hostIndex = new Map(hostIds.map((id, i) => [id, i]));
  const hostKind = new Uint8Array(hostCount);
  const hostParty = new Int32Array(hostCount);
  const hostDepartment = new Int32Array(hostCount);
  const hostTopics = new Uint32Array(hostCount * words);
  const hostMax = new Int32Array(hostCount);
  const hostAvailable = new Uint8Array(hostCount * slotCount);
  const hostAvailableCount = new Int32Array(hostCount);
  input.hosts.forEach((h, i) => {
    hostKind[i] = h.kind === 'politician' ? POLITICIAN : OFFICIAL;
    hostParty[i] = h.kind === 'politician' ? indexOf(partyIndex, h.party) : -1;
    hostDepartment[i] = h.kind === 'official' ? indexOf(departmentIndex, h.department) : -1;
    for (const t of h.topicIds) {
      const k = topic(t);
      hostTopics[i * words + (k >>> 5)]! |= 1 << (k & 31);
    }
    hostMax[i] = Math.max(0, h.maxVisitsPerDay);
    for (const id of h.availableSlotIds) {
      const s = slotIndex.get(id);
      if (s !== undefined && !hostAvailable[i * slotCount + s]) {
        hostAvailable[i * slotCount + s] = 1;
        hostAvailableCount[i]!++;
      }
    }
  });
  const slotHosts: Int32Array[] = [];
  for (let s = 0; s < slotCount; s++) {
    const list: number[] = [];
    for (let h = 0; h < hostCount; h++) if (hostAvailable[h * slotCount + s] && hostMax[h]! > 0) list.push(h);
    slotHosts.push(Int32Array.from(list));
  }

  const requestCount = input.requests.length;
  const requestIds = input.requests.map((r) => r.id);
  const requestIndex = new Map(requestIds.map((id, i) => [id, i]));
  const requestTopics = new Uint32Array(requestCount * words);
  const requestTopicCount = new Int32Array(requestCount);
  const requestZone = new Int32Array(requestCount);
  const requestPriority = new Float64Array(requestCount);
  const requestArrival = new Float64Array(requestCount);
  const requestSlots: Int32Array[] = [];
  const needs: RequestNeeds[] = [];
  const needParty = new Int32Array(requestCount);
  const needDepartment = new Int32Array(requestCount);
  const slotRequestLists: number[][] = slotIds.map(() => []);
  input.requests.forEach((r, i) => {
    const seen = new Set<number>();
    for (const t of r.topicIds) {
      const k = topic(t);
      if (seen.has(k)) continue;
      seen.add(k);
      requestTopics[i * words + (k >>> 5)]! |= 1 << (k & 31);
    }
    requestTopicCount[i] = seen.size;
    requestZone[i] = zoneOf(r.zoneId);
    requestPriority[i] = Math.max(0, r.priority);
    requestArrival[i] = r.arrival;
    const slots = [...new Set(r.slotIds.map((id) => slotIndex.get(id)).filter((s) => s !== undefined))];
    slots.sort((a, b) => slotRank[a]! - slotRank[b]!);
    requestSlots.push(Int32Array.from(slots));
    for (const s of slots) slotRequestLists[s]!.push(i);
    const n = requestNeeds(r, rules);
    needs.push(n);
    // A party or department nobody has still gets an index, so the request simply finds no host.
    needParty[i] = n.party ? indexOf(partyIndex, n.party) : -1;
    needDepartment[i] = n.department ? indexOf(departmentIndex, n.department) : -1;
  });

  const partyCount = partyIndex.size;
  const partyShare = new Float64Array(partyCount);
  let availablePoliticians = 0;
  for (let h = 0; h < hostCount; h++) {
    if (hostKind[h] === POLITICIAN && hostParty[h]! >= 0 && hostAvailableCount[h]! > 0 && hostMax[h]! > 0) {
      partyShare[hostParty[h]!]!++;
      availablePoliticians++;
    }
  }
  for (let p = 0; p < partyCount; p++) partyShare[p] = availablePoliticians ? partyShare[p]! / availablePoliticians : 0;

  return {
    input,
    rules,
    requestCount,
    hostCount,
    slotCount,
    dayCount: dayIndex.size,
    words,
    requestIds,
    hostIds,
    slotIds,
    requestIndex,
    hostIndex,
    slotIndex,
    requestSlots,
    requestTopics,
    requestTopicCount,
    requestZone,
    requestPriority,
    requestArrival,
    needs,
    needParty,
    needDepartment,
    hostKind,
    hostParty,
    hostDepartment,
    hostTopics,
    hostMax,
    hostAvailable,
    hostAvailableCount,
    slotStart,
    slotEnd,
    slotDay,
    slotOverlaps,
    slotsByStart,
    slotRank,
    slotHosts,
    slotRequests: slotRequestLists.map((l) => Int32Array.from(l)),
    zoneCount,
    transfer,
    partyCount,
    departmentCount: departmentIndex.size,
    partyShare,
  };
}

/**
 * The input's zones, and after them every zone the travel table names that `zones` lacks: such a zone is known by
 * its table entries (the same as `checkPlan` and `travelTimeLookup` read it), not "unknown" at the fallback distance.
 */
export function knownZones(input: Pick<MatchingInput, 'zones' | 'travelTimes'>): MatchZone[] {
  const out: MatchZone[] = [...input.zones];
  const seen = new Set(out.map((z) => z.id));
  for (const t of input.travelTimes ?? []) {
    for (const id of [t.fromZoneId, t.toZoneId]) {
      if (seen.has(id)) continue;
      seen.add(id);
      out.push({ id });
    }
  }
  return out;
}

/** Number of set bits in a 32-bit integer. */
export function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
