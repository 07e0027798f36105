import { type Model, POLITICIAN } from './model.ts';
import { HOST_BUSY, HOST_MAX_VISITS, HOST_OK, HOST_TRAVEL, type PlanState } from './state.ts';
import type { UnplacedRequest } from './types.ts';

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
  if (slots.length === 0) {
    return { requestId, reason: 'no_acceptable_slot', detail: 'none of the requested slots exists' };
  }
  if (!needs.satisfiable) {
    return { requestId, reason: 'composition', detail: 'the delegation rules and the request cannot both be met' };
  }
  const allowed = (codes: number[], special: boolean) => slots.some((s) => enough(state, r, s, codes, special));
  if (!allowed([HOST_OK, HOST_BUSY, HOST_MAX_VISITS, HOST_TRAVEL], true)) {
    if (allowed([HOST_OK, HOST_BUSY, HOST_MAX_VISITS, HOST_TRAVEL], false)) {
      return { requestId, reason: 'department_party', detail: 'no available host of the requested department or party' };
    }
    if (!enoughInEvent(m, r)) {
      return { requestId, reason: 'composition', detail: 'the event has too few hosts of the kinds the rules require' };
    }
    return { requestId, reason: 'availability', detail: 'too few hosts are available in the requested slots' };
  }
  if (allowed([HOST_OK, HOST_TRAVEL], true)) {
    return { requestId, reason: 'travel', detail: 'free hosts cannot reach the company in time between visits' };
  }
  if (allowed([HOST_OK, HOST_MAX_VISITS], true)) {
    return { requestId, reason: 'max_visits', detail: 'free hosts have reached their most visits per day' };
  }
  return { requestId, reason: 'capacity', detail: 'the hosts who could go are on other visits at those times' };
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

function enoughInEvent(m: Model, r: number): boolean {
  const needs = m.needs[r]!;
  let politicians = 0;
  let officials = 0;
  for (let h = 0; h < m.hostCount; h++) {
    if (m.hostKind[h] === POLITICIAN) politicians++;
    else officials++;
  }
  return politicians >= needs.minPoliticians && officials >= needs.minOfficials && politicians + officials > 0;
}
