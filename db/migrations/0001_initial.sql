-- Mötesdagen: the first schema, covering the whole domain.
-- Rules (docs/decisions/0001-runtimes-and-atomic-batches.md):
--  * instants are UTC ISO-8601 text ('2027-08-26T07:00:00.000Z'); each event carries its IANA time zone;
--  * ids are random UUID text created by the application, so one atomic batch can insert a parent and its
--    children without reading anything back (D1 has no interactive transactions);
--  * invariants live in constraints and partial unique indexes so that single statements can keep them;
--  * secrets (manage links, feeds, login links, API tokens) are stored only as SHA-256 hex digests.
-- Never edit this file once released: add a new migration instead.

CREATE TABLE organisers (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE COLLATE NOCASE,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'organiser')),
  created_at TEXT NOT NULL,
  disabled_at TEXT
) STRICT;

CREATE TABLE events (
  id TEXT PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE CHECK (slug GLOB '[a-z0-9]*' AND slug NOT GLOB '*[^a-z0-9-]*'),
  name TEXT NOT NULL,
  description_sv TEXT NOT NULL DEFAULT '',
  description_en TEXT NOT NULL DEFAULT '',
  venue_name TEXT NOT NULL,
  venue_address TEXT NOT NULL,
  time_zone TEXT NOT NULL DEFAULT 'Europe/Stockholm',
  starts_at TEXT NOT NULL,
  ends_at TEXT NOT NULL,
  registration_opens_at TEXT NOT NULL,
  registration_closes_at TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'closed')),
  organiser_name TEXT NOT NULL,
  organiser_email TEXT NOT NULL,
  -- Delegation rules for visits (the matching engine reads them).
  min_politicians INTEGER NOT NULL DEFAULT 1 CHECK (min_politicians >= 0),
  max_politicians INTEGER NOT NULL DEFAULT 1 CHECK (max_politicians >= min_politicians),
  min_officials INTEGER NOT NULL DEFAULT 1 CHECK (min_officials >= 0),
  max_officials INTEGER NOT NULL DEFAULT 1 CHECK (max_officials >= min_officials),
  max_delegation_size INTEGER NOT NULL DEFAULT 2 CHECK (max_delegation_size >= 1),
  transfer_buffer_minutes INTEGER NOT NULL DEFAULT 10 CHECK (transfer_buffer_minutes >= 0),
  allow_department_request INTEGER NOT NULL DEFAULT 1 CHECK (allow_department_request IN (0, 1)),
  allow_party_request INTEGER NOT NULL DEFAULT 0 CHECK (allow_party_request IN (0, 1)),
  -- Personal data is erased this many days after the event ends.
  retention_days INTEGER NOT NULL DEFAULT 365 CHECK (retention_days >= 0),
  personal_data_erased_at TEXT,
  copied_from_event_id TEXT REFERENCES events (id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK (ends_at > starts_at),
  CHECK (registration_closes_at > registration_opens_at)
) STRICT;
CREATE INDEX events_status_starts ON events (status, starts_at);

CREATE TABLE event_organisers (
  event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  organiser_id TEXT NOT NULL REFERENCES organisers (id) ON DELETE CASCADE,
  PRIMARY KEY (event_id, organiser_id)
) STRICT;

CREATE TABLE topics (
  id TEXT PRIMARY KEY,
  event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  slug TEXT NOT NULL,
  name_sv TEXT NOT NULL,
  name_en TEXT NOT NULL,
  sort INTEGER NOT NULL DEFAULT 0,
  UNIQUE (event_id, slug)
) STRICT;

CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  kind TEXT NOT NULL DEFAULT 'dialogue' CHECK (kind IN ('dialogue', 'seminar', 'breakfast', 'other')),
  title_sv TEXT NOT NULL,
  title_en TEXT NOT NULL,
  description_sv TEXT NOT NULL DEFAULT '',
  description_en TEXT NOT NULL DEFAULT '',
  starts_at TEXT NOT NULL,
  ends_at TEXT NOT NULL,
  room TEXT NOT NULL DEFAULT '',
  capacity INTEGER NOT NULL CHECK (capacity >= 0),
  topic_id TEXT REFERENCES topics (id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK (ends_at > starts_at)
) STRICT;
CREATE INDEX sessions_event_start ON sessions (event_id, starts_at);

