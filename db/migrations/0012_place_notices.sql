-- What a change's batch decided about places that someone must be told of, written by the batch's own SQL
-- (docs/decisions/0011-changes-decide-places-in-the-batch.md). A place the batch promoted from a waiting list is
-- chosen by the statements when the batch runs, so its email cannot be rendered before: the batch records the
-- promotion here, and the email is rendered from the rows and queued in a second batch that deletes the notice
-- (exactly once: a notice already gone queues nothing). A change's summary for its contact is recorded the same
-- way, since the places it lists are decided by the batch. Nothing personal: ids, a kind and a time.
CREATE TABLE place_notices (
  id TEXT PRIMARY KEY,
  event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  -- The batch that wrote it: the request that ran the batch renders its own notices right after it.
  batch_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('promoted', 'changed')),
  -- 'promoted': the place given to the first in line.
  place_id TEXT REFERENCES session_places (id) ON DELETE CASCADE,
  -- The registration whose change caused it ('promoted': its contact learns of it from the summary instead;
  -- 'changed': the registration to summarise).
  registration_id TEXT REFERENCES registrations (id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  CHECK ((kind = 'promoted') = (place_id IS NOT NULL))
) STRICT;
CREATE INDEX place_notices_batch ON place_notices (batch_id);
CREATE INDEX place_notices_place ON place_notices (place_id) WHERE place_id IS NOT NULL;
CREATE INDEX place_notices_created ON place_notices (created_at);
