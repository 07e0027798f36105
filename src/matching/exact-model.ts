import { type Model, OFFICIAL, POLITICIAN, popcount } from './model.ts';
import type { PlanState } from './state.ts';

/**
 * The visit-planning problem as an integer program, aggregated so that it stays small (docs/decisions/0012):
 *
 * - `x[r,s]` ∈ {0,1}: request r is visited in slot s.
 * - `y[h,s,z]` ∈ {0,1}: host h is on a visit in zone z during slot s. Hosts are not assigned to requests: the
 *   requests of one zone in one slot are all at the same travel distance from everything, so the hosts there are
 *   interchangeable among them and only their numbers per group matter ("pools", below).
 *
 * Rows:
 * - each request at most once;
 * - per pool (slot × zone), for every group a delegation needs — a wished party, a wished department, politicians,
 *   officials, everyone — the hosts present cover the units the placed requests need of it. The groups form a
 *   laminar family (party ⊂ politicians ⊂ everyone, department ⊂ officials ⊂ everyone), so by Hall's theorem these
 *   counts are exactly what a choice of distinct hosts for every delegation needs. And no more hosts are present than
 *   the placed delegations can hold at their largest, so every host present can be on a visit;
 * - per host, at most one visit among slots that overlap (one row per slot start: intervals' cliques);
 * - per host and local day, at most its max visits;
 * - per host, travel between consecutive visits: for slots s₁ before s₂ and a zone z₁, being in z₁ at s₁ and in a
 *   zone at s₂ too far to reach in time is allowed only with a visit in between:
 *   `y[h,s₁,z₁] + Σ_{z₂ too far} y[h,s₂,z₂] − Σ_{t between, z} y[h,t,z] ≤ 1`.
 *
 * Every valid plan is a feasible point (so the optimum and every relaxation's optimum bound the best plan), and a
 * feasible point gives a plan by choosing hosts per pool (`delegationsFrom`), which `checkPlan` then verifies.
 * Locked visits enter as fixed `y` outside every pool.
 */
export interface ExactModel {
  numCols: number;
  numRows: number;
  /** Request and slot of each `x` column (columns 0 … xCount − 1). */
  xRequest: Int32Array;
  xSlot: Int32Array;
  xCount: number;
  /** Host, slot and zone of each `y` column (columns xCount …). */
  yHost: Int32Array;
  ySlot: Int32Array;
  yZone: Int32Array;
  /** 1 when the `y` column is a locked visit's host (fixed at 1, outside the pools). */
  yLocked: Uint8Array;
  colLower: Float64Array;
  colUpper: Float64Array;
  rowLower: Float64Array;
  rowUpper: Float64Array;
  /** Rows in compressed sparse row form. */
  starts: Int32Array;
  indices: Int32Array;
  values: Float64Array;
  /** Column index of x[r,s] (key r * slotCount + s) and y[h,s,z] (key (h * slotCount + s) * zones + z). */
  xColumn: Map<number, number>;
  yColumn: Map<number, number>;
  /** Zones including the "unknown zone" index `zoneCount`. */
  zones: number;
}

/** Units a request's delegation needs of each group, at its smallest. */
export interface Units {
  politicians: number;
  officials: number;
  /** One host of either kind, for rules without a minimum of either. */
  either: number;
  /** Hosts the delegation may have at most, in all and of each kind. */
  maxSize: number;
  maxPoliticians: number;
  maxOfficials: number;
}

/** The smallest delegation request r needs, in units per group. */
export function unitsOf(m: Model, r: number): Units {
  const n = m.needs[r]!;
  let politicians = n.minPoliticians;
  let officials = n.minOfficials;
  let either = 0;
  if (politicians + officials === 0) {
    if (n.maxPoliticians > 0 && n.maxOfficials > 0) either = 1;
    else if (n.maxPoliticians > 0) politicians = 1;
    else officials = 1;
  }
  return {
    politicians,
    officials,
    either,
    maxSize: n.maxSize,
    maxPoliticians: Math.min(n.maxPoliticians, n.maxSize),
    maxOfficials: Math.min(n.maxOfficials, n.maxSize),
  };
}