CREATE TABLE zones (
  id TEXT PRIMARY KEY,
  event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  latitude REAL,
  longitude REAL,
  UNIQUE (event_id, name)
) STRICT;

-- Minutes from one zone to another; when absent, a default is derived from the zones' coordinates.
CREATE TABLE travel_times (
  from_zone_id TEXT NOT NULL REFERENCES zones (id) ON DELETE CASCADE,
  to_zone_id TEXT NOT NULL REFERENCES zones (id) ON DELETE CASCADE,
  minutes INTEGER NOT NULL CHECK (minutes >= 0),
  PRIMARY KEY (from_zone_id, to_zone_id)
) STRICT;

CREATE TABLE visit_slots (
  id TEXT PRIMARY KEY,
  event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  starts_at TEXT NOT NULL,
  ends_at TEXT NOT NULL,
  CHECK (ends_at > starts_at)
) STRICT;
CREATE INDEX visit_slots_event_start ON visit_slots (event_id, starts_at);

CREATE TABLE hosts (
  id TEXT PRIMARY KEY,
  event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('politician', 'official')),
  name TEXT NOT NULL,
  email TEXT NOT NULL COLLATE NOCASE,
  phone TEXT NOT NULL DEFAULT '',
  -- Politicians: party and committee roles. Officials: department and title.
  party TEXT,
  roles TEXT NOT NULL DEFAULT '',
  department TEXT,
  title TEXT NOT NULL DEFAULT '',
  max_visits_per_day INTEGER NOT NULL DEFAULT 3 CHECK (max_visits_per_day >= 0),
  start_zone_id TEXT REFERENCES zones (id) ON DELETE SET NULL,
  -- The host's private link (availability and topics) and calendar feed.
  access_token_hash TEXT UNIQUE,
  feed_token_hash TEXT UNIQUE,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (event_id, email),
  CHECK (kind = 'official' OR party IS NOT NULL),
  CHECK (kind = 'politician' OR department IS NOT NULL)
) STRICT;

CREATE TABLE host_topics (
  host_id TEXT NOT NULL REFERENCES hosts (id) ON DELETE CASCADE,
  topic_id TEXT NOT NULL REFERENCES topics (id) ON DELETE CASCADE,
  PRIMARY KEY (host_id, topic_id)
) STRICT;

CREATE TABLE host_availability (
  host_id TEXT NOT NULL REFERENCES hosts (id) ON DELETE CASCADE,
  slot_id TEXT NOT NULL REFERENCES visit_slots (id) ON DELETE CASCADE,
  PRIMARY KEY (host_id, slot_id)
) STRICT;

CREATE TABLE companies (
  id TEXT PRIMARY KEY,
  -- Ten digits without the hyphen; validated (Luhn) by the application.
  org_number TEXT NOT NULL UNIQUE CHECK (length(org_number) = 10 AND org_number NOT GLOB '*[^0-9]*'),
  name TEXT NOT NULL,
  industry TEXT NOT NULL,
  street TEXT NOT NULL,
  postal_code TEXT NOT NULL,
  city TEXT NOT NULL,
  size TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE registrations (
  id TEXT PRIMARY KEY,
  event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  company_id TEXT NOT NULL REFERENCES companies (id),
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'cancelled', 'erased')),
  contact_name TEXT NOT NULL,
  contact_email TEXT NOT NULL,
  contact_phone TEXT NOT NULL,
  language TEXT NOT NULL DEFAULT 'sv' CHECK (language IN ('sv', 'en')),
  viewpoint_text TEXT NOT NULL DEFAULT '',
  consent_at TEXT NOT NULL,
  manage_token_hash TEXT NOT NULL UNIQUE,
  manage_token_expires_at TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  cancelled_at TEXT,
  erased_at TEXT
) STRICT;
-- One active registration per company and event: a cancelled company may register again.
CREATE UNIQUE INDEX registrations_one_active_per_company
  ON registrations (event_id, company_id) WHERE status = 'active';
