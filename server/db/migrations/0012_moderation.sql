-- Staff operations on consultations: an archived consultation leaves the public list; staff still read it and its results.
ALTER TABLE consultations ADD COLUMN archived_at INTEGER;
