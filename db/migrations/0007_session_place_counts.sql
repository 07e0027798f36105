-- Counts of each session's confirmed and waiting places, kept by triggers (issue 6, docs/benchmarks.md,
-- "Cost growth"). Counting the places on every registration, in the capacity triggers and on every view
-- of the program made each of them slower as places accumulated: at 100,000 registrations a registration
-- took five times as long as at 10. The triggers below keep the counts in the same statement as the change,
-- so they can never disagree with the places, on SQLite and on D1 alike.
ALTER TABLE sessions ADD COLUMN confirmed_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN waitlisted_count INTEGER NOT NULL DEFAULT 0;

UPDATE sessions SET
  confirmed_count = (SELECT count(*) FROM session_places p WHERE p.session_id = sessions.id AND p.status = 'confirmed'),
  waitlisted_count = (SELECT count(*) FROM session_places p WHERE p.session_id = sessions.id AND p.status = 'waitlisted');

CREATE TRIGGER session_places_count_insert
AFTER INSERT ON session_places
BEGIN
  UPDATE sessions SET
    confirmed_count = confirmed_count + (NEW.status = 'confirmed'),
    waitlisted_count = waitlisted_count + (NEW.status = 'waitlisted')
  WHERE id = NEW.session_id;
END;

CREATE TRIGGER session_places_count_delete
AFTER DELETE ON session_places
BEGIN
  UPDATE sessions SET
    confirmed_count = confirmed_count - (OLD.status = 'confirmed'),
    waitlisted_count = waitlisted_count - (OLD.status = 'waitlisted')
  WHERE id = OLD.session_id;
END;

CREATE TRIGGER session_places_count_update
AFTER UPDATE OF status, session_id ON session_places
BEGIN
  UPDATE sessions SET
    confirmed_count = confirmed_count - (OLD.status = 'confirmed'),
    waitlisted_count = waitlisted_count - (OLD.status = 'waitlisted')
  WHERE id = OLD.session_id;
  UPDATE sessions SET
    confirmed_count = confirmed_count + (NEW.status = 'confirmed'),
    waitlisted_count = waitlisted_count + (NEW.status = 'waitlisted')
  WHERE id = NEW.session_id;
END;

-- The capacity safety net of 0002, reading the count instead of counting. Row triggers run row by row,
-- so a statement confirming several places sees each earlier confirmation in the count.
DROP TRIGGER session_places_capacity_insert;
DROP TRIGGER session_places_capacity_update;

CREATE TRIGGER session_places_capacity_insert
BEFORE INSERT ON session_places
WHEN NEW.status = 'confirmed'
  AND (SELECT confirmed_count >= capacity FROM sessions WHERE id = NEW.session_id)
BEGIN
  SELECT RAISE(ABORT, 'session_full');
END;

CREATE TRIGGER session_places_capacity_update
BEFORE UPDATE OF status, session_id ON session_places
WHEN NEW.status = 'confirmed' AND (OLD.status <> 'confirmed' OR NEW.session_id <> OLD.session_id)
  AND (SELECT confirmed_count >= capacity FROM sessions WHERE id = NEW.session_id)
BEGIN
  SELECT RAISE(ABORT, 'session_full');
END;
