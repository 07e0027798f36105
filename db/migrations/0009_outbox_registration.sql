-- Which registration a message belongs to (its contact's or its attendees' emails), so a company's data export and
-- erasure reach exactly its own messages, never another's that went to the same address, and never an organiser's
-- or a host's. NULL: a message of no registration (organisers, hosts) or one queued before this column.
ALTER TABLE outbox ADD COLUMN registration_id TEXT REFERENCES registrations (id) ON DELETE SET NULL;
CREATE INDEX outbox_registration ON outbox (registration_id) WHERE registration_id IS NOT NULL;
