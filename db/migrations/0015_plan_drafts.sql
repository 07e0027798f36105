-- A proposal from automatic planning, kept between requests so an organiser can review it on the board and accept
-- it all or change by change (docs/decisions/0014-plan-drafts.md). `plan_json` is the engine's answer (figures,
-- unplaced requests, warnings); `changes_json` lists each change with the saved visit it starts from (id and
-- updated_at as read), so accepting it is refused once that visit changed. Ids and figures only, no personal data.
CREATE TABLE plan_drafts (
  id TEXT PRIMARY KEY,
  event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  created_by TEXT NOT NULL,
  plan_json TEXT NOT NULL,
  changes_json TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX plan_drafts_event ON plan_drafts (event_id, created_at);
