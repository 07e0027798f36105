import { type Model, POLITICIAN, popcount } from './model.ts';

/** Why one host cannot join one visit (0 means it can). */
export const HOST_OK = 0;
export const HOST_UNAVAILABLE = 1;
export const HOST_BUSY = 2;
export const HOST_MAX_VISITS = 3;
export const HOST_TRAVEL = 4;

/**
 * A plan under construction: who is where, with running totals of every objective term so that a move is judged
 * without recomputing the plan. Mutations go through `place` and `unplace` only.
 */
export class PlanState {
  readonly model: Model;
  /** Slot of each request, -1 when unplaced. */
  readonly slotOf: Int32Array;
  /** Delegation of each request (empty when unplaced). */
  readonly hostsOf: number[][];
  /** Request occupying host h in slot s (h * slotCount + s), -1 when free. */
  readonly occupant: Int32Array;
  /** Visits per host and day (h * dayCount + d). */
  readonly dayLoad: Int32Array;
  readonly load: Int32Array;
  readonly locked: Uint8Array;
  readonly partySeats: Float64Array;
  /** Topics of request r its delegation covers. */
  readonly covered: Int32Array;
  /** Previous plan: slot per request (-1) and sorted delegation. */
  readonly previousSlot: Int32Array;
  readonly previousHosts: (number[] | null)[];
  readonly changed: Uint8Array;
  placed = 0;
  placedWeighted = 0;
  topicFit = 0;
  seats = 0;
  sameParty = 0;
  /** Placed visits with a politician wish that have as many politicians as the wish, within the rules. */
  wishesMet = 0;
  loadSquares = 0;
  changes = 0;

  constructor(model: Model) {
    this.model = model;
    const { requestCount: R, hostCount: H, slotCount: S, dayCount: D } = model;
    this.slotOf = new Int32Array(R).fill(-1);
    this.hostsOf = Array.from({ length: R }, () => []);
    this.occupant = new Int32Array(H * S).fill(-1);
    this.dayLoad = new Int32Array(H * Math.max(1, D));
    this.load = new Int32Array(H);
    this.locked = new Uint8Array(R);
    this.partySeats = new Float64Array(model.partyCount);
    this.covered = new Int32Array(R);
    this.previousSlot = new Int32Array(R).fill(-1);
    this.previousHosts = new Array(R).fill(null);
    this.changed = new Uint8Array(R);
  }

  /** Records the previous plan so that changes are counted against it. Call before placing anything. */
  setPrevious(request: number, slot: number, hosts: number[]): void {
    this.previousSlot[request] = slot;
    this.previousHosts[request] = [...hosts].sort((a, b) => a - b);
    this.changed[request] = 1;
    this.changes++;
  }

  /** Whether host h can join a visit of request r in slot s now; one of the HOST_* codes. */
  hostFits(h: number, r: number, s: number): number {
    const m = this.model;
    const S = m.slotCount;
    if (!m.hostAvailable[h * S + s]) return HOST_UNAVAILABLE;
    const base = h * S;
    if (this.occupant[base + s] !== -1) return HOST_BUSY;
    const overlaps = m.slotOverlaps[s]!;
    for (let i = 0; i < overlaps.length; i++) if (this.occupant[base + overlaps[i]!] !== -1) return HOST_BUSY;
    if (this.dayLoad[h * m.dayCount + m.slotDay[s]!]! >= m.hostMax[h]!) return HOST_MAX_VISITS;
    return this.travelFits(h, r, s) ? HOST_OK : HOST_TRAVEL;
  }

  /** Whether host h reaches request r in slot s from its previous visit and its next visit from there. */
  travelFits(h: number, r: number, s: number): boolean {
    const m = this.model;
    const S = m.slotCount;
    const base = h * S;
    const zw = m.zoneCount + 1;
    const zone = zoneSlot(m, r);
    const rank = m.slotRank[s]!;
    const order = m.slotsByStart;
    for (let k = rank - 1; k >= 0; k--) {
      const p = order[k]!;
      const q = this.occupant[base + p]!;
      if (q === -1 || q === r) continue;
      // Hosts start the day from their start zone; the first leg is free (they leave in time).
      if (m.slotEnd[p]! + m.transfer[zoneSlot(m, q) * zw + zone]! > m.slotStart[s]!) return false;
      break;
    }
    for (let k = rank + 1; k < order.length; k++) {
      const n = order[k]!;
      const q = this.occupant[base + n]!;
      if (q === -1 || q === r) continue;
      if (m.slotEnd[s]! + m.transfer[zone * zw + zoneSlot(m, q)]! > m.slotStart[n]!) return false;
      break;
    }
    return true;
  }

