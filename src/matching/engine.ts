import { checkPlan } from './check-plan.ts';
import { bestInsertion, buildGuidance, type Guidance } from './delegation.ts';
import { greedyFill } from './greedy-fill.ts';
import { buildModel, type Model, POLITICIAN, popcount } from './model.ts';
import { toPlan } from './plan-output.ts';
import { seededRandom } from './random.ts';
import { startState } from './start-state.ts';
import { compareScores, HOST_OK, type PlanState, type Score, score } from './state.ts';
import type { MatchingInput, Plan, PlannedVisit, PlanWarning } from './types.ts';
import { placeableAlone, upperBound, weightedUpperBound } from './upper-bound.ts';

export const DEFAULT_TIME_BUDGET_MS = 2_000;

/** The search's iteration cap when the caller sets none. */
export const defaultIterations = (requestCount: number): number => Math.max(5_000, 400 * requestCount);

/**
 * Plans visits: locked visits first, then the previous plan where it still holds, then a most-constrained-first
 * construction (or the arrival-order greedy plan when that is better), improved by large-neighbourhood search until
 * the iteration cap, the time budget or stagnation. Pure: plain data in, plain data out.
 */
export function planVisits(input: MatchingInput): Plan {
  const started = Date.now();
  const m = buildModel(input);
  const random = seededRandom(input.seed ?? 1);
  const guidance = buildGuidance(m);
  const stabilityFirst = (input.stability ?? (input.previous ? 'after-placement' : 'last')) === 'after-placement';
  const warnings: PlanWarning[] = [];
  const lockedVisits = new Map<number, PlannedVisit>();

  const fresh = (): PlanState => {
    return startState(m, input, lockedVisits);
  };
  let state = fresh();
  warnings.push(...lockedWarnings(input));
  if (input.previous) placePrevious(state, input.previous);
  construct(state, guidance, random);
  const greedy = fresh();
  greedyFill(greedy);
  if (compareScores(score(greedy, stabilityFirst), score(state, stabilityFirst)) > 0) state = greedy;

  const alone = placeableAlone(m);
  const bound = upperBound(m, alone);
  const weightedBound = weightedUpperBound(m, bound, alone);
  const iterations = input.iterations ?? defaultIterations(m.requestCount);
  const deadline = started + timeBudgetOf(input);
  const search = largeNeighbourhoodSearch(state, { guidance, random, stabilityFirst, alone, bound, weightedBound, iterations, deadline });
  enrich(state);

  return toPlan(
    state,
    { count: bound, weighted: weightedBound, source: 'flow' },
    { lockedVisits, warnings, stats: { iterations: search.iterations, elapsedMs: Date.now() - started, stoppedBy: search.stoppedBy } },
  );
}

/** The wall-clock budget: as set, else none when an iteration cap is set (deterministic), else the default. */
export function timeBudgetOf(input: Pick<MatchingInput, 'timeBudgetMs' | 'iterations'>): number {
  if (input.timeBudgetMs !== undefined) return input.timeBudgetMs;
  return input.iterations !== undefined ? Number.POSITIVE_INFINITY : DEFAULT_TIME_BUDGET_MS;
}

/** What is wrong with the locked visits: each stays as it is, and the organiser is told which rule it breaks. */
function lockedWarnings(input: MatchingInput): PlanWarning[] {
  const locked = input.locked ?? [];
  if (locked.length === 0) return [];
  const known = new Set(input.requests.map((r) => r.id));
  const out: PlanWarning[] = locked
    .filter((v) => !known.has(v.requestId))
    .map((v) => ({
      code: 'locked_unknown_request',
      requestId: v.requestId,
      slotId: v.slotId,
      params: {},
      message: `locked visit names unknown request ${v.requestId}`,
    }));
  for (const violation of checkPlan({ ...input, locked: [] }, locked)) {
    if (violation.code === 'unknown_request') continue;
    const { code, message, params, ...at } = violation;
    out.push({ code: 'locked_breaks_rule', ...at, params: { ...params, rule: code }, message: `locked visit: ${message}` });
  }
  return out;
}

