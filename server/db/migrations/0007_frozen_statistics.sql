-- At a consultation's retention end its participants' profile answers and account links are erased, so its
-- representativeness statistics can no longer be computed. They are computed once just before the purge and
-- kept here in their published form (small cells already suppressed): aggregates that single no one out.

CREATE TABLE frozen_statistics (
  consultation_id TEXT PRIMARY KEY REFERENCES consultations (id) ON DELETE CASCADE,
  statistics TEXT NOT NULL CHECK (json_valid(statistics)),   -- the getStatistics answer, as published
  frozen_at INTEGER NOT NULL
) STRICT;
