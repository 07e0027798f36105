import { type Model, POLITICIAN } from './model.ts';
import { HOST_BUSY, HOST_MAX_VISITS, HOST_OK, HOST_TRAVEL, type PlanState } from './state.ts';
import type { MessageParams, UnplacedReason, UnplacedRequest } from './types.ts';

/**
 * Why request r is not in the plan: the first constraint that, relaxed alone, would let it in. Checked in the order
 * acceptable slots → delegation rules → department/party → availability → travel → max visits → capacity
 * (the hosts who could go are on other visits at that time).
 */
export function unplacedReason(state: PlanState, r: number): UnplacedRequest {
  const m = state.model;
  const requestId = m.requestIds[r]!;
  const needs = m.needs[r]!;
  const slots = m.requestSlots[r]!;
  const slotIds = [...slots].map((s) => m.slotIds[s]!);
  const rules = {
    minPoliticians: needs.minPoliticians,
    maxPoliticians: needs.maxPoliticians,
    minOfficials: needs.minOfficials,
    maxOfficials: needs.maxOfficials,
    maxSize: needs.maxSize,
  };
  const out = (reason: UnplacedReason, params: MessageParams, detail: string): UnplacedRequest => ({ requestId, reason, params, detail });
  if (slots.length === 0) {
    return out('no_acceptable_slot', { slotIds: m.input.requests[r]!.slotIds }, 'none of the requested slots exists');
  }
  if (!needs.satisfiable) {
    return out('composition', rules, 'the delegation rules and the request cannot both be met');
  }
  const allowed = (codes: number[], special: boolean) => slots.some((s) => enough(state, r, s, codes, special));
  if (!allowed([HOST_OK, HOST_BUSY, HOST_MAX_VISITS, HOST_TRAVEL], true)) {
    if (allowed([HOST_OK, HOST_BUSY, HOST_MAX_VISITS, HOST_TRAVEL], false)) {
      const wish = { ...(needs.party ? { party: needs.party } : {}), ...(needs.department ? { department: needs.department } : {}) };
      return out('department_party', { ...wish, slotIds }, 'no available host of the requested department or party');
    }
    const inEvent = hostsInEvent(m);
    if (
      inEvent.politicians < needs.minPoliticians ||
      inEvent.officials < needs.minOfficials ||
      inEvent.politicians + inEvent.officials === 0
    ) {
      return out('composition', { ...rules, ...inEvent }, 'the event has too few hosts of the kinds the rules require');
    }
    return out('availability', { slotIds }, 'too few hosts are available in the requested slots');
  }
  if (allowed([HOST_OK, HOST_TRAVEL], true)) {
    return out(
      'travel',
      { slotIds, hostIds: blocked(state, r, HOST_TRAVEL) },
      'free hosts cannot reach the company in time between visits',
    );
  }
  if (allowed([HOST_OK, HOST_MAX_VISITS], true)) {
    return out('max_visits', { slotIds, hostIds: blocked(state, r, HOST_MAX_VISITS) }, 'free hosts have reached their most visits per day');
  }
  const busy = blocked(state, r, HOST_BUSY);
  // Busy with a visit that is saved (locked in this run) or only with another request of this same plan: before any
  // planning, a request that loses its hosts to others in the queue must not read as if the hosts were booked.
  const takenBy = busy.every((id) => busyOnlyWithLocked(state, r, m.hostIndex.get(id)!)) ? 'booked' : 'planned';
  return out('capacity', { slotIds, hostIds: busy, takenBy }, 'the hosts who could go are on other visits at those times');
}

/** Hosts (ids) who are in one of request r's slots and kept out of its visit by `code`, in input order. */
function blocked(state: PlanState, r: number, code: number): string[] {
  const m = state.model;
  const out = new Set<number>();
  for (const s of m.requestSlots[r]!) for (const h of m.slotHosts[s]!) if (state.hostFits(h, r, s) === code) out.add(h);
  return [...out].sort((a, b) => a - b).map((h) => m.hostIds[h]!);
}

/** Whether every visit that keeps host h busy in request r's slots is a locked one. */
function busyOnlyWithLocked(state: PlanState, r: number, h: number): boolean {
  const m = state.model;
  for (const s of m.requestSlots[r]!) {
    for (const t of [s, ...m.slotOverlaps[s]!]) {
      const q = state.occupant[h * m.slotCount + t]!;
      if (q !== -1 && !state.locked[q]) return false;
    }
  }
  return true;
}

function enough(state: PlanState, r: number, s: number, codes: number[], special: boolean): boolean {
  const m = state.model;
  const needs = m.needs[r]!;
  let politicians = 0;
  let officials = 0;
  let party = !special || m.needParty[r]! < 0;
  let department = !special || m.needDepartment[r]! < 0;
  for (const h of m.slotHosts[s]!) {
    if (!codes.includes(state.hostFits(h, r, s))) continue;
    if (m.hostKind[h] === POLITICIAN) {
      politicians++;
      if (m.hostParty[h] === m.needParty[r]) party = true;
    } else {
      officials++;
      if (m.hostDepartment[h] === m.needDepartment[r]) department = true;
    }
  }
  const someone = (needs.maxPoliticians > 0 && politicians > 0) || (needs.maxOfficials > 0 && officials > 0);
  return party && department && politicians >= needs.minPoliticians && officials >= needs.minOfficials && someone;
}

function hostsInEvent(m: Model): { politicians: number; officials: number } {
  let politicians = 0;
  for (let h = 0; h < m.hostCount; h++) if (m.hostKind[h] === POLITICIAN) politicians++;
  return { politicians, officials: m.hostCount - politicians };
}