/** Re-applies the previous plan's visits that still fit exactly, so a re-plan starts from where it was. */
function placePrevious(state: PlanState, previous: readonly PlannedVisit[]): void {
  const m = state.model;
  for (const v of previous) {
    const r = m.requestIndex.get(v.requestId);
    const s = m.slotIndex.get(v.slotId);
    if (r === undefined || s === undefined || state.locked[r] || state.slotOf[r] !== -1) continue;
    if (!m.requestSlots[r]!.includes(s)) continue;
    const hosts = v.hostIds.map((id) => m.hostIndex.get(id) ?? -1);
    if (hosts.some((h) => h < 0) || !delegationValid(m, r, hosts)) continue;
    if (hosts.every((h) => state.hostFits(h, r, s) === HOST_OK)) state.place(r, s, hosts);
  }
}

function delegationValid(m: Model, r: number, hosts: number[]): boolean {
  const needs = m.needs[r]!;
  const politicians = hosts.filter((h) => m.hostKind[h] === POLITICIAN);
  const officials = hosts.length - politicians.length;
  return (
    needs.satisfiable &&
    new Set(hosts).size === hosts.length &&
    hosts.length >= 1 &&
    hosts.length <= needs.maxSize &&
    politicians.length >= needs.minPoliticians &&
    politicians.length <= needs.maxPoliticians &&
    officials >= needs.minOfficials &&
    officials <= needs.maxOfficials &&
    (m.needParty[r]! < 0 || politicians.some((h) => m.hostParty[h] === m.needParty[r])) &&
    (m.needDepartment[r]! < 0 || hosts.some((h) => m.hostDepartment[h] === m.needDepartment[r]))
  );
}

/** Most constrained first: higher priority, then fewer acceptable slots, then wished department/party, then arrival. */
function construct(state: PlanState, guidance: Guidance, random: () => number): void {
  const m = state.model;
  const order = Array.from(m.requestIds.keys()).sort(
    (a, b) =>
      m.requestPriority[b]! - m.requestPriority[a]! ||
      m.requestSlots[a]!.length - m.requestSlots[b]!.length ||
      special(m, b) - special(m, a) ||
      m.requestArrival[a]! - m.requestArrival[b]! ||
      a - b,
  );
  for (const r of order) {
    if (state.slotOf[r] !== -1 || state.locked[r]) continue;
    const best = bestInsertion(state, r, guidance, random, 0);
    if (best) state.place(r, best.slot, best.delegation.hosts);
  }
}

function special(m: Model, r: number): number {
  return (m.needParty[r]! >= 0 ? 1 : 0) + (m.needDepartment[r]! >= 0 ? 1 : 0);
}

interface SearchOptions {
  guidance: Guidance;
  random: () => number;
  stabilityFirst: boolean;
  alone: boolean[];
  bound: number;
  /** Stop when the weighted placement reaches this: the objective ranks priority-weighted placement first. */
  weightedBound: number;
  iterations: number;
  deadline: number;
}

interface Removed {
  r: number;
  slot: number;
  hosts: number[];
}

/**
 * Destroy and repair: take a few visits out around a spot where the plan is stuck (an unplaced request's slot, a
 * host's day, a visit missing topics), put them and nearby unplaced requests back with randomised greedy insertion,
 * and keep the result when the objective is no worse (equal moves let the search drift across plateaus).
 */
