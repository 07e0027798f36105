-- Performance (issue 6, docs/benchmarks.md). Reading a registration asks for its visit request with
-- `registration_id = ? AND status = ?`; the partial unique index visit_requests_one_active_per_registration
-- (… WHERE status = 'active') cannot serve a bound status, so SQLite scanned every visit request of every
-- event on each registration, manage-page view and change: cost growing with the database (EXPLAIN QUERY
-- PLAN: "SCAN visit_requests"; with this index: "SEARCH visit_requests USING INDEX … (registration_id=?)").
CREATE INDEX visit_requests_registration ON visit_requests (registration_id);
