/**
 * Kysely table types for db/migrations/*.sql. Keep in step with the migrations: a test compares the
 * columns declared here with the columns SQLite reports after migrating.
 */
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/** UTC ISO-8601 instant stored as text, e.g. `2027-08-26T07:00:00.000Z`. */
export type Instant = string;
/** SQLite has no boolean: 0 or 1. */
export type Flag = 0 | 1;

export interface OrganisersTable {
  id: string;
  email: string;
  name: string;
  role: 'admin' | 'organiser';
  created_at: Instant;
  disabled_at: Instant | null;
}

/** GDPR art. 6(1): (e) a task in the public interest, (f) legitimate interests, (a) consent. */
export type PrivacyLegalBasis = 'public_interest' | 'legitimate_interest' | 'consent';

export interface EventsTable {
  id: string;
  slug: string;
  name: string;
  description_sv: Generated<string>;
  description_en: Generated<string>;
  venue_name: string;
  venue_address: string;
  time_zone: Generated<string>;
  starts_at: Instant;
  ends_at: Instant;
  registration_opens_at: Instant;
  registration_closes_at: Instant;
  status: Generated<'draft' | 'published' | 'closed'>;
  organiser_name: string;
  organiser_email: string;
  min_politicians: Generated<number>;
  max_politicians: Generated<number>;
  min_officials: Generated<number>;
  max_officials: Generated<number>;
  max_delegation_size: Generated<number>;
  transfer_buffer_minutes: Generated<number>;
  allow_department_request: Generated<Flag>;
  allow_party_request: Generated<Flag>;
  /** 1: the scheduled job places and confirms what the queue for visits can place (migration 0008). */
  serve_visit_queue: Generated<Flag>;
  retention_days: Generated<number>;
  /** Hours an unconfirmed registration holds its places before they are released (migration 0010). */
  confirmation_hold_hours: Generated<number>;
  /** Most attendees one registration may list (migration 0010). */
  max_attendees_per_company: Generated<number>;
  /** More registrations than this within ten minutes alert the organisers (migration 0010). */
  burst_alert_threshold: Generated<number>;
  /** When the organisers were last alerted of a burst of registrations. */
  burst_alerted_at: Instant | null;
  /** 1: the public form and API take no new registrations and no changes. */
  registration_paused: Generated<Flag>;
  /** The privacy notice's data controller; empty: the organiser (migration 0014). */
  privacy_controller: Generated<string>;
  /** Whom to ask about personal data, e.g. the data protection officer; empty: the organiser's email (migration 0014). */
  privacy_contact: Generated<string>;
  privacy_legal_basis: Generated<PrivacyLegalBasis>;
  personal_data_erased_at: Instant | null;
  copied_from_event_id: string | null;
  created_at: Instant;
  updated_at: Instant;
}

export interface EventOrganisersTable {
  event_id: string;
  organiser_id: string;
}

export interface TopicsTable {
  id: string;
  event_id: string;
  slug: string;
  name_sv: string;
  name_en: string;
  sort: Generated<number>;
}

export type SessionKind = 'dialogue' | 'seminar' | 'breakfast' | 'other';

export interface SessionsTable {
  id: string;
  event_id: string;
  kind: Generated<SessionKind>;
  title_sv: string;
  title_en: string;
  description_sv: Generated<string>;
  description_en: Generated<string>;
  starts_at: Instant;
  ends_at: Instant;
  room: Generated<string>;
  capacity: number;
  topic_id: string | null;
  created_at: Instant;
  updated_at: Instant;
  places_version: Generated<number>;
  /** Kept by triggers on session_places (migration 0007); never written by the application. */
  confirmed_count: Generated<number>;
  waitlisted_count: Generated<number>;
}

export interface ZonesTable {
  id: string;
  event_id: string;
  name: string;
  latitude: number | null;
  longitude: number | null;
}

export interface TravelTimesTable {
  from_zone_id: string;
  to_zone_id: string;
  minutes: number;
}

export interface VisitSlotsTable {
  id: string;
  event_id: string;
  starts_at: Instant;
  ends_at: Instant;
}

export type HostKind = 'politician' | 'official';

