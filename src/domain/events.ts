/**
 * Reading events and their program for the public site and API. Remaining places are counted in the
 * same query as the sessions, so every page and API answer shows the current state.
 */
import type { Kysely } from 'kysely';
import type { Database, EventRow, PrivacyLegalBasis, SessionKind } from '../../db/schema.ts';

export interface LocalizedText {
  sv: string;
  en: string;
}

export interface EventSummary {
  slug: string;
  name: string;
  description: LocalizedText;
  venue: { name: string; address: string };
  timeZone: string;
  startsAt: string;
  endsAt: string;
  status: EventRow['status'];
  registration: {
    opensAt: string;
    closesAt: string;
    isOpen: boolean;
    /** The organisers paused registration ("Pausa anmälan"). */
    paused: boolean;
    maxAttendeesPerCompany: number;
    /** Hours an unconfirmed registration holds its places. */
    confirmationHoldHours: number;
  };
  organiser: { name: string; email: string };
}

export interface ProgramSession {
  id: string;
  kind: SessionKind;
  title: LocalizedText;
  description: LocalizedText;
  startsAt: string;
  endsAt: string;
  room: string;
  topic: { id: string; slug: string; name: LocalizedText } | null;
  capacity: number;
  confirmed: number;
  remaining: number;
  waitlisted: number;
  isFull: boolean;
}

export interface Topic {
  id: string;
  slug: string;
  name: LocalizedText;
}

export interface VisitSlot {
  id: string;
  startsAt: string;
  endsAt: string;
}

/** An area of the municipality; visits in different zones are apart by a travel time. */
export interface Zone {
  id: string;
  name: string;
}

export interface EventDetail extends EventSummary {
  topics: Topic[];
  sessions: ProgramSession[];
  visitSlots: VisitSlot[];
  /** Where a visit may take place, by name; empty when the event does not plan travel. */
  zones: Zone[];
  /** Most politicians on one visit: a company may wish for up to this many. */
  maxPoliticiansPerVisit: number;
}

export function isRegistrationOpen(
  event: Pick<EventRow, 'status' | 'registration_opens_at' | 'registration_closes_at'>,
  now: Date,
): boolean {
  const instant = now.toISOString();
  return event.status === 'published' && instant >= event.registration_opens_at && instant < event.registration_closes_at;
}

function toSummary(row: EventRow, now: Date): EventSummary {
  return {
    slug: row.slug,
    name: row.name,
    description: { sv: row.description_sv, en: row.description_en },
    venue: { name: row.venue_name, address: row.venue_address },
    timeZone: row.time_zone,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    status: row.status,
    registration: {
      opensAt: row.registration_opens_at,
      closesAt: row.registration_closes_at,
      isOpen: isRegistrationOpen(row, now),
      paused: row.registration_paused === 1,
      maxAttendeesPerCompany: row.max_attendees_per_company,
      confirmationHoldHours: row.confirmation_hold_hours,
    },
    organiser: { name: row.organiser_name, email: row.organiser_email },
  };
}

/** Published events, soonest first. */
export async function listPublishedEvents(db: Kysely<Database>, now: Date): Promise<EventSummary[]> {
  const rows = await db.selectFrom('events').selectAll().where('status', '=', 'published').orderBy('starts_at').execute();
  return rows.map((row) => toSummary(row, now));
}

export interface PublicEventList {
  upcoming: EventSummary[];
  past: EventSummary[];
  /** The one event, when the site has only one: then the home page is that event's page. */
  only?: EventSummary;
}

/**
 * The events the public site lists on its home page (published or closed; drafts are not public): those that
 * have not ended first, soonest first, then those that have, latest first.
 */
export async function listPublicEvents(db: Kysely<Database>, now: Date): Promise<PublicEventList> {
  const rows = await db
    .selectFrom('events')
    .selectAll()
    .where('status', 'in', ['published', 'closed'])
    .orderBy('starts_at')
    .orderBy('name')
    .execute();
  const instant = now.toISOString();
  const summaries = rows.map((row) => toSummary(row, now));
  return {
    upcoming: summaries.filter((event) => event.endsAt > instant),
    past: summaries.filter((event) => event.endsAt <= instant).reverse(),
    only: summaries.length === 1 ? summaries[0] : undefined,
  };
}

