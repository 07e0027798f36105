import type { Model } from './model.ts';
import { PlanState } from './state.ts';
import type { MatchingInput, PlannedVisit } from './types.ts';

/**
 * A state with the previous plan registered (for counting changes) and the locked visits placed. Locked visits are
 * recorded in `lockedVisits` by request index and are output verbatim, even when they name unknown slots or hosts.
 */
export function startState(m: Model, input: MatchingInput, lockedVisits: Map<number, PlannedVisit>): PlanState {
  const state = new PlanState(m);
  for (const v of input.previous ?? []) {
    const r = m.requestIndex.get(v.requestId);
    const s = m.slotIndex.get(v.slotId);
    if (r === undefined || s === undefined || state.previousHosts[r] !== null) continue;
    state.setPrevious(
      r,
      s,
      v.hostIds.map((id) => m.hostIndex.get(id) ?? -1),
    );
  }
  for (const v of input.locked ?? []) {
    const r = m.requestIndex.get(v.requestId);
    if (r === undefined || state.locked[r]) continue;
    state.locked[r] = 1;
    lockedVisits.set(r, v);
    const s = m.slotIndex.get(v.slotId);
    // A host no longer in the event is left out of the state (the visit is still output verbatim, with a warning);
    // the others stay booked, so the search never gives a co-host a second visit at the same time.
    const hosts = [...new Set(v.hostIds.map((id) => m.hostIndex.get(id)).filter((h) => h !== undefined))];
    // A locked visit in a slot the event no longer has books nobody; toPlan still counts it as placed.
    if (s !== undefined) state.place(r, s, hosts);
  }
  return state;
}