/** Zone index of request r in the model's transfer matrix (`zoneCount` when unknown). */
export const zoneIndexOf = (m: Model, r: number): number => (m.requestZone[r]! < 0 ? m.zoneCount : m.requestZone[r]!);

/**
 * Builds the aggregated integer program for the requests that are not locked and could be placed alone, on top of
 * the locked visits already in `state`.
 */
export function buildExactModel(m: Model, state: PlanState, alone: readonly boolean[]): ExactModel {
  const S = m.slotCount;
  const Z = m.zoneCount + 1;
  const xRequest: number[] = [];
  const xSlot: number[] = [];
  const xColumn = new Map<number, number>();
  /** Requests with an x column per pool (s * Z + z). */
  const poolRequests: number[][] = Array.from({ length: S * Z }, () => []);
  for (let r = 0; r < m.requestCount; r++) {
    if (state.locked[r] || !alone[r] || !m.needs[r]!.satisfiable) continue;
    for (const s of m.requestSlots[r]!) {
      xColumn.set(r * S + s, xRequest.length);
      xRequest.push(r);
      xSlot.push(s);
      poolRequests[s * Z + zoneIndexOf(m, r)]!.push(r);
    }
  }
  const xCount = xRequest.length;

  // Host cells: where a host may be. Locked visits' hosts are fixed where the locked visit is.
  const yHost: number[] = [];
  const ySlot: number[] = [];
  const yZone: number[] = [];
  const yLocked: number[] = [];
  const yColumn = new Map<number, number>();
  const lockedCell = new Map<number, number>();
  for (let r = 0; r < m.requestCount; r++) {
    if (!state.locked[r] || state.slotOf[r]! < 0) continue;
    for (const h of state.hostsOf[r]!) lockedCell.set(h * S + state.slotOf[r]!, zoneIndexOf(m, r));
  }
  /** y columns per host and slot. */
  const cells: number[][] = Array.from({ length: m.hostCount * S }, () => []);
  for (let h = 0; h < m.hostCount; h++) {
    for (let s = 0; s < S; s++) {
      const lockedZone = lockedCell.get(h * S + s);
      for (let z = 0; z < Z; z++) {
        const isLocked = lockedZone === z;
        const open = m.hostAvailable[h * S + s] === 1 && m.hostMax[h]! > 0 && poolRequests[s * Z + z]!.length > 0;
        if (!isLocked && (!open || lockedZone !== undefined)) continue;
        const column = xCount + yHost.length;
        yColumn.set((h * S + s) * Z + z, column);
        yHost.push(h);
        ySlot.push(s);
        yZone.push(z);
        yLocked.push(isLocked ? 1 : 0);
        cells[h * S + s]!.push(column);
      }
    }
  }
  const numCols = xCount + yHost.length;
  const colLower = new Float64Array(numCols);
  const colUpper = new Float64Array(numCols).fill(1);
  for (let i = 0; i < yLocked.length; i++) if (yLocked[i]) colLower[xCount + i] = 1;

  const rowLower: number[] = [];
  const rowUpper: number[] = [];
  const starts: number[] = [0];
  const indices: number[] = [];
  const values: number[] = [];
  const addRow = (entries: Map<number, number>, lower: number, upper: number) => {
    if (entries.size === 0) return;
    for (const [column, value] of [...entries].sort((a, b) => a[0] - b[0])) {
      if (value === 0) continue;
      indices.push(column);
      values.push(value);
    }
    starts.push(indices.length);
    rowLower.push(lower);
    rowUpper.push(upper);
  };
  const add = (entries: Map<number, number>, column: number, value: number) => {
    entries.set(column, (entries.get(column) ?? 0) + value);
  };

  // Each request at most once.
  for (let r = 0; r < m.requestCount; r++) {
    const row = new Map<number, number>();
    for (const s of m.requestSlots[r]!) {
      const c = xColumn.get(r * S + s);
      if (c !== undefined) row.set(c, 1);
    }
    if (row.size > 1) addRow(row, Number.NEGATIVE_INFINITY, 1);
  }

  // Pools: hosts present cover the units of every group, and are no more than the delegations can hold.
  for (let s = 0; s < S; s++) {
    for (let z = 0; z < Z; z++) {
      const requests = poolRequests[s * Z + z]!;
      if (requests.length === 0) continue;
      const everyone = new Map<number, number>();
      const everyoneMax = new Map<number, number>();
      const politicians = new Map<number, number>();
      const politiciansMax = new Map<number, number>();
      const officials = new Map<number, number>();
      const officialsMax = new Map<number, number>();
      const parties = new Map<number, Map<number, number>>();
      const departments = new Map<number, Map<number, number>>();
      for (const r of requests) {
        const x = xColumn.get(r * S + s)!;
        const u = unitsOf(m, r);
        add(everyone, x, -(u.politicians + u.officials + u.either));
        add(everyoneMax, x, -u.maxSize);
        add(politicians, x, -u.politicians);
        add(politiciansMax, x, -u.maxPoliticians);
        add(officials, x, -u.officials);
        add(officialsMax, x, -u.maxOfficials);
        if (m.needParty[r]! >= 0) {
          const row = parties.get(m.needParty[r]!) ?? new Map<number, number>();
          add(row, x, -1);
          parties.set(m.needParty[r]!, row);
        }
        if (m.needDepartment[r]! >= 0) {
          const row = departments.get(m.needDepartment[r]!) ?? new Map<number, number>();
          add(row, x, -1);
          departments.set(m.needDepartment[r]!, row);
        }
      }
      for (const h of m.slotHosts[s]!) {
        const y = yColumn.get((h * S + s) * Z + z);
        if (y === undefined || yLocked[y - xCount]) continue;
        add(everyone, y, 1);
        add(everyoneMax, y, 1);
        if (m.hostKind[h] === POLITICIAN) {
          add(politicians, y, 1);
          add(politiciansMax, y, 1);
          const party = parties.get(m.hostParty[h]!);
          if (party) add(party, y, 1);
        } else {
          add(officials, y, 1);
          add(officialsMax, y, 1);
          const department = departments.get(m.hostDepartment[h]!);
          if (department) add(department, y, 1);
        }
      }
      addRow(everyone, 0, Number.POSITIVE_INFINITY);
      addRow(everyoneMax, Number.NEGATIVE_INFINITY, 0);
      addRow(politicians, 0, Number.POSITIVE_INFINITY);
      addRow(politiciansMax, Number.NEGATIVE_INFINITY, 0);
      addRow(officials, 0, Number.POSITIVE_INFINITY);
      addRow(officialsMax, Number.NEGATIVE_INFINITY, 0);
      for (const row of parties.values()) addRow(row, 0, Number.POSITIVE_INFINITY);
      for (const row of departments.values()) addRow(row, 0, Number.POSITIVE_INFINITY);
    }
  }

  // Per host: overlapping slots (one row per slot start), max visits per day, travel between consecutive visits.
  const cliques: number[][] = [];
  const seen = new Set<string>();
  for (let s = 0; s < S; s++) {
    const clique: number[] = [];
    for (let t = 0; t < S; t++) if (m.slotStart[t]! <= m.slotStart[s]! && m.slotStart[s]! < m.slotEnd[t]!) clique.push(t);
    const key = clique.join(',');
    if (!seen.has(key)) {
      seen.add(key);
      cliques.push(clique);
    }
  }
  let longestTransfer = 0;
  for (const t of m.transfer) longestTransfer = Math.max(longestTransfer, t);
  const order = m.slotsByStart;
  for (let h = 0; h < m.hostCount; h++) {
    for (const clique of cliques) {
      const row = new Map<number, number>();
      for (const t of clique) for (const c of cells[h * S + t]!) row.set(c, 1);
      if (row.size > 1) addRow(row, Number.NEGATIVE_INFINITY, 1);
    }
    for (let d = 0; d < m.dayCount; d++) {
      const row = new Map<number, number>();
      for (let s = 0; s < S; s++) if (m.slotDay[s] === d) for (const c of cells[h * S + s]!) row.set(c, 1);
      if (row.size > m.hostMax[h]!) addRow(row, Number.NEGATIVE_INFINITY, Math.max(m.hostMax[h]!, countLocked(row, yLocked, xCount)));
    }
    for (let i = 0; i < order.length; i++) {
      const s1 = order[i]!;
      if (cells[h * S + s1]!.length === 0) continue;
      for (let j = i + 1; j < order.length; j++) {
        const s2 = order[j]!;
        if (m.slotEnd[s1]! + longestTransfer <= m.slotStart[s2]!) break;
        if (cells[h * S + s2]!.length === 0 || m.slotStart[s2]! < m.slotEnd[s1]!) continue;
        for (const c1 of cells[h * S + s1]!) {
          const z1 = yZone[c1 - xCount]!;
          const row = new Map<number, number>([[c1, 1]]);
          for (const c2 of cells[h * S + s2]!) {
            const z2 = yZone[c2 - xCount]!;
            if (m.slotEnd[s1]! + m.transfer[z1 * Z + z2]! > m.slotStart[s2]!) row.set(c2, 1);
          }
          if (row.size === 1) continue;
          for (let k = i + 1; k < j; k++) for (const c of cells[h * S + order[k]!]!) row.set(c, -1);
          addRow(row, Number.NEGATIVE_INFINITY, 1);
        }
      }
    }
  }

  return {
    numCols,
    numRows: rowLower.length,
    xRequest: Int32Array.from(xRequest),
    xSlot: Int32Array.from(xSlot),
    xCount,
    yHost: Int32Array.from(yHost),
    ySlot: Int32Array.from(ySlot),
    yZone: Int32Array.from(yZone),
    yLocked: Uint8Array.from(yLocked),
    colLower,
    colUpper,
    rowLower: Float64Array.from(rowLower),
    rowUpper: Float64Array.from(rowUpper),
    starts: Int32Array.from(starts),
    indices: Int32Array.from(indices),
    values: Float64Array.from(values),
    xColumn,
    yColumn,
    zones: Z,
  };
}

