import { FlowGraph } from './max-flow.ts';
import { type Model, OFFICIAL, POLITICIAN } from './model.ts';

/**
 * A provable upper bound on the number of requests any valid plan can place: the minimum of
 *  1. the requests that could be placed if they were alone (some acceptable slot has enough available hosts of the
 *     right kinds, party and department);
 *  2. for politicians, for officials and for hosts of any kind, a maximum flow source → request (k units) →
 *     acceptable slot → host in that slot (1) → host's day (max visits per day) → sink, where k is the smallest number
 *     of such hosts any request needs. Every valid plan yields a flow of k units per placed request, so
 *     placed ≤ ⌊flow / k⌋ (plus requests needing none of that kind).
 * The relaxation drops travel, overlapping slots and the coupling between kinds, so it can exceed the optimum, never
 * fall below it. See docs/decisions/0002-visit-matching-engine.md.
 */
export function upperBound(m: Model, alone: readonly boolean[] = placeableAlone(m)): number {
  let bound = alone.reduce((n, ok) => n + (ok ? 1 : 0), 0);
  bound = Math.min(bound, kindBound(m, alone, POLITICIAN));
  bound = Math.min(bound, kindBound(m, alone, OFFICIAL));
  bound = Math.min(bound, kindBound(m, alone, -1));
  return bound;
}

/** Distinct priority levels beyond which the layered bound is skipped (each level costs three max flows). */
const MAX_PRIORITY_LEVELS = 8;

/**
 * A provable upper bound on the priority-weighted placement, the minimum of:
 *  1. the `countBound` heaviest requests placeable alone (no plan places more than `countBound` requests);
 *  2. the count bound taken in layers: with priority levels p₁ < p₂ < … (p₀ = 0), a plan's weight is
 *     Σᵢ (pᵢ − pᵢ₋₁) × (its placed requests of priority ≥ pᵢ), and each of those counts is at most the count bound
 *     of the requests of priority ≥ pᵢ alone. This sees that heavy requests compete for the same hosts, which (1)
 *     does not. Both are exact when all requests weigh the same.
 */
export function weightedUpperBound(m: Model, countBound: number, alone: readonly boolean[]): number {
  const weights: number[] = [];
  for (let r = 0; r < m.requestCount; r++) if (alone[r]) weights.push(m.requestPriority[r]!);
  weights.sort((a, b) => b - a);
  let heaviest = 0;
  for (let i = 0; i < Math.min(countBound, weights.length); i++) heaviest += weights[i]!;
  const levels = [...new Set(weights)].filter((w) => w > 0).sort((a, b) => a - b);
  if (levels.length === 0 || levels.length > MAX_PRIORITY_LEVELS) return heaviest;
  let layered = 0;
  let below = 0;
  for (const level of levels) {
    const atLeast = alone.map((ok, r) => ok && m.requestPriority[r]! >= level);
    layered += (level - below) * (level === levels[0] ? countBound : upperBound(m, atLeast));
    below = level;
  }
  return Math.min(heaviest, layered);
}

/** Whether each request could be placed with the hosts to itself. */
export function placeableAlone(m: Model): boolean[] {
  const out: boolean[] = [];
  for (let r = 0; r < m.requestCount; r++) {
    const needs = m.needs[r]!;
    let ok = false;
    if (needs.satisfiable) {
      for (const s of m.requestSlots[r]!) {
        let politicians = 0;
        let officials = 0;
        let party = m.needParty[r]! < 0;
        let department = m.needDepartment[r]! < 0;
        for (const h of m.slotHosts[s]!) {
          if (m.hostKind[h] === POLITICIAN) {
            politicians++;
            if (m.hostParty[h] === m.needParty[r]) party = true;
          } else {
            officials++;
            if (m.hostDepartment[h] === m.needDepartment[r]) department = true;
          }
        }
        // With no minimum of either kind, one host of an allowed kind is enough.
        const someone = (needs.maxPoliticians > 0 && politicians > 0) || (needs.maxOfficials > 0 && officials > 0);
        const fits = party && department && politicians >= needs.minPoliticians && officials >= needs.minOfficials && someone;
        if (fits) {
          ok = true;
          break;
        }
      }
    }
    out.push(ok);
  }
  return out;
}

/** Units of hosts of `kind` (-1: any kind) request r needs. */
function unitsNeeded(m: Model, r: number, kind: number): number {
  const n = m.needs[r]!;
  if (kind === POLITICIAN) return n.minPoliticians;
  if (kind === OFFICIAL) return n.minOfficials;
  return Math.max(1, n.minPoliticians + n.minOfficials);
}

function kindBound(m: Model, alone: readonly boolean[], kind: number): number {
  let free = 0;
  let k = Number.POSITIVE_INFINITY;
  for (let r = 0; r < m.requestCount; r++) {
    if (!alone[r]) continue;
    const u = unitsNeeded(m, r, kind);
    if (u === 0) free++;
    else k = Math.min(k, u);
  }
  if (!Number.isFinite(k)) return free;
  const S = m.slotCount;
  let next = 2 + m.requestCount;
  const groupNode = new Map<number, number>();
  const hostSlotNode = new Map<number, number>();
  const hostDayNode = new Map<number, number>();
  const edges: [number, number, number][] = [];
  const ofKind = (h: number) => kind < 0 || m.hostKind[h] === kind;
  // Group 0 is "any host of the kind"; 1 + p a party, 1 + partyCount + d a department.
  const group = (s: number, g: number): number => {
    const key = s * (1 + m.partyCount + m.departmentCount) + g;
    let node = groupNode.get(key);
    if (node !== undefined) return node;
    node = next++;
    groupNode.set(key, node);
    for (const h of m.slotHosts[s]!) {
      if (!ofKind(h)) continue;
      if (g > 0 && g <= m.partyCount && m.hostParty[h] !== g - 1) continue;
      if (g > m.partyCount && m.hostDepartment[h] !== g - 1 - m.partyCount) continue;
      const hsKey = h * S + s;
      let hs = hostSlotNode.get(hsKey);
      if (hs === undefined) {
        hs = next++;
        hostSlotNode.set(hsKey, hs);
        const hdKey = h * m.dayCount + m.slotDay[s]!;
        let hd = hostDayNode.get(hdKey);
        if (hd === undefined) {
          hd = next++;
          hostDayNode.set(hdKey, hd);
          edges.push([hd, 1, m.hostMax[h]!]);
        }
        edges.push([hs, hd, 1]);
      }
      edges.push([node, hs, 1]);
    }
    return node;
  };
  for (let r = 0; r < m.requestCount; r++) {
    if (!alone[r] || unitsNeeded(m, r, kind) === 0) continue;
    edges.push([0, 2 + r, k]);
    // One unit must come from the wished party (politicians) or department (officials), when there is one.
    const special =
      kind === POLITICIAN && m.needParty[r]! >= 0
        ? 1 + m.needParty[r]!
        : kind === OFFICIAL && m.needDepartment[r]! >= 0
          ? 1 + m.partyCount + m.needDepartment[r]!
          : 0;
    for (const s of m.requestSlots[r]!) {
      if (special > 0) {
        edges.push([2 + r, group(s, special), 1]);
        if (k > 1) edges.push([2 + r, group(s, 0), k - 1]);
      } else {
        edges.push([2 + r, group(s, 0), k]);
      }
    }
  }
  const graph = new FlowGraph(next);
  for (const [u, v, c] of edges) graph.addEdge(u, v, c);
  return free + Math.floor(graph.maxFlow(0, 1) / k);
}