CREATE INDEX registrations_event_created ON registrations (event_id, created_at);

CREATE TABLE registration_topics (
  registration_id TEXT NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
  topic_id TEXT NOT NULL REFERENCES topics (id) ON DELETE CASCADE,
  PRIMARY KEY (registration_id, topic_id)
) STRICT;

CREATE TABLE attendees (
  id TEXT PRIMARY KEY,
  registration_id TEXT NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  email TEXT NOT NULL,
  sort INTEGER NOT NULL DEFAULT 0,
  checked_in_at TEXT,
  created_at TEXT NOT NULL,
  removed_at TEXT
) STRICT;
CREATE INDEX attendees_registration ON attendees (registration_id);

-- An attendee's place in a session: confirmed, or waitlisted with a position (1 = next in line).
-- Capacity is kept by a single conditional INSERT … SELECT … WHERE count(confirmed) < capacity.
CREATE TABLE session_places (
  id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  attendee_id TEXT NOT NULL REFERENCES attendees (id) ON DELETE CASCADE,
  status TEXT NOT NULL CHECK (status IN ('confirmed', 'waitlisted', 'cancelled')),
  waitlist_position INTEGER CHECK ((status = 'waitlisted') = (waitlist_position IS NOT NULL)),
  created_at TEXT NOT NULL,
  confirmed_at TEXT,
  cancelled_at TEXT
) STRICT;
CREATE UNIQUE INDEX session_places_one_per_attendee
  ON session_places (session_id, attendee_id) WHERE status <> 'cancelled';
CREATE UNIQUE INDEX session_places_waitlist_position
  ON session_places (session_id, waitlist_position) WHERE status = 'waitlisted';
CREATE INDEX session_places_session_status ON session_places (session_id, status);
CREATE INDEX session_places_attendee ON session_places (attendee_id);

CREATE TABLE visit_requests (
  id TEXT PRIMARY KEY,
  event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  registration_id TEXT NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'withdrawn')),
  zone_id TEXT REFERENCES zones (id) ON DELETE SET NULL,
  street TEXT NOT NULL,
  postal_code TEXT NOT NULL,
  city TEXT NOT NULL,
  participants INTEGER NOT NULL CHECK (participants >= 1),
  message TEXT NOT NULL DEFAULT '',
  wants_department TEXT,
  wants_party TEXT,
  -- Set by organisers: higher is planned first (e.g. companies never visited before).
  priority INTEGER NOT NULL DEFAULT 1 CHECK (priority >= 0),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  withdrawn_at TEXT
) STRICT;
CREATE UNIQUE INDEX visit_requests_one_active_per_registration
  ON visit_requests (registration_id) WHERE status = 'active';
CREATE INDEX visit_requests_event ON visit_requests (event_id, status);

CREATE TABLE visit_request_slots (
  request_id TEXT NOT NULL REFERENCES visit_requests (id) ON DELETE CASCADE,
  slot_id TEXT NOT NULL REFERENCES visit_slots (id) ON DELETE CASCADE,
  PRIMARY KEY (request_id, slot_id)
) STRICT;

CREATE TABLE visit_request_topics (
  request_id TEXT NOT NULL REFERENCES visit_requests (id) ON DELETE CASCADE,
  topic_id TEXT NOT NULL REFERENCES topics (id) ON DELETE CASCADE,
  PRIMARY KEY (request_id, topic_id)
) STRICT;

