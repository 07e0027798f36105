import { type Model, POLITICIAN } from './model.ts';
import { unplacedReason } from './reasons.ts';
import type { PlanState } from './state.ts';
import type { Plan, PlannedVisit, PlanQuality, PlanWarning } from './types.ts';

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

/** Turns a finished state into the engine's answer. */
export function toPlan(
  state: PlanState,
  upperBound: number,
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
  const bound = upperBound;
  const gap = bound - quality.placed;
  return {
    visits,
    unplaced,
    quality,
    upperBound: bound,
    gap,
    gapPercent: bound > 0 ? round((100 * gap) / bound, 3) : 0,
    stats: extra.stats,
    warnings: [...extra.warnings, ...zoneWarnings(m), ...wishWarnings(state)],
  };
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
