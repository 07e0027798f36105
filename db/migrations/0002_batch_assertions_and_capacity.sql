-- Assertions inside an atomic batch. D1 has no interactive transactions, so a batch that was built from a
-- snapshot (e.g. "this session has 3 confirmed places and 2 on its waiting list") carries a statement
--   INSERT INTO batch_assertions (ok) SELECT 0 WHERE NOT (<the snapshot still holds>)
-- which inserts nothing while the snapshot holds and otherwise breaks the CHECK, rolling back the whole
-- batch; the caller then re-reads and retries. The table is always empty.
CREATE TABLE batch_assertions (
  ok INTEGER NOT NULL CONSTRAINT batch_assertion CHECK (ok = 1)
) STRICT;

-- Bumped by every batch that changes a session's places; batches assert it is unchanged since their snapshot.
ALTER TABLE sessions ADD COLUMN places_version INTEGER NOT NULL DEFAULT 0;

-- A safety net under the application's own rule: a place never becomes confirmed in a full session.
CREATE TRIGGER session_places_capacity_insert
BEFORE INSERT ON session_places
WHEN NEW.status = 'confirmed'
  AND (SELECT count(*) FROM session_places WHERE session_id = NEW.session_id AND status = 'confirmed')
      >= (SELECT capacity FROM sessions WHERE id = NEW.session_id)
BEGIN
  SELECT RAISE(ABORT, 'session_full');
END;

CREATE TRIGGER session_places_capacity_update
BEFORE UPDATE OF status ON session_places
WHEN NEW.status = 'confirmed' AND OLD.status <> 'confirmed'
  AND (SELECT count(*) FROM session_places WHERE session_id = NEW.session_id AND status = 'confirmed')
      >= (SELECT capacity FROM sessions WHERE id = NEW.session_id)
BEGIN
  SELECT RAISE(ABORT, 'session_full');
END;
