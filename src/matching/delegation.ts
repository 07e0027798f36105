import { type Model, OFFICIAL, POLITICIAN, popcount } from './model.ts';
import { HOST_OK, type PlanState } from './state.ts';

/**
 * Static hints for choosing hosts and slots: how much other requests depend on a host (a department's only
 * official should not be spent on a request that did not ask for that department) and how contested a slot is.
 */
export interface Guidance {
  /** Demand on the host's party/department from requests that require it, per unit of that group's capacity. */
  hostPressure: Float64Array;
  /** Expected demand on a slot per delegation it can host. */
  slotPressure: Float64Array;
}

/** Computes the guidance of a model. */
export function buildGuidance(m: Model): Guidance {
  const partyDemand = new Float64Array(m.partyCount);
  const departmentDemand = new Float64Array(m.departmentCount);
  for (let r = 0; r < m.requestCount; r++) {
    if (m.needParty[r]! >= 0) partyDemand[m.needParty[r]!]!++;
    if (m.needDepartment[r]! >= 0) departmentDemand[m.needDepartment[r]!]!++;
  }
  const partySupply = new Float64Array(m.partyCount);
  const departmentSupply = new Float64Array(m.departmentCount);
  const capacity = (h: number) => Math.min(m.hostAvailableCount[h]!, m.hostMax[h]! * m.dayCount);
  for (let h = 0; h < m.hostCount; h++) {
    if (m.hostParty[h]! >= 0) partySupply[m.hostParty[h]!]! += capacity(h);
    if (m.hostDepartment[h]! >= 0) departmentSupply[m.hostDepartment[h]!]! += capacity(h);
  }
  const hostPressure = new Float64Array(m.hostCount);
  for (let h = 0; h < m.hostCount; h++) {
    const p = m.hostParty[h]!;
    const d = m.hostDepartment[h]!;
    if (p >= 0 && partySupply[p]! > 0) hostPressure[h] = partyDemand[p]! / partySupply[p]!;
    if (d >= 0 && departmentSupply[d]! > 0) hostPressure[h] = departmentDemand[d]! / departmentSupply[d]!;
  }
  const slotPressure = new Float64Array(m.slotCount);
  for (let s = 0; s < m.slotCount; s++) {
    let politicians = 0;
    let officials = 0;
    for (const h of m.slotHosts[s]!) {
      if (m.hostKind[h] === POLITICIAN) politicians++;
      else officials++;
    }
    const rules = m.rules;
    const perVisit = Math.min(
      rules.minPoliticians > 0 ? politicians / rules.minPoliticians : Number.POSITIVE_INFINITY,
      rules.minOfficials > 0 ? officials / rules.minOfficials : Number.POSITIVE_INFINITY,
      politicians + officials,
    );
    let demand = 0;
    for (const r of m.slotRequests[s]!) demand += 1 / m.requestSlots[r]!.length;
    slotPressure[s] = demand / Math.max(1, perVisit);
  }
  return { hostPressure, slotPressure };
}

/** A delegation for one request in one slot. */
export interface Delegation {
  hosts: number[];
  /** Topics of the request the delegation covers. */
  cover: number;
  /** Higher is better: cover first, then balance, load and scarcity hints. */
  value: number;
}

const scratchHosts: number[] = [];

/** Preference for a slot where the company's wished politician count can be met (about one extra topic's worth). */
const WISH_MET_VALUE = 5;

/**
 * The best delegation for request r in slot s given the plan so far, or null when none fits. Hosts are picked one at
 * a time: the required party and department first, then up to the minimum counts, each time the host adding the
 * most uncovered topics (ties: party balance, spare hosts, low load). `noise` (≥ 0) perturbs choices for the search.
 */