function largeNeighbourhoodSearch(
  state: PlanState,
  o: SearchOptions,
): { iterations: number; stoppedBy: 'iterations' | 'time' | 'stagnation' } {
  const m = state.model;
  const { random } = o;
  const idleCap = Math.max(200, 60 * m.requestCount);
  let current: Score = score(state, o.stabilityFirst);
  let idle = 0;
  let it = 0;
  const removed: Removed[] = [];
  const inserted: number[] = [];
  const repair: number[] = [];
  const candidates = Array.from(m.requestIds.keys()).filter((r) => o.alone[r] && !state.locked[r]);
  if (candidates.length === 0) return { iterations: 0, stoppedBy: 'stagnation' };
  const randomInt = (n: number) => Math.floor(random() * n);

  const takeOut = (r: number) => {
    if (state.slotOf[r] === -1 || state.locked[r]) return;
    const { slot, hosts } = state.unplace(r);
    removed.push({ r, slot, hosts });
  };
  const placedIn = (s: number): number[] => {
    const out: number[] = [];
    for (const r of m.slotRequests[s]!) if (state.slotOf[r] === s && !state.locked[r]) out.push(r);
    return out;
  };
  const unplacedIn = (s: number, limit: number, list: number[]) => {
    const pool = m.slotRequests[s]!;
    if (pool.length === 0) return;
    const start = randomInt(pool.length);
    for (let k = 0; k < pool.length && limit > 0; k++) {
      const r = pool[(start + k) % pool.length]!;
      if (state.slotOf[r] === -1 && !state.locked[r] && o.alone[r] && !list.includes(r)) {
        list.push(r);
        limit--;
      }
    }
  };
  const sampleUnplaced = (): number => {
    if (state.placedWeighted >= o.weightedBound) return -1;
    for (let tries = 0; tries < 40; tries++) {
      const r = candidates[randomInt(candidates.length)]!;
      if (state.slotOf[r] === -1) return r;
    }
    return -1;
  };
  const removeSome = (list: number[], count: number) => {
    for (let k = 0; k < count && list.length > 0; k++) {
      const i = randomInt(list.length);
      takeOut(list[i]!);
      list[i] = list[list.length - 1]!;
      list.pop();
    }
  };
  const removeHostDay = (h: number, day: number) => {
    for (const s of m.slotsByStart) {
      if (m.slotDay[s] !== day) continue;
      const r = state.occupant[h * m.slotCount + s]!;
      if (r !== -1) takeOut(r);
    }
  };

  // Kicks: when stuck below the bound, accept one larger, possibly worse move, and remember the best plan seen.
  let best: Score = current;
  let bestSlots: Int32Array | null = null;
  let bestHosts: number[][] = [];
  let kicks = 0;
  let stoppedBy: 'iterations' | 'time' | 'stagnation' = 'iterations';
  for (; it < o.iterations; it++) {
    if ((it & 15) === 0 && Date.now() > o.deadline) {
      stoppedBy = 'time';
      break;
    }
    let kick = false;
    if (idle > (kicks === 0 ? idleCap : idleCap / 10)) {
      if (state.placedWeighted >= o.weightedBound) {
        stoppedBy = 'stagnation';
        break;
      }
      if (compareScores(current, best) >= 0) {
        best = current;
        bestSlots = state.slotOf.slice();
        bestHosts = state.hostsOf.slice();
      }
      kick = true;
      kicks++;
      idle = 0;
    }
    removed.length = 0;
    inserted.length = 0;
    repair.length = 0;
    const size = kick ? 8 + randomInt(12) : 2 + randomInt(6);
    const u = kick || random() < 0.6 ? sampleUnplaced() : -1;
    let first = -1;
    if (u >= 0) {
      // An unplaced request: free its slot of a few visits, and sometimes a host's whole day there.
      const slots = m.requestSlots[u]!;
      const s = slots[randomInt(slots.length)]!;
      removeSome(placedIn(s), size);
      if (kick || random() < 0.5) {
        const hosts = m.slotHosts[s]!;
        if (hosts.length > 0) {
          const h = hosts[randomInt(hosts.length)]!;
          if (state.hostFits(h, u, s) !== HOST_OK) removeHostDay(h, m.slotDay[s]!);
        }
      }
      first = random() < 0.7 ? u : -1;
      repair.push(u);
      unplacedIn(s, 4, repair);
    } else {
      const kind = random();
      const s = randomInt(m.slotCount);
      if (kind < 0.4) {
        removeSome(placedIn(s), size);
      } else if (kind < 0.7) {
        const h = randomInt(m.hostCount);
        removeHostDay(h, m.slotDay[s]!);
        removeSome(placedIn(s), 1 + randomInt(3));
      } else {
        // A visit that misses topics, with others in its slot whose hosts might cover them.
        const r = candidates[randomInt(candidates.length)]!;
        const rs = state.slotOf[r]!;
        if (rs >= 0 && state.covered[r]! < m.requestTopicCount[r]!) {
          takeOut(r);
          first = r;
          removeSome(placedIn(rs), size);
        } else {
          removeSome(placedIn(s), size);
        }
      }
      unplacedIn(s, 3, repair);
    }
    for (const x of removed) if (!repair.includes(x.r)) repair.push(x.r);
    // Repair order: the focus first (when chosen), then by priority with random ties.
    const keys = new Map<number, number>();
    // Sometimes ignore priority, so that one high-priority visit can give way to two others of equal total weight.
    const byPriority = random() < 0.7 ? 1 : 0;
    for (const r of repair) keys.set(r, r === first ? Number.POSITIVE_INFINITY : byPriority * m.requestPriority[r]! + random() * 0.9);
    repair.sort((a, b) => keys.get(b)! - keys.get(a)!);
    const noise = random() * 3;
    for (const r of repair) {
      if (state.slotOf[r] !== -1) continue;
      const best = bestInsertion(state, r, o.guidance, random, noise);
      if (best) {
        state.place(r, best.slot, best.delegation.hosts);
        inserted.push(r);
      }
    }
    const next = score(state, o.stabilityFirst);
    const c = compareScores(next, current);
    if (c >= 0 || kick) {
      idle = c > 0 ? 0 : idle + 1;
      current = next;
    } else {
      for (let k = inserted.length - 1; k >= 0; k--) state.unplace(inserted[k]!);
      for (const x of removed) state.place(x.r, x.slot, x.hosts);
      idle++;
    }
  }
  if (bestSlots && compareScores(best, current) > 0) {
    for (let r = 0; r < m.requestCount; r++) if (state.slotOf[r] !== -1 && !state.locked[r]) state.unplace(r);
    for (let r = 0; r < m.requestCount; r++) {
      if (bestSlots[r] !== -1 && !state.locked[r]) state.place(r, bestSlots[r]!, bestHosts[r]!);
    }
  }
  return { iterations: it, stoppedBy };
}