/** An event as the public may see it: published or closed, never a draft. */
function publicEventRow(db: Kysely<Database>, slug: string): Promise<EventRow | undefined> {
  return db.selectFrom('events').selectAll().where('slug', '=', slug).where('status', 'in', ['published', 'closed']).executeTakeFirst();
}

/** What an event's privacy notice says that is the organiser's to decide (GDPR art. 13), the rest being the product's. */
export interface PrivacyNotice {
  event: Pick<EventSummary, 'slug' | 'name' | 'organiser' | 'endsAt' | 'timeZone'>;
  /** The data controller: the organiser unless the organiser named another body. */
  controller: string;
  /** Whom to ask about personal data: the data protection officer, else the organiser's email. */
  contact: string;
  legalBasis: PrivacyLegalBasis;
  /** Personal data is erased this many days after the event ends. */
  retentionDays: number;
}

/** The privacy notice of a published or closed event, as its registration form links to it. */
export async function getPrivacyNotice(db: Kysely<Database>, slug: string): Promise<PrivacyNotice | undefined> {
  const row = await publicEventRow(db, slug);
  if (!row) return undefined;
  return {
    event: {
      slug: row.slug,
      name: row.name,
      organiser: { name: row.organiser_name, email: row.organiser_email },
      endsAt: row.ends_at,
      timeZone: row.time_zone,
    },
    controller: row.privacy_controller || row.organiser_name,
    contact: row.privacy_contact || row.organiser_email,
    legalBasis: row.privacy_legal_basis,
    retentionDays: row.retention_days,
  };
}

/** The newest published event that has not ended, else the newest published one: what the home page shows. */
export async function findCurrentEventSlug(db: Kysely<Database>, now: Date): Promise<string | undefined> {
  const upcoming = await db
    .selectFrom('events')
    .select('slug')
    .where('status', '=', 'published')
    .where('ends_at', '>', now.toISOString())
    .orderBy('starts_at')
    .limit(1)
    .executeTakeFirst();
  if (upcoming) return upcoming.slug;
  const latest = await db
    .selectFrom('events')
    .select('slug')
    .where('status', 'in', ['published', 'closed'])
    .orderBy('starts_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return latest?.slug;
}

/** A published or closed event with its program and remaining places; drafts are not public. */
export async function getPublicEvent(db: Kysely<Database>, slug: string, now: Date): Promise<EventDetail | undefined> {
  const row = await publicEventRow(db, slug);
  if (!row) return undefined;

  const [topics, sessions, slots, zones] = await Promise.all([
    db.selectFrom('topics').selectAll().where('event_id', '=', row.id).orderBy('sort').orderBy('name_sv').execute(),
    db.selectFrom('sessions as s').selectAll('s').where('s.event_id', '=', row.id).orderBy('s.starts_at').orderBy('s.title_sv').execute(),
    db.selectFrom('visit_slots').selectAll().where('event_id', '=', row.id).orderBy('starts_at').execute(),
    eventZones(db, row.id),
  ]);

  const topicById = new Map(topics.map((t) => [t.id, { id: t.id, slug: t.slug, name: { sv: t.name_sv, en: t.name_en } }]));
  return {
    ...toSummary(row, now),
    topics: [...topicById.values()],
    sessions: sessions.map((s) => {
      const confirmed = s.confirmed_count;
      const remaining = Math.max(0, s.capacity - confirmed);
      return {
        id: s.id,
        kind: s.kind,
        title: { sv: s.title_sv, en: s.title_en },
        description: { sv: s.description_sv, en: s.description_en },
        startsAt: s.starts_at,
        endsAt: s.ends_at,
        room: s.room,
        topic: s.topic_id ? (topicById.get(s.topic_id) ?? null) : null,
        capacity: s.capacity,
        confirmed,
        remaining,
        waitlisted: s.waitlisted_count,
        isFull: remaining === 0,
      };
    }),
    visitSlots: slots.map((slot) => ({ id: slot.id, startsAt: slot.starts_at, endsAt: slot.ends_at })),
    zones,
    maxPoliticiansPerVisit: row.max_politicians,
  };
}

/** An event's zones by name: where its visits may take place. */
export function eventZones(db: Kysely<Database>, eventId: string): Promise<Zone[]> {
  return db.selectFrom('zones').select(['id', 'name']).where('event_id', '=', eventId).orderBy('name').execute();
}