export function chooseDelegation(
  state: PlanState,
  r: number,
  s: number,
  guidance: Guidance,
  random: () => number,
  noise: number,
): Delegation | null {
  const m = state.model;
  const needs = m.needs[r]!;
  if (!needs.satisfiable) return null;
  const candidates = scratchHosts;
  candidates.length = 0;
  let politicians = 0;
  let officials = 0;
  for (const h of m.slotHosts[s]!) {
    if (state.hostFits(h, r, s) !== HOST_OK) continue;
    candidates.push(h);
    if (m.hostKind[h] === POLITICIAN) politicians++;
    else officials++;
  }
  if (politicians < needs.minPoliticians || officials < needs.minOfficials) return null;
  const W = m.words;
  const union = new Uint32Array(W);
  const chosen: number[] = [];
  const wantParty = m.needParty[r]!;
  const wantDepartment = m.needDepartment[r]!;
  let chosenParty = -2;
  let value = 0;

  const hostValue = (h: number): number => {
    let gain = 0;
    for (let w = 0; w < W; w++) gain += popcount(m.requestTopics[r * W + w]! & m.hostTopics[h * W + w]! & ~union[w]!);
    let v = gain * 4 - state.load[h]! * 0.15;
    const special = m.hostKind[h] === POLITICIAN ? m.hostParty[h] === wantParty : m.hostDepartment[h] === wantDepartment;
    if (!special) v -= guidance.hostPressure[h]! * 2;
    if (m.hostKind[h] === POLITICIAN) {
      const p = m.hostParty[h]!;
      if (p >= 0) v += (m.partyShare[p]! * (state.seats + 1) - state.partySeats[p]!) * 0.3;
      if (p === chosenParty) v -= 3;
    }
    if (noise > 0) v += random() * noise;
    return v;
  };

  const pick = (kind: number, party: number, department: number): boolean => {
    let best = -1;
    let bestValue = Number.NEGATIVE_INFINITY;
    for (const h of candidates) {
      if (kind >= 0 && m.hostKind[h] !== kind) continue;
      if (party >= 0 && m.hostParty[h] !== party) continue;
      if (department >= 0 && m.hostDepartment[h] !== department) continue;
      if (chosen.includes(h)) continue;
      const v = hostValue(h);
      if (v > bestValue) {
        bestValue = v;
        best = h;
      }
    }
    if (best < 0) return false;
    chosen.push(best);
    value += bestValue;
    for (let w = 0; w < W; w++) union[w]! |= m.hostTopics[best * W + w]!;
    if (m.hostKind[best] === POLITICIAN && chosenParty === -2) chosenParty = m.hostParty[best]!;
    return true;
  };

  if (wantParty >= 0 && !pick(POLITICIAN, wantParty, -1)) return null;
  if (wantDepartment >= 0 && !pick(OFFICIAL, -1, wantDepartment)) return null;
  let p = wantParty >= 0 ? 1 : 0;
  let o = wantDepartment >= 0 ? 1 : 0;
  for (; p < needs.minPoliticians; p++) if (!pick(POLITICIAN, -1, -1)) return null;
  for (; o < needs.minOfficials; o++) if (!pick(OFFICIAL, -1, -1)) return null;
  // The wished politician count on top of the rules' minimum, as far as free hosts allow: a wish never blocks a visit.
  for (; p < needs.wantedPoliticians && chosen.length < needs.maxSize; p++) if (!pick(POLITICIAN, -1, -1)) break;
  if (p >= needs.wantedPoliticians) value += WISH_MET_VALUE;
  if (chosen.length === 0) {
    const kind = needs.maxPoliticians > 0 && needs.maxOfficials > 0 ? -1 : needs.maxPoliticians > 0 ? POLITICIAN : OFFICIAL;
    if (!pick(kind, -1, -1)) return null;
  }
  let cover = 0;
  for (let w = 0; w < W; w++) cover += popcount(m.requestTopics[r * W + w]! & union[w]!);
  return { hosts: chosen, cover, value: value + cover * 6 - guidance.slotPressure[s]! };
}

/** The best slot and delegation for request r, or null when no acceptable slot has one. */
export function bestInsertion(
  state: PlanState,
  r: number,
  guidance: Guidance,
  random: () => number,
  noise: number,
): { slot: number; delegation: Delegation } | null {
  let best: { slot: number; delegation: Delegation } | null = null;
  for (const s of state.model.requestSlots[r]!) {
    const d = chooseDelegation(state, r, s, guidance, random, noise);
    if (d && (!best || d.value > best.delegation.value)) best = { slot: s, delegation: d };
  }
  return best;
}
