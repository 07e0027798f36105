-- The organisers' follow-up pages (registrations table, outbox, check-in) filter and page in SQL.
-- Registrations of one event by status, newest first (the table's default view and its counts).
CREATE INDEX registrations_event_status_created ON registrations (event_id, status, created_at);
-- Each registration's emails, and the outbox of one event filtered by status.
CREATE INDEX outbox_event_to ON outbox (event_id, to_address);
CREATE INDEX outbox_event_status ON outbox (event_id, status, created_at);
-- Searching attendees by name within a registration is done through attendees_registration; check-in
-- counts read checked_in_at of the attendees of confirmed places (session_places_session_status).
