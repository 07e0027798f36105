-- How many politicians a company would like to meet on its visit: a wish the planning gives when the event's rules
-- and free hosts allow (NULL: no wish, the event's own composition).
ALTER TABLE visit_requests ADD COLUMN wants_politician_count INTEGER
  CHECK (wants_politician_count IS NULL OR wants_politician_count BETWEEN 1 AND 9);
