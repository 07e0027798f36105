/**
 * Reads for the registration service: the event context a registration is checked against, the state of
 * sessions' places (the snapshot a batch asserts), and a whole registration for its owner.
 */
import type { Kysely } from 'kysely';
import type { Database, EventRow } from '../../db/schema.ts';
import { type LiveVisit, loadLiveVisits } from './visit-data.ts';
import type { WaitingPlace } from './waitlist.ts';

export interface EventContext {
  event: EventRow;
  sessions: Map<
    string,
    {
      id: string;
      title: { sv: string; en: string };
      description: { sv: string; en: string };
      startsAt: string;
      endsAt: string;
      room: string;
    }
  >;
  slotIds: Set<string>;
  topicIds: Set<string>;
  /** The event's zones: where a visit request may say the visit takes place. */
  zoneIds: Set<string>;
}

export async function loadEventContext(db: Kysely<Database>, where: { slug: string } | { id: string }): Promise<EventContext | undefined> {
  const event = await db
    .selectFrom('events')
    .selectAll()
    .$if('slug' in where, (q) => q.where('slug', '=', (where as { slug: string }).slug))
    .$if('id' in where, (q) => q.where('id', '=', (where as { id: string }).id))
    .executeTakeFirst();
  if (!event) return undefined;
  const [sessions, slots, topics, zones] = await Promise.all([
    db.selectFrom('sessions').selectAll().where('event_id', '=', event.id).execute(),
    db.selectFrom('visit_slots').select('id').where('event_id', '=', event.id).execute(),
    db.selectFrom('topics').select('id').where('event_id', '=', event.id).execute(),
    db.selectFrom('zones').select('id').where('event_id', '=', event.id).execute(),
  ]);
  return {
    event,
    sessions: new Map(
      sessions.map((s) => [
        s.id,
        {
          id: s.id,
          title: { sv: s.title_sv, en: s.title_en },
          description: { sv: s.description_sv, en: s.description_en },
          startsAt: s.starts_at,
          endsAt: s.ends_at,
          room: s.room,
        },
      ]),
    ),
    slotIds: new Set(slots.map((s) => s.id)),
    topicIds: new Set(topics.map((t) => t.id)),
    zoneIds: new Set(zones.map((z) => z.id)),
  };
}

export interface SessionState {
  sessionId: string;
  capacity: number;
  version: number;
  confirmedCount: number;
  waitlist: WaitingPlace[];
}

/** The places of the given sessions as they are now: what a batch asserts has not changed. */
export async function loadSessionStates(db: Kysely<Database>, sessionIds: readonly string[]): Promise<Map<string, SessionState>> {
  if (sessionIds.length === 0) return new Map();
  const [sessions, waiting] = await Promise.all([
    db.selectFrom('sessions').select(['id', 'capacity', 'places_version', 'confirmed_count']).where('id', 'in', sessionIds).execute(),
    db
      .selectFrom('session_places')
      .select(['id', 'session_id', 'attendee_id', 'waitlist_position'])
      .where('session_id', 'in', sessionIds)
      .where('status', '=', 'waitlisted')
      .orderBy('waitlist_position')
      .execute(),
  ]);
  const states = new Map<string, SessionState>();
  for (const s of sessions) {
    states.set(s.id, {
      sessionId: s.id,
      capacity: s.capacity,
      version: s.places_version,
      confirmedCount: s.confirmed_count,
      waitlist: [],
    });
  }
  for (const w of waiting) {
    states.get(w.session_id)?.waitlist.push({ placeId: w.id, attendeeId: w.attendee_id, position: w.waitlist_position ?? 0 });
  }
  return states;
}

export interface StoredPlace {
  placeId: string;
  sessionId: string;
  status: 'confirmed' | 'waitlisted';
  position: number | null;
}

export interface StoredRegistration {
  id: string;
  eventId: string;
  status: 'active' | 'cancelled' | 'erased';
  language: 'sv' | 'en';
  company: { orgNumber: string; name: string; industry: string; street: string; postalCode: string; city: string };
  contact: { name: string; email: string; phone: string };
  viewpointText: string;
  viewpointTopicIds: string[];
  consentAt: string;
  createdAt: string;
  updatedAt: string;
  manageTokenExpiresAt: string;
  /** Generation of the derived manage link (see manage-links.ts); -1 for a legacy random token. */
  manageTokenGeneration: number;
  /** When the contact confirmed their address; null: not yet (src/domain/confirmation.ts). */
  confirmedAt: string | null;
  attendees: { id: string; name: string; email: string; places: StoredPlace[] }[];
  visitRequest: {
    id: string;
    slotIds: string[];
    topicIds: string[];
    participants: number;
    message: string;
    zoneId: string | null;
    politicians: number | null;
    street: string;
    postalCode: string;
    city: string;
    /** When the company first asked for a visit: its place in the queue for visits (kept across changes). */
    createdAt: string;
  } | null;
  /** The confirmed visit of the active request, as its invite describes it; null while none is confirmed. */
  visit: LiveVisit | null;
}