export interface HostsTable {
  id: string;
  event_id: string;
  kind: HostKind;
  name: string;
  email: string;
  phone: Generated<string>;
  party: string | null;
  roles: Generated<string>;
  department: string | null;
  title: Generated<string>;
  max_visits_per_day: Generated<number>;
  start_zone_id: string | null;
  access_token_hash: string | null;
  feed_token_hash: string | null;
  created_at: Instant;
  updated_at: Instant;
}

export interface HostTopicsTable {
  host_id: string;
  topic_id: string;
}

export interface HostAvailabilityTable {
  host_id: string;
  slot_id: string;
}

export interface RegistrationsTable {
  id: string;
  event_id: string;
  status: Generated<'active' | 'cancelled' | 'erased'>;
  contact_name: string;
  contact_email: string;
  contact_phone: string;
  language: Generated<'sv' | 'en'>;
  viewpoint_text: Generated<string>;
  consent_at: Instant;
  manage_token_hash: string;
  /** Generation of the derived manage link (-1: a legacy random token). */
  manage_token_generation: Generated<number>;
  manage_token_expires_at: Instant;
  created_at: Instant;
  updated_at: Instant;
  cancelled_at: Instant | null;
  erased_at: Instant | null;
  /** When the contact confirmed their address (migration 0010); null: not yet, only the confirmation email goes out. */
  confirmed_at: Instant | null;
  /**
   * The company as this registration gave it (migration 0011): no other registration, for this event or another,
   * reads or changes it. The organisation number is ten digits, '' once erased.
   */
  company_org_number: string;
  company_name: string;
  company_industry: string;
  company_street: string;
  company_postal_code: string;
  company_city: string;
}

export interface RegistrationTopicsTable {
  registration_id: string;
  topic_id: string;
}

export interface AttendeesTable {
  id: string;
  registration_id: string;
  name: string;
  email: string;
  sort: Generated<number>;
  checked_in_at: Instant | null;
  created_at: Instant;
  removed_at: Instant | null;
}

export interface SessionPlacesTable {
  id: string;
  session_id: string;
  attendee_id: string;
  status: 'confirmed' | 'waitlisted' | 'cancelled';
  waitlist_position: number | null;
  created_at: Instant;
  confirmed_at: Instant | null;
  cancelled_at: Instant | null;
}

export interface VisitRequestsTable {
  id: string;
  event_id: string;
  registration_id: string;
  status: Generated<'active' | 'withdrawn'>;
  zone_id: string | null;
  street: string;
  postal_code: string;
  city: string;
  participants: number;
  message: Generated<string>;
  wants_department: string | null;
  wants_party: string | null;
  /** Politicians the company would like to meet (1–9), a wish; null: none. */
  wants_politician_count: number | null;
  priority: Generated<number>;
  created_at: Instant;
  updated_at: Instant;
  withdrawn_at: Instant | null;
}

export interface VisitRequestSlotsTable {
  request_id: string;
  slot_id: string;
}

export interface VisitRequestTopicsTable {
  request_id: string;
  topic_id: string;
}

export interface VisitsTable {
  id: string;
  event_id: string;
  request_id: string;
  slot_id: string;
  status: Generated<'proposed' | 'confirmed' | 'cancelled'>;
  locked: Generated<Flag>;
  calendar_uid: string;
  created_at: Instant;
  updated_at: Instant;
  confirmed_at: Instant | null;
  cancelled_at: Instant | null;
  /** JSON of a kept rule breach: `{ rules: [{ code, message }], by, at }`; null when the visit keeps every rule. */
  override_json: string | null;
}

export interface VisitHostsTable {
  visit_id: string;
  host_id: string;
  slot_id: string;
  released_at: Instant | null;
}

export interface CalendarItemsTable {
  uid: string;
  event_id: string;
  sequence: Generated<number>;
  last_method: 'REQUEST' | 'CANCEL' | null;
  last_ics: string | null;
  updated_at: Instant;
}

export interface OutboxTable {
  id: string;
  event_id: string | null;
  kind: string;
  language: Generated<'sv' | 'en'>;
  to_address: string;
  subject: string;
  html: string;
  text: string;
  ics: string | null;
  ics_method: 'REQUEST' | 'CANCEL' | 'PUBLISH' | null;
  status: Generated<'pending' | 'sending' | 'sent' | 'failed'>;
  attempts: Generated<number>;
  next_attempt_at: Instant;
  lease_until: Instant | null;
  last_error: string | null;
  provider_message_id: string | null;
  /** The registration whose contact or attendee the message is for (migration 0009); null for organisers and hosts. */
  registration_id: string | null;
  /** 1: waits for its registration's contact to confirm; never claimed by the sender (migration 0010). */
  held: Generated<Flag>;
  created_at: Instant;
  sent_at: Instant | null;
}