/** Locked cells in a row: a locked visit that already breaks max visits keeps its hosts (the row then allows it). */
function countLocked(row: Map<number, number>, yLocked: readonly number[], xCount: number): number {
  let n = 0;
  for (const c of row.keys()) if (c >= xCount && yLocked[c - xCount]) n++;
  return n;
}

/** The columns a valid plan sets to 1: its visits' x, and y for every host of every visit. */
export function columnsOfPlan(e: ExactModel, m: Model, state: PlanState): number[] {
  const S = m.slotCount;
  const out: number[] = [];
  for (let r = 0; r < m.requestCount; r++) {
    const s = state.slotOf[r]!;
    if (s < 0) continue;
    const x = e.xColumn.get(r * S + s);
    if (x !== undefined) out.push(x);
    for (const h of state.hostsOf[r]!) {
      const y = e.yColumn.get((h * S + s) * e.zones + zoneIndexOf(m, r));
      if (y !== undefined && !out.includes(y)) out.push(y);
    }
  }
  return out.sort((a, b) => a - b);
}

/**
 * Delegations from a solution: per pool, the wished party's and department's hosts first, then the minimum counts,
 * then anyone of an allowed kind, each time the host adding most uncovered topics; hosts left over join a
 * delegation with room (they are there, and may be a waypoint another leg of their day relies on). Returns request →
 * slot and hosts, or null when a pool cannot be staffed (which the pool rows rule out).
 */