/** A registration with everything its owner may see, found by id or by the hash of its manage token. */
export async function loadRegistration(
  db: Kysely<Database>,
  where: { id: string } | { tokenHash: string },
): Promise<StoredRegistration | undefined> {
  const row = await db
    .selectFrom('registrations as r')
    .select([
      'r.id',
      'r.event_id',
      'r.status',
      'r.language',
      'r.contact_name',
      'r.contact_email',
      'r.contact_phone',
      'r.viewpoint_text',
      'r.consent_at',
      'r.created_at',
      'r.updated_at',
      'r.manage_token_expires_at',
      'r.manage_token_generation',
      'r.confirmed_at',
      'r.company_org_number',
      'r.company_name',
      'r.company_industry',
      'r.company_street',
      'r.company_postal_code',
      'r.company_city',
    ])
    .$if('id' in where, (q) => q.where('r.id', '=', (where as { id: string }).id))
    .$if('tokenHash' in where, (q) => q.where('r.manage_token_hash', '=', (where as { tokenHash: string }).tokenHash))
    .executeTakeFirst();
  if (!row) return undefined;

  const [attendees, places, topics, request] = await Promise.all([
    db.selectFrom('attendees').selectAll().where('registration_id', '=', row.id).where('removed_at', 'is', null).orderBy('sort').execute(),
    db
      .selectFrom('session_places as p')
      .innerJoin('attendees as a', 'a.id', 'p.attendee_id')
      .select(['p.id', 'p.attendee_id', 'p.session_id', 'p.status', 'p.waitlist_position'])
      .where('a.registration_id', '=', row.id)
      .where('p.status', '<>', 'cancelled')
      .execute(),
    db.selectFrom('registration_topics').select('topic_id').where('registration_id', '=', row.id).execute(),
    db.selectFrom('visit_requests').selectAll().where('registration_id', '=', row.id).where('status', '=', 'active').executeTakeFirst(),
  ]);
  const [requestSlots, requestTopics, confirmedVisit] = request
    ? await Promise.all([
        db.selectFrom('visit_request_slots').select('slot_id').where('request_id', '=', request.id).execute(),
        db.selectFrom('visit_request_topics').select('topic_id').where('request_id', '=', request.id).execute(),
        db.selectFrom('visits').select('id').where('request_id', '=', request.id).where('status', '=', 'confirmed').executeTakeFirst(),
      ])
    : [[], [], undefined];
  const [visit] = confirmedVisit ? await loadLiveVisits(db, row.event_id, [confirmedVisit.id]) : [];

  return {
    id: row.id,
    eventId: row.event_id,
    status: row.status,
    language: row.language,
    company: {
      orgNumber: row.company_org_number,
      name: row.company_name,
      industry: row.company_industry,
      street: row.company_street,
      postalCode: row.company_postal_code,
      city: row.company_city,
    },
    contact: { name: row.contact_name, email: row.contact_email, phone: row.contact_phone },
    viewpointText: row.viewpoint_text,
    viewpointTopicIds: topics.map((t) => t.topic_id),
    consentAt: row.consent_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    manageTokenExpiresAt: row.manage_token_expires_at,
    manageTokenGeneration: row.manage_token_generation,
    confirmedAt: row.confirmed_at,
    attendees: attendees.map((a) => ({
      id: a.id,
      name: a.name,
      email: a.email,
      places: places
        .filter((p) => p.attendee_id === a.id)
        .map((p) => ({
          placeId: p.id,
          sessionId: p.session_id,
          status: p.status as 'confirmed' | 'waitlisted',
          position: p.waitlist_position,
        })),
    })),
    visitRequest: request
      ? {
          id: request.id,
          slotIds: requestSlots.map((s) => s.slot_id),
          topicIds: requestTopics.map((t) => t.topic_id),
          participants: request.participants,
          message: request.message,
          zoneId: request.zone_id,
          politicians: request.wants_politician_count,
          street: request.street,
          postalCode: request.postal_code,
          city: request.city,
          createdAt: request.created_at,
        }
      : null,
    visit: visit ?? null,
  };
}

/** The SEQUENCE the next message for each UID carries: one more than the last sent, 0 for a UID never sent. */
export async function loadNextSequences(db: Kysely<Database>, uids: readonly string[]): Promise<(uid: string) => number> {
  const sequences = await loadCalendarSequences(db, uids);
  return (uid) => (sequences.get(uid) ?? -1) + 1;
}

/** Current SEQUENCE of calendar items, by uid (absent: never sent). */
export async function loadCalendarSequences(db: Kysely<Database>, uids: readonly string[]): Promise<Map<string, number>> {
  if (uids.length === 0) return new Map();
  const rows = await db.selectFrom('calendar_items').select(['uid', 'sequence']).where('uid', 'in', uids).execute();
  return new Map(rows.map((r) => [r.uid, r.sequence]));
}