CREATE TABLE visits (
  id TEXT PRIMARY KEY,
  event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  request_id TEXT NOT NULL REFERENCES visit_requests (id) ON DELETE CASCADE,
  slot_id TEXT NOT NULL REFERENCES visit_slots (id),
  status TEXT NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'confirmed', 'cancelled')),
  locked INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),
  -- The one calendar event shared by the company contact and every host.
  calendar_uid TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  confirmed_at TEXT,
  cancelled_at TEXT
) STRICT;
CREATE UNIQUE INDEX visits_one_live_per_request ON visits (request_id) WHERE status <> 'cancelled';
CREATE INDEX visits_event_slot ON visits (event_id, slot_id);

-- slot_id is repeated here so that one partial unique index forbids double-booking a host.
CREATE TABLE visit_hosts (
  visit_id TEXT NOT NULL REFERENCES visits (id) ON DELETE CASCADE,
  host_id TEXT NOT NULL REFERENCES hosts (id) ON DELETE CASCADE,
  slot_id TEXT NOT NULL REFERENCES visit_slots (id),
  released_at TEXT,
  PRIMARY KEY (visit_id, host_id)
) STRICT;
CREATE UNIQUE INDEX visit_hosts_no_double_booking ON visit_hosts (host_id, slot_id) WHERE released_at IS NULL;

-- Every calendar event the product has sent: its UID, current SEQUENCE and the last ICS it carried,
-- so that downloads equal what the last email carried and updates replace, never duplicate.
CREATE TABLE calendar_items (
  uid TEXT PRIMARY KEY,
  event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  sequence INTEGER NOT NULL DEFAULT 0 CHECK (sequence >= 0),
  last_method TEXT CHECK (last_method IN ('REQUEST', 'CANCEL')),
  last_ics TEXT,
  updated_at TEXT NOT NULL
) STRICT;

-- Transactional outbox: written in the same atomic batch as the change that causes the message.
CREATE TABLE outbox (
  id TEXT PRIMARY KEY,
  event_id TEXT REFERENCES events (id) ON DELETE SET NULL,
  kind TEXT NOT NULL,
  language TEXT NOT NULL DEFAULT 'sv' CHECK (language IN ('sv', 'en')),
  to_address TEXT NOT NULL,
  subject TEXT NOT NULL,
  html TEXT NOT NULL,
  text TEXT NOT NULL,
  ics TEXT,
  ics_method TEXT CHECK (ics_method IN ('REQUEST', 'CANCEL', 'PUBLISH')),
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  lease_until TEXT,
  last_error TEXT,
  provider_message_id TEXT,
  created_at TEXT NOT NULL,
  sent_at TEXT
) STRICT;
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_event ON outbox (event_id, created_at);

CREATE TABLE delivery_events (
  id TEXT PRIMARY KEY,
  outbox_id TEXT NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
  type TEXT NOT NULL,
  occurred_at TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT '{}'
) STRICT;
CREATE INDEX delivery_events_outbox ON delivery_events (outbox_id);

CREATE TABLE login_tokens (
  id TEXT PRIMARY KEY,
  organiser_id TEXT NOT NULL REFERENCES organisers (id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL UNIQUE,
  expires_at TEXT NOT NULL,
  used_at TEXT,
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE organiser_sessions (
  id TEXT PRIMARY KEY,
  organiser_id TEXT NOT NULL REFERENCES organisers (id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  revoked_at TEXT
) STRICT;

CREATE TABLE api_tokens (
  id TEXT PRIMARY KEY,
  organiser_id TEXT NOT NULL REFERENCES organisers (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  expires_at TEXT,
  last_used_at TEXT,
  revoked_at TEXT
) STRICT;

CREATE TABLE audit_log (
  id TEXT PRIMARY KEY,
  event_id TEXT REFERENCES events (id) ON DELETE SET NULL,
  organiser_id TEXT REFERENCES organisers (id) ON DELETE SET NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT,
  before_json TEXT,
  after_json TEXT,
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX audit_log_event_created ON audit_log (event_id, created_at);

-- Replays of a POST with the same Idempotency-Key return the first answer instead of acting twice.
CREATE TABLE idempotency_keys (
  scope TEXT NOT NULL,
  key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status INTEGER NOT NULL,
  body TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (scope, key)
) STRICT;