export function delegationsFrom(
  e: ExactModel,
  m: Model,
  value: (column: number) => number,
): Map<number, { slot: number; hosts: number[] }> | null {
  const Z = e.zones;
  const placed = new Map<number, { slot: number; hosts: number[] }>();
  const poolRequests = new Map<number, number[]>();
  for (let c = 0; c < e.xCount; c++) {
    if (value(c) < 0.5) continue;
    const r = e.xRequest[c]!;
    const s = e.xSlot[c]!;
    placed.set(r, { slot: s, hosts: [] });
    const key = s * Z + zoneIndexOf(m, r);
    poolRequests.set(key, [...(poolRequests.get(key) ?? []), r]);
  }
  const poolHosts = new Map<number, number[]>();
  for (let i = 0; i < e.yHost.length; i++) {
    if (e.yLocked[i] || value(e.xCount + i) < 0.5) continue;
    const key = e.ySlot[i]! * Z + e.yZone[i]!;
    poolHosts.set(key, [...(poolHosts.get(key) ?? []), e.yHost[i]!]);
  }
  const W = m.words;
  const gain = (r: number, hosts: number[], h: number): number => {
    let n = 0;
    for (let w = 0; w < W; w++) {
      let union = 0;
      for (const x of hosts) union |= m.hostTopics[x * W + w]!;
      n += popcount(m.requestTopics[r * W + w]! & m.hostTopics[h * W + w]! & ~union);
    }
    return n;
  };
  for (const [key, requests] of poolRequests) {
    const free = [...(poolHosts.get(key) ?? [])];
    const take = (r: number, ok: (h: number) => boolean): boolean => {
      const hosts = placed.get(r)!.hosts;
      let best = -1;
      let bestGain = -1;
      for (let i = 0; i < free.length; i++) {
        if (!ok(free[i]!)) continue;
        const g = gain(r, hosts, free[i]!);
        if (g > bestGain) {
          bestGain = g;
          best = i;
        }
      }
      if (best < 0) return false;
      hosts.push(free[best]!);
      free.splice(best, 1);
      return true;
    };
    const politician = (h: number) => m.hostKind[h] === POLITICIAN;
    const official = (h: number) => m.hostKind[h] === OFFICIAL;
    // Innermost groups first (laminar order), so the outer ones keep enough.
    for (const r of requests) {
      if (m.needParty[r]! >= 0 && !take(r, (h) => politician(h) && m.hostParty[h] === m.needParty[r])) return null;
      if (m.needDepartment[r]! >= 0 && !take(r, (h) => official(h) && m.hostDepartment[h] === m.needDepartment[r])) return null;
    }
    for (const r of requests) {
      const u = unitsOf(m, r);
      const hosts = placed.get(r)!.hosts;
      while (hosts.filter(politician).length < u.politicians) if (!take(r, politician)) return null;
      while (hosts.filter(official).length < u.officials) if (!take(r, official)) return null;
    }
    for (const r of requests) {
      const u = unitsOf(m, r);
      if (u.either > 0 && placed.get(r)!.hosts.length === 0) {
        const kind = (h: number) => (politician(h) ? u.maxPoliticians > 0 : u.maxOfficials > 0);
        if (!take(r, kind)) return null;
      }
    }
    // Hosts left over join a delegation with room for their kind.
    for (const h of [...free]) {
      let best = -1;
      let bestGain = -1;
      for (const r of requests) {
        const u = unitsOf(m, r);
        const hosts = placed.get(r)!.hosts;
        const sameKind = hosts.filter((x) => m.hostKind[x] === m.hostKind[h]).length;
        const room = politician(h) ? u.maxPoliticians : u.maxOfficials;
        if (hosts.length >= u.maxSize || sameKind >= room) continue;
        const g = gain(r, hosts, h);
        if (g > bestGain) {
          bestGain = g;
          best = r;
        }
      }
      if (best >= 0) {
        placed.get(best)!.hosts.push(h);
        free.splice(free.indexOf(h), 1);
      }
    }
  }
  return placed;
}
