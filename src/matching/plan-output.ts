import { type Model, POLITICIAN } from './model.ts';
import { unplacedReason } from './reasons.ts';
import type { PlanState } from './state.ts';
import type { BoundSource, Plan, PlannedVisit, PlanQuality, PlanWarning } from './types.ts';

/** The quality figures of a state. */
export function qualityOf(state: PlanState): PlanQuality {
  const m = state.model;
  let partyBalance = 0;
  if (state.seats > 0) {
    for (let p = 0; p < m.partyCount; p++) {
      partyBalance = Math.max(partyBalance, Math.abs(state.partySeats[p]! / state.seats - m.partyShare[p]!));
    }
  }
  let hosts = 0;
  let sum = 0;
  let squares = 0;
  for (let h = 0; h < m.hostCount; h++) {
    if (m.hostAvailableCount[h] === 0) continue;
    hosts++;
    sum += state.load[h]!;
    squares += state.load[h]! ** 2;
  }
  const mean = hosts ? sum / hosts : 0;
  return {
    requests: m.requestCount,
    placed: state.placed,
    placedWeighted: state.placedWeighted,
    topicFit: state.topicFit,
    partyBalance: round(partyBalance, 4),
    sameParty: state.sameParty,
    loadStdDev: round(hosts ? Math.sqrt(Math.max(0, squares / hosts - mean * mean)) : 0, 4),
    changes: state.changes,
  };
}

/** A plan's provable bounds: on the number of placed requests and on their priority-weighted sum. */
export interface PlanBounds {
  count: number;
  weighted: number;
  source: BoundSource;
}

/** Turns a finished state into the engine's answer. */
export function toPlan(
  state: PlanState,
  bounds: PlanBounds,
  extra: { lockedVisits: Map<number, PlannedVisit>; warnings: PlanWarning[]; stats: Plan['stats'] },
): Plan {
  const m = state.model;
  const visits: PlannedVisit[] = [];
  const placedOrder = Array.from(m.requestIds.keys())
    .filter((r) => state.slotOf[r] !== -1 || extra.lockedVisits.has(r))
    .sort((a, b) => {
      const sa = state.slotOf[a]!;
      const sb = state.slotOf[b]!;
      return (sa < 0 ? -1 : m.slotRank[sa]!) - (sb < 0 ? -1 : m.slotRank[sb]!) || a - b;
    });
  for (const r of placedOrder) {
    const locked = extra.lockedVisits.get(r);
    if (locked) {
      visits.push({ requestId: locked.requestId, slotId: locked.slotId, hostIds: [...locked.hostIds] });
      continue;
    }
    // Politicians first, then officials, each in input order: stable for diffs and invites.
    const hosts = [...state.hostsOf[r]!].sort((a, b) => m.hostKind[a]! - m.hostKind[b]! || a - b);
    visits.push({ requestId: m.requestIds[r]!, slotId: m.slotIds[state.slotOf[r]!]!, hostIds: hosts.map((h) => m.hostIds[h]!) });
  }
  const unplaced = [];
  for (let r = 0; r < m.requestCount; r++) {
    if (state.slotOf[r] === -1 && !extra.lockedVisits.has(r)) unplaced.push(unplacedReason(state, r));
  }
  const quality = qualityOf(state);
  // A locked visit in a slot the event no longer has is in the plan but not in the state: count it all the same.
  for (const r of extra.lockedVisits.keys()) {
    if (state.slotOf[r] !== -1) continue;
    quality.placed++;
    quality.placedWeighted += m.requestPriority[r]!;
  }
  const plan: Plan = {
    visits,
    unplaced,
    quality,
    weightedUpperBound: 0,
    weightedGap: 0,
    weightedGapPercent: 0,
    upperBound: 0,
    gap: 0,
    gapPercent: 0,
    boundSource: bounds.source,
    stats: extra.stats,
    warnings: [...extra.warnings, ...zoneWarnings(m), ...wishWarnings(state)],
  };
  setBounds(plan, bounds);
  return plan;
}

/**
 * Sets a plan's bounds and gaps. Only locked visits that break the rules can place more than a bound allows; the
 * bound then holds for no plan with those visits, so it is raised to the plan's own figure and the plan says why.
 */
export function setBounds(plan: Plan, bounds: PlanBounds): void {
  const { placed, placedWeighted } = plan.quality;
  if ((bounds.count < placed || bounds.weighted < placedWeighted - 1e-9) && !plan.warnings.some((w) => w.code === 'locked_beyond_bound')) {
    plan.warnings.push({
      code: 'locked_beyond_bound',
      params: { count: placed, limit: bounds.count },
      message: 'locked visits break the rules, so the upper bound does not hold for this plan',
    });
  }
  const count = Math.max(bounds.count, placed);
  const weighted = Math.max(bounds.weighted, placedWeighted);
  plan.upperBound = count;
  plan.gap = count - placed;
  plan.gapPercent = count > 0 ? round((100 * plan.gap) / count, 3) : 0;
  plan.weightedUpperBound = round(weighted, 6);
  plan.weightedGap = round(weighted - placedWeighted, 6);
  plan.weightedGapPercent = weighted > 0 ? round((100 * plan.weightedGap) / weighted, 3) : 0;
  plan.boundSource = bounds.source;
}

/** A request whose zone is neither among the zones nor in the travel table: travel to it is a guess. */
function zoneWarnings(m: Model): PlanWarning[] {
  const out: PlanWarning[] = [];
  m.input.requests.forEach((request, r) => {
    if (request.zoneId === null || m.requestZone[r]! >= 0) return;
    out.push({
      code: 'unknown_zone',
      requestId: request.id,
      params: { limit: m.input.fallbackTravelMinutes ?? 15 },
      message: `zone ${request.zoneId} of ${request.id} is not among the zones or in the travel table`,
    });
  });
  return out;
}

/** One warning per visit that has fewer politicians than its company asked for. */
function wishWarnings(state: PlanState): PlanWarning[] {
  const m = state.model;
  const out: PlanWarning[] = [];
  for (let r = 0; r < m.requestCount; r++) {
    const needs = m.needs[r]!;
    if (state.slotOf[r] === -1 || state.locked[r] || needs.wishedPoliticians === 0) continue;
    const given = state.hostsOf[r]!.filter((h) => m.hostKind[h] === POLITICIAN).length;
    if (given >= needs.wishedPoliticians) continue;
    const limit = Math.min(needs.maxPoliticians, needs.maxSize - needs.minOfficials);
    out.push({
      code: 'wish_not_met',
      requestId: m.requestIds[r]!,
      slotId: m.slotIds[state.slotOf[r]!]!,
      params: { wanted: needs.wishedPoliticians, given, limit },
      message: `${m.requestIds[r]} asked for ${needs.wishedPoliticians} politician(s) and gets ${given}`,
    });
  }
  return out;
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
