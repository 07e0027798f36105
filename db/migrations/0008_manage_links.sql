-- Manage links sent again on request (a lost link, or a company registering a second time). Each is a further
-- secret for the same registration, stored only as its SHA-256; the link made at registration stays in
-- registrations.manage_token_hash and keeps working, so knowing a company's organisation number never stops
-- the company's own link. They end with the registration (its manage_token_expires_at, cancellation, erasure).
CREATE TABLE manage_links (
  token_hash TEXT PRIMARY KEY,
  registration_id TEXT NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
  created_at TEXT NOT NULL
) STRICT;

CREATE INDEX manage_links_by_registration ON manage_links (registration_id, created_at);
