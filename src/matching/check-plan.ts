import { localDayOf } from './days.ts';
import { requestNeeds, resolveRules } from './rules.ts';
import { planningTravel } from './travel.ts';
import type { MatchHost, MatchingInput, MatchSlot, PlannedVisit, PlanViolation } from './types.ts';

/**
 * Checks every hard rule of a plan against its input, independently of the engine (it shares only the rule
 * definitions: delegation needs, travel-time lookup and local days). Empty when the plan is valid. Meant for tests
 * and for the organiser's manual changes.
 */
export function checkPlan(input: MatchingInput, visits: readonly PlannedVisit[]): PlanViolation[] {
  const rules = resolveRules(input);
  const out: PlanViolation[] = [];
  const requests = new Map(input.requests.map((r) => [r.id, r]));
  const hosts = new Map(input.hosts.map((h) => [h.id, h]));
  const slots = new Map(input.slots.map((s) => [s.id, s]));
  const travel = planningTravel(input);
  const dayOf = localDayOf(input.timeZone ?? 'Europe/Stockholm');
  const seen = new Set<string>();
  const byHost = new Map<string, { visit: PlannedVisit; slot: MatchSlot; zone: string | null }[]>();

  for (const visit of visits) {
    const request = requests.get(visit.requestId);
    const slot = slots.get(visit.slotId);
    const at = { requestId: visit.requestId, slotId: visit.slotId };
    if (!request) {
      out.push({ code: 'unknown_request', params: {}, message: `unknown request ${visit.requestId}`, ...at });
      continue;
    }
    if (seen.has(visit.requestId))
      out.push({ code: 'duplicate_request', params: {}, message: `request ${visit.requestId} visited twice`, ...at });
    seen.add(visit.requestId);
    if (!slot) {
      out.push({ code: 'unknown_slot', params: {}, message: `unknown slot ${visit.slotId}`, ...at });
      continue;
    }
    if (!request.slotIds.includes(visit.slotId)) {
      out.push({
        code: 'slot_not_acceptable',
        params: { slotIds: request.slotIds },
        message: `request ${request.id} does not accept slot ${slot.id}`,
        ...at,
      });
    }
    const delegation: MatchHost[] = [];
    for (const hostId of visit.hostIds) {
      const host = hosts.get(hostId);
      if (!host) {
        out.push({ code: 'unknown_host', params: {}, message: `unknown host ${hostId}`, ...at, hostId });
        continue;
      }
      if (delegation.includes(host)) {
        out.push({ code: 'composition', params: { count: 2 }, message: `host ${hostId} twice in one delegation`, ...at, hostId });
        continue;
      }
      delegation.push(host);
      if (!host.availableSlotIds.includes(slot.id)) {
        out.push({ code: 'host_unavailable', params: {}, message: `host ${hostId} is not available in slot ${slot.id}`, ...at, hostId });
      }
      const list = byHost.get(hostId) ?? [];
      list.push({ visit, slot, zone: request.zoneId });
      byHost.set(hostId, list);
    }
    const needs = requestNeeds(request, rules);
    const politicians = delegation.filter((h) => h.kind === 'politician');
    const officials = delegation.filter((h) => h.kind === 'official');
    const size = politicians.length + officials.length;
    if (
      size < 1 ||
      size > needs.maxSize ||
      politicians.length < needs.minPoliticians ||
      politicians.length > needs.maxPoliticians ||
      officials.length < needs.minOfficials ||
      officials.length > needs.maxOfficials
    ) {
      out.push({
        code: 'composition',
        params: {
          politicians: politicians.length,
          officials: officials.length,
          minPoliticians: needs.minPoliticians,
          maxPoliticians: needs.maxPoliticians,
          minOfficials: needs.minOfficials,
          maxOfficials: needs.maxOfficials,
          maxSize: needs.maxSize,
        },
        message: `delegation of ${request.id} has ${politicians.length} politician(s) and ${officials.length} official(s)`,
        ...at,
      });
    }
    if (needs.party && !politicians.some((h) => h.party === needs.party)) {
      out.push({
        code: 'department_party',
        params: { party: needs.party },
        message: `no politician of ${needs.party} visits ${request.id}`,
        ...at,
      });
    }
    if (needs.department && !officials.some((h) => h.department === needs.department)) {
      out.push({
        code: 'department_party',
        params: { department: needs.department },
        message: `no official of ${needs.department} visits ${request.id}`,
        ...at,
      });
    }
  }

  for (const [hostId, list] of byHost) {
    const host = hosts.get(hostId)!;
    list.sort((a, b) => Date.parse(a.slot.startsAt) - Date.parse(b.slot.startsAt));
    const perDay = new Map<string, number>();
    for (const entry of list) {
      const day = dayOf(entry.slot.startsAt);
      perDay.set(day, (perDay.get(day) ?? 0) + 1);
    }
    for (const [day, count] of perDay) {
      if (count > host.maxVisitsPerDay) {
        out.push({
          code: 'max_visits',
          params: {
            count,
            limit: host.maxVisitsPerDay,
            day,
            slotIds: list.filter((e) => dayOf(e.slot.startsAt) === day).map((e) => e.slot.id),
          },
          message: `host ${hostId} has ${count} visits on ${day} (max ${host.maxVisitsPerDay})`,
          hostId,
        });
      }
    }
    for (let i = 0; i < list.length; i++) {
      const a = list[i]!;
      for (let j = i + 1; j < list.length; j++) {
        const b = list[j]!;
        const aStart = Date.parse(a.slot.startsAt);
        const aEnd = Date.parse(a.slot.endsAt);
        const bStart = Date.parse(b.slot.startsAt);
        const bEnd = Date.parse(b.slot.endsAt);
        if (aStart < bEnd && bStart < aEnd) {
          out.push({
            code: 'host_double_booked',
            params: { otherRequestId: a.visit.requestId, otherSlotId: a.slot.id },
            message: `host ${hostId} is in ${a.visit.requestId} and ${b.visit.requestId} at once`,
            requestId: b.visit.requestId,
            hostId,
            slotId: b.slot.id,
          });
        } else if (j === i + 1) {
          // Sorted by start and not overlapping: a ends before b starts.
          const need = (travel(a.zone, b.zone) + rules.transferBufferMinutes) * 60_000;
          if (aEnd + need > bStart) {
            out.push({
              code: 'travel',
              params: {
                otherRequestId: a.visit.requestId,
                otherSlotId: a.slot.id,
                minutesNeeded: need / 60_000,
                minutesAvailable: Math.round((bStart - aEnd) / 60_000),
              },
              message: `host ${hostId} cannot get from ${a.visit.requestId} to ${b.visit.requestId} in time`,
              requestId: b.visit.requestId,
              hostId,
              slotId: b.slot.id,
            });
          }
        }
      }
    }
  }

  const planned = new Map(visits.map((v) => [v.requestId, v]));
  for (const lock of input.locked ?? []) {
    const visit = planned.get(lock.requestId);
    if (!visit || visit.slotId !== lock.slotId || !sameHosts(visit.hostIds, lock.hostIds)) {
      out.push({
        code: 'locked_changed',
        params: {},
        message: `locked visit of ${lock.requestId} changed`,
        requestId: lock.requestId,
        slotId: lock.slotId,
      });
    }
  }
  return out;
}

/** True when two delegations hold the same hosts, in any order. */
export function sameHosts(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((id) => set.has(id));
}