  /** Puts request r in slot s with the given hosts (no checks: callers have checked). */
  place(r: number, s: number, hosts: number[]): void {
    const m = this.model;
    this.slotOf[r] = s;
    this.hostsOf[r] = hosts;
    const W = m.words;
    let politicians = 0;
    let firstParty = -2;
    let oneParty = true;
    let cover = 0;
    for (let w = 0; w < W; w++) {
      let union = 0;
      for (const h of hosts) union |= m.hostTopics[h * W + w]!;
      cover += popcount(m.requestTopics[r * W + w]! & union);
    }
    for (const h of hosts) {
      this.occupant[h * m.slotCount + s] = r;
      this.dayLoad[h * m.dayCount + m.slotDay[s]!]!++;
      const l = this.load[h]!;
      this.loadSquares += 2 * l + 1;
      this.load[h] = l + 1;
      if (m.hostKind[h] === POLITICIAN) {
        politicians++;
        const p = m.hostParty[h]!;
        if (p >= 0) this.partySeats[p]!++;
        this.seats++;
        if (firstParty === -2) firstParty = p;
        else if (p !== firstParty) oneParty = false;
      }
    }
    if (politicians >= 2 && oneParty) this.sameParty++;
    if (wishMet(m, r, politicians)) this.wishesMet++;
    this.covered[r] = cover;
    this.topicFit += cover;
    this.placed++;
    this.placedWeighted += m.requestPriority[r]!;
    this.refreshChanged(r);
  }

  /** Takes request r out of the plan; returns its slot and delegation. */
  unplace(r: number): { slot: number; hosts: number[] } {
    const m = this.model;
    const s = this.slotOf[r]!;
    const hosts = this.hostsOf[r]!;
    let politicians = 0;
    let firstParty = -2;
    let oneParty = true;
    for (const h of hosts) {
      this.occupant[h * m.slotCount + s] = -1;
      this.dayLoad[h * m.dayCount + m.slotDay[s]!]!--;
      const l = this.load[h]!;
      this.loadSquares -= 2 * l - 1;
      this.load[h] = l - 1;
      if (m.hostKind[h] === POLITICIAN) {
        politicians++;
        const p = m.hostParty[h]!;
        if (p >= 0) this.partySeats[p]!--;
        this.seats--;
        if (firstParty === -2) firstParty = p;
        else if (p !== firstParty) oneParty = false;
      }
    }
    if (politicians >= 2 && oneParty) this.sameParty--;
    if (wishMet(m, r, politicians)) this.wishesMet--;
    this.topicFit -= this.covered[r]!;
    this.covered[r] = 0;
    this.placed--;
    this.placedWeighted -= m.requestPriority[r]!;
    this.slotOf[r] = -1;
    this.hostsOf[r] = [];
    this.refreshChanged(r);
    return { slot: s, hosts };
  }

  private refreshChanged(r: number): void {
    const prev = this.previousHosts[r] ?? null;
    let changed: number;
    if (prev === null) changed = this.slotOf[r] === -1 ? 0 : 1;
    else if (this.slotOf[r] !== this.previousSlot[r]) changed = 1;
    else {
      const now = this.hostsOf[r]!;
      changed = now.length === prev.length && now.every((h) => prev.includes(h)) ? 0 : 1;
    }
    this.changes += changed - this.changed[r]!;
    this.changed[r] = changed;
  }

  /** Sum over parties of (seats − fair seats)², where fair seats follow the share of available politicians. */
  balancePenalty(): number {
    const m = this.model;
    let sum = 0;
    for (let p = 0; p < m.partyCount; p++) {
      const d = this.partySeats[p]! - m.partyShare[p]! * this.seats;
      sum += d * d;
    }
    return sum;
  }
}

/** Whether a visit of request r with this many politicians gives the company's wish (as far as the rules allow). */
function wishMet(m: Model, r: number, politicians: number): boolean {
  const needs = m.needs[r]!;
  return needs.wishedPoliticians > 0 && politicians >= needs.wantedPoliticians;
}

/** Row/column of a request's zone in `model.transfer` (the last one stands for an unknown zone). */
export function zoneSlot(m: Model, r: number): number {
  const z = m.requestZone[r]!;
  return z < 0 ? m.zoneCount : z;
}

/** Objective terms, best first; larger is better in every position. */
export type Score = number[];

/** The objective of a state in lexicographic order. */
export function score(state: PlanState, stabilityFirst: boolean): Score {
  const core = [state.placedWeighted, state.placed];
  // Wishes for more politicians rank right after placement: never at a visit's cost, before topic fit and balance.
  const rest = [state.wishesMet, state.topicFit, -state.sameParty, -state.balancePenalty(), -state.loadSquares];
  return stabilityFirst ? [...core, -state.changes, ...rest] : [...core, ...rest, -state.changes];
}

/** Lexicographic comparison: positive when a is better. */
export function compareScores(a: Score, b: Score): number {
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!;
    if (d > 1e-9) return 1;
    if (d < -1e-9) return -1;
  }
  return 0;
}