/** A proposal kept for review on the planning board (migration 0015); see src/domain/plan-drafts.ts. */
export interface PlanDraftsTable {
  id: string;
  event_id: string;
  /** Who asked for the proposal: the organiser's label, as the audit log writes it. */
  created_by: string;
  plan_json: string;
  changes_json: string;
  created_at: Instant;
}

export interface DeliveryEventsTable {
  id: string;
  outbox_id: string;
  type: string;
  occurred_at: Instant;
  detail: Generated<string>;
}

export interface LoginTokensTable {
  id: string;
  organiser_id: string;
  token_hash: string;
  expires_at: Instant;
  used_at: Instant | null;
  created_at: Instant;
}

export interface OrganiserSessionsTable {
  id: string;
  organiser_id: string;
  token_hash: string;
  created_at: Instant;
  last_seen_at: Instant;
  expires_at: Instant;
  revoked_at: Instant | null;
}

export interface ApiTokensTable {
  id: string;
  organiser_id: string;
  name: string;
  token_hash: string;
  created_at: Instant;
  expires_at: Instant | null;
  last_used_at: Instant | null;
  revoked_at: Instant | null;
}

export interface AuditLogTable {
  id: string;
  event_id: string | null;
  organiser_id: string | null;
  actor: string;
  action: string;
  entity: string;
  entity_id: string | null;
  before_json: string | null;
  after_json: string | null;
  created_at: Instant;
}

export interface IdempotencyKeysTable {
  scope: string;
  key: string;
  request_hash: string;
  status: number;
  body: string;
  created_at: Instant;
}

export interface BatchAssertionsTable {
  ok: number;
}

/** What a change's batch decided that someone must be told of (migration 0012, decision 0011). */
export interface PlaceNoticesTable {
  id: string;
  event_id: string;
  batch_id: string;
  kind: 'promoted' | 'changed';
  place_id: string | null;
  registration_id: string | null;
  created_at: Instant;
}

/** The whole database as Kysely sees it. */
export interface Database {
  organisers: OrganisersTable;
  events: EventsTable;
  event_organisers: EventOrganisersTable;
  topics: TopicsTable;
  sessions: SessionsTable;
  zones: ZonesTable;
  travel_times: TravelTimesTable;
  visit_slots: VisitSlotsTable;
  hosts: HostsTable;
  host_topics: HostTopicsTable;
  host_availability: HostAvailabilityTable;
  registrations: RegistrationsTable;
  registration_topics: RegistrationTopicsTable;
  attendees: AttendeesTable;
  session_places: SessionPlacesTable;
  visit_requests: VisitRequestsTable;
  visit_request_slots: VisitRequestSlotsTable;
  visit_request_topics: VisitRequestTopicsTable;
  visits: VisitsTable;
  visit_hosts: VisitHostsTable;
  calendar_items: CalendarItemsTable;
  outbox: OutboxTable;
  delivery_events: DeliveryEventsTable;
  login_tokens: LoginTokensTable;
  organiser_sessions: OrganiserSessionsTable;
  api_tokens: ApiTokensTable;
  audit_log: AuditLogTable;
  idempotency_keys: IdempotencyKeysTable;
  batch_assertions: BatchAssertionsTable;
  place_notices: PlaceNoticesTable;
  plan_drafts: PlanDraftsTable;
}

export type EventRow = Selectable<EventsTable>;
export type NewEvent = Insertable<EventsTable>;
export type EventUpdate = Updateable<EventsTable>;
export type SessionRow = Selectable<SessionsTable>;
export type NewSession = Insertable<SessionsTable>;
export type TopicRow = Selectable<TopicsTable>;
export type HostRow = Selectable<HostsTable>;
export type NewHost = Insertable<HostsTable>;
export type VisitSlotRow = Selectable<VisitSlotsTable>;
export type OutboxRow = Selectable<OutboxTable>;
export type NewOutbox = Insertable<OutboxTable>;
