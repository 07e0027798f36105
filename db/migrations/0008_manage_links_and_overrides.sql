-- Manage links are derived from the registration's id and this generation under the server's link secret
-- (src/domain/manage-links.ts), so later emails can carry the company's link while only its hash is stored.
-- Registrations made before have a random token nobody can derive again: -1 marks them.
ALTER TABLE registrations ADD COLUMN manage_token_generation INTEGER NOT NULL DEFAULT -1;

-- A visit kept against a planning rule: the rules it breaks, who chose to keep it and when (JSON), shown on the
-- board, in the day schedules and in the exports. NULL: the visit keeps every rule.
ALTER TABLE visits ADD COLUMN override_json TEXT;

-- When hosts free up, the requests first in the queue that can now be placed are placed and confirmed by the
-- scheduled job (1), or wait for an organiser's click on the planning board (0).
ALTER TABLE events ADD COLUMN serve_visit_queue INTEGER NOT NULL DEFAULT 0 CHECK (serve_visit_queue IN (0, 1));
