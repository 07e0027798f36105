/**
 * Reading what visit planning needs: the engine's input built from the database, and visits with their
 * company, address and delegation for invites and the planning board.
 */
import type { Kysely } from 'kysely';
import type { Database, EventRow } from '../../db/schema.ts';
import type { MatchingInput, PlannedVisit } from '../matching/index.ts';
import type { RuleBreach } from './visit-override-text.ts';

export async function loadMatchingInput(db: Kysely<Database>, event: EventRow): Promise<{ input: MatchingInput; liveVisits: LiveVisit[] }> {
  const [requests, requestSlots, requestTopics, hosts, hostTopics, availability, slots, zones, travel, liveVisits] = await Promise.all([
    db
      .selectFrom('visit_requests as q')
      .innerJoin('registrations as r', 'r.id', 'q.registration_id')
      .select([
        'q.id',
        'q.zone_id',
        'q.participants',
        'q.wants_department',
        'q.wants_party',
        'q.wants_politician_count',
        'q.priority',
        'q.created_at',
      ])
      .where('q.event_id', '=', event.id)
      .where('q.status', '=', 'active')
      .where('r.status', '=', 'active')
      .orderBy('q.created_at')
      .execute(),
    db
      .selectFrom('visit_request_slots as s')
      .innerJoin('visit_requests as q', 'q.id', 's.request_id')
      .select(['s.request_id', 's.slot_id'])
      .where('q.event_id', '=', event.id)
      .execute(),
    db
      .selectFrom('visit_request_topics as t')
      .innerJoin('visit_requests as q', 'q.id', 't.request_id')
      .select(['t.request_id', 't.topic_id'])
      .where('q.event_id', '=', event.id)
      .execute(),
    db.selectFrom('hosts').selectAll().where('event_id', '=', event.id).orderBy('name').execute(),
    db
      .selectFrom('host_topics as t')
      .innerJoin('hosts as h', 'h.id', 't.host_id')
      .select(['t.host_id', 't.topic_id'])
      .where('h.event_id', '=', event.id)
      .execute(),
    db
      .selectFrom('host_availability as a')
      .innerJoin('hosts as h', 'h.id', 'a.host_id')
      .select(['a.host_id', 'a.slot_id'])
      .where('h.event_id', '=', event.id)
      .execute(),
    db.selectFrom('visit_slots').selectAll().where('event_id', '=', event.id).orderBy('starts_at').execute(),
    db.selectFrom('zones').selectAll().where('event_id', '=', event.id).execute(),
    db
      .selectFrom('travel_times as t')
      .innerJoin('zones as z', 'z.id', 't.from_zone_id')
      .select(['t.from_zone_id', 't.to_zone_id', 't.minutes'])
      .where('z.event_id', '=', event.id)
      .execute(),
    loadLiveVisits(db, event.id),
  ]);
  const group = <T extends { [k: string]: string }>(rows: T[], key: keyof T, value: keyof T) => {
    const map = new Map<string, string[]>();
    for (const row of rows) map.set(row[key] as string, [...(map.get(row[key] as string) ?? []), row[value] as string]);
    return map;
  };
  const slotsByRequest = group(requestSlots, 'request_id', 'slot_id');
  const topicsByRequest = group(requestTopics, 'request_id', 'topic_id');
  const topicsByHost = group(hostTopics, 'host_id', 'topic_id');
  const availabilityByHost = group(availability, 'host_id', 'slot_id');
  const toPlanned = (v: LiveVisit): PlannedVisit => ({ requestId: v.requestId, slotId: v.slotId, hostIds: v.hosts.map((h) => h.id) });

  return {
    liveVisits,
    input: {
      requests: requests.map((q, index) => ({
        id: q.id,
        slotIds: slotsByRequest.get(q.id) ?? [],
        topicIds: topicsByRequest.get(q.id) ?? [],
        zoneId: q.zone_id,
        participants: q.participants,
        wantsDepartment: q.wants_department,
        wantsParty: q.wants_party,
        wantsPoliticianCount: q.wants_politician_count,
        priority: q.priority,
        arrival: index,
      })),
      hosts: hosts.map((h) => ({
        id: h.id,
        kind: h.kind,
        party: h.party,
        department: h.department,
        topicIds: topicsByHost.get(h.id) ?? [],
        availableSlotIds: availabilityByHost.get(h.id) ?? [],
        maxVisitsPerDay: h.max_visits_per_day,
        startZoneId: h.start_zone_id,
      })),
      slots: slots.map((s) => ({ id: s.id, startsAt: s.starts_at, endsAt: s.ends_at })),
      zones: zones.map((z) => ({ id: z.id, latitude: z.latitude, longitude: z.longitude })),
      travelTimes: travel.map((t) => ({ fromZoneId: t.from_zone_id, toZoneId: t.to_zone_id, minutes: t.minutes })),
      rules: {
        minPoliticians: event.min_politicians,
        maxPoliticians: event.max_politicians,
        minOfficials: event.min_officials,
        maxOfficials: event.max_officials,
        maxDelegationSize: event.max_delegation_size,
        transferBufferMinutes: event.transfer_buffer_minutes,
        allowDepartmentRequest: event.allow_department_request === 1,
        allowPartyRequest: event.allow_party_request === 1,
      },
      // Confirmed and locked visits stay exactly as they are; proposals may move.
      locked: liveVisits.filter((v) => v.status === 'confirmed' || v.locked).map(toPlanned),
      previous: liveVisits.map(toPlanned),
      timeZone: event.time_zone,
    },
  };
}