/** When the rules allow larger delegations, adds free hosts who bring topics the visit still misses. */
export function enrich(state: PlanState): void {
  const m = state.model;
  const W = m.words;
  for (let r = 0; r < m.requestCount; r++) {
    const s = state.slotOf[r]!;
    if (s < 0 || state.locked[r]) continue;
    for (;;) {
      const hosts = state.hostsOf[r]!;
      const needs = m.needs[r]!;
      if (hosts.length >= needs.maxSize || state.covered[r]! >= m.requestTopicCount[r]!) break;
      const politicians = hosts.filter((h) => m.hostKind[h] === POLITICIAN).length;
      const officials = hosts.length - politicians;
      let best = -1;
      let bestGain = 0;
      for (const h of m.slotHosts[s]!) {
        if (hosts.includes(h)) continue;
        if (m.hostKind[h] === POLITICIAN ? politicians >= needs.maxPoliticians : officials >= needs.maxOfficials) continue;
        if (state.hostFits(h, r, s) !== HOST_OK) continue;
        let gain = 0;
        for (let w = 0; w < W; w++) {
          let union = 0;
          for (const x of hosts) union |= m.hostTopics[x * W + w]!;
          gain += popcount(m.requestTopics[r * W + w]! & m.hostTopics[h * W + w]! & ~union);
        }
        if (gain > bestGain) {
          bestGain = gain;
          best = h;
        }
      }
      if (best < 0) break;
      state.unplace(r);
      state.place(r, s, [...hosts, best]);
    }
  }
}
