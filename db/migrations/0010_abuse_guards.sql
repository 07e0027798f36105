-- Guards against booking out an event and mailing strangers (docs/decisions/0009-contact-confirmation.md).

-- When the contact confirmed their own address by the link in the first email. NULL: not yet; until then nothing
-- but that email goes out for the registration, and after the event's hold time its places are released.
-- Registrations made before this migration were made under the old rules and count as confirmed.
ALTER TABLE registrations ADD COLUMN confirmed_at TEXT;
UPDATE registrations SET confirmed_at = created_at;
CREATE INDEX registrations_unconfirmed ON registrations (created_at) WHERE confirmed_at IS NULL AND status = 'active';

-- 1: the message waits for its registration's contact to confirm; the sender never claims it. Confirmation
-- releases it (0) in one statement; a registration that is cancelled unconfirmed deletes its held messages.
ALTER TABLE outbox ADD COLUMN held INTEGER NOT NULL DEFAULT 0 CHECK (held IN (0, 1));
CREATE INDEX outbox_held ON outbox (registration_id) WHERE held = 1;
-- The sending caps count what went to one address, and for one event, within the last hour.
CREATE INDEX outbox_sent_to ON outbox (to_address, sent_at) WHERE sent_at IS NOT NULL;
CREATE INDEX outbox_sent_event ON outbox (event_id, sent_at) WHERE sent_at IS NOT NULL;

-- Per-event settings for organisers.
ALTER TABLE events ADD COLUMN confirmation_hold_hours INTEGER NOT NULL DEFAULT 48 CHECK (confirmation_hold_hours BETWEEN 1 AND 720);
ALTER TABLE events ADD COLUMN max_attendees_per_company INTEGER NOT NULL DEFAULT 5 CHECK (max_attendees_per_company BETWEEN 1 AND 100);
-- More registrations than this within ten minutes alert the organisers, once per ten minutes.
ALTER TABLE events ADD COLUMN burst_alert_threshold INTEGER NOT NULL DEFAULT 30 CHECK (burst_alert_threshold BETWEEN 1 AND 10000);
ALTER TABLE events ADD COLUMN burst_alerted_at TEXT;
-- 1: the public form and API take no new registrations and no changes ("Pausa anmälan").
ALTER TABLE events ADD COLUMN registration_paused INTEGER NOT NULL DEFAULT 0 CHECK (registration_paused IN (0, 1));