/** A visit an organiser kept against planning rules: which rules, who chose to keep it, and when. */
export interface VisitOverride {
  /** Each broken rule with its code and parameters (kept breaches stored before parameters have none). */
  rules: (RuleBreach & { message: string })[];
  by: string;
  at: string;
}

export interface VisitHost {
  id: string;
  name: string;
  email: string;
  kind: 'politician' | 'official';
  /** How the host is presented: "Ordförande, Tekniska nämnden (KD)" or "Gatuchef, Tekniska divisionen". */
  role: string;
}

export interface LiveVisit {
  id: string;
  requestId: string;
  slotId: string;
  startsAt: string;
  endsAt: string;
  status: 'proposed' | 'confirmed';
  locked: boolean;
  calendarUid: string;
  /** When the visit row last changed: a batch that acts on a snapshot asserts it is still this. */
  updatedAt: string;
  /** Set when an organiser kept the visit against a rule; shown wherever the visit is. */
  override: VisitOverride | null;
  company: {
    registrationId: string;
    /** Generation of the registration's manage link, to put the link in the company's emails (manage-links.ts). */
    manageTokenGeneration: number;
    name: string;
    language: 'sv' | 'en';
    contactName: string;
    contactEmail: string;
    contactPhone: string;
  };
  address: string;
  participants: number;
  message: string;
  topics: { sv: string; en: string }[];
  hosts: VisitHost[];
}

export const hostRole = (h: { kind: string; party: string | null; roles: string; title: string; department: string | null }) =>
  h.kind === 'politician'
    ? [h.roles, h.party ? `(${h.party})` : ''].filter(Boolean).join(' ')
    : [h.title, h.department].filter(Boolean).join(', ');

/** Visits that are proposed or confirmed (not cancelled), with everything invites and the board show. */
export async function loadLiveVisits(db: Kysely<Database>, eventId: string, visitIds?: readonly string[]): Promise<LiveVisit[]> {
  let query = db
    .selectFrom('visits as v')
    .innerJoin('visit_slots as s', 's.id', 'v.slot_id')
    .innerJoin('visit_requests as q', 'q.id', 'v.request_id')
    .innerJoin('registrations as r', 'r.id', 'q.registration_id')
    .select([
      'v.id',
      'v.request_id',
      'v.slot_id',
      'v.status',
      'v.locked',
      'v.calendar_uid',
      'v.updated_at',
      'v.override_json',
      's.starts_at',
      's.ends_at',
      'q.street',
      'q.postal_code',
      'q.city',
      'q.participants',
      'q.message',
      'r.company_name as company',
      'r.language',
      'r.id as registration_id',
      'r.manage_token_generation',
      'r.contact_name',
      'r.contact_email',
      'r.contact_phone',
    ])
    .where('v.event_id', '=', eventId)
    .where('v.status', '<>', 'cancelled');
  if (visitIds) query = query.where('v.id', 'in', visitIds.length ? visitIds : ['']);
  const visits = await query.orderBy('s.starts_at').execute();
  if (visits.length === 0) return [];
  const ids = visits.map((v) => v.id);
  const [hosts, topics] = await Promise.all([
    db
      .selectFrom('visit_hosts as vh')
      .innerJoin('hosts as h', 'h.id', 'vh.host_id')
      .select(['vh.visit_id', 'h.id', 'h.name', 'h.email', 'h.kind', 'h.party', 'h.roles', 'h.title', 'h.department'])
      .where('vh.visit_id', 'in', ids)
      .where('vh.released_at', 'is', null)
      .orderBy('h.kind', 'desc')
      .orderBy('h.name')
      .execute(),
    db
      .selectFrom('visit_request_topics as t')
      .innerJoin('topics as tp', 'tp.id', 't.topic_id')
      .innerJoin('visits as v', 'v.request_id', 't.request_id')
      .select(['v.id as visit_id', 'tp.name_sv', 'tp.name_en'])
      .where('v.id', 'in', ids)
      .orderBy('tp.sort')
      .execute(),
  ]);
  return visits.map((v) => ({
    id: v.id,
    requestId: v.request_id,
    slotId: v.slot_id,
    startsAt: v.starts_at,
    endsAt: v.ends_at,
    status: v.status as 'proposed' | 'confirmed',
    locked: v.locked === 1,
    calendarUid: v.calendar_uid,
    updatedAt: v.updated_at,
    override: v.override_json ? (JSON.parse(v.override_json) as VisitOverride) : null,
    company: {
      registrationId: v.registration_id,
      manageTokenGeneration: v.manage_token_generation,
      name: v.company,
      language: v.language,
      contactName: v.contact_name,
      contactEmail: v.contact_email,
      contactPhone: v.contact_phone,
    },
    address: `${v.street}, ${v.postal_code} ${v.city}`,
    participants: v.participants,
    message: v.message,
    topics: topics.filter((t) => t.visit_id === v.id).map((t) => ({ sv: t.name_sv, en: t.name_en })),
    hosts: hosts
      .filter((h) => h.visit_id === v.id)
      .map((h) => ({ id: h.id, name: h.name, email: h.email, kind: h.kind, role: hostRole(h) })),
  }));
}
