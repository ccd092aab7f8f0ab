-- The participation writer counts its caps from memory (server/participation/trace-index.ts), kept exactly in
-- step with ip_traces by temporary triggers and PRAGMA data_version. The hash indexes were random keys rewritten
-- at every commit; they stay only for consent proofs, whose caps are still counted in SQL (the literal
-- participation_kind in stuffing.store.ts's count lets SQLite use these partial indexes). A consultation's
-- traces are read, once, by scope and time.
DROP INDEX ip_traces_ip;
DROP INDEX ip_traces_prefix;
DROP INDEX ip_traces_site;
CREATE INDEX ip_traces_consent_ip ON ip_traces (scope, ip_hash, created_at) WHERE participation_kind = 'consent';
CREATE INDEX ip_traces_consent_prefix ON ip_traces (scope, prefix_hash, created_at) WHERE participation_kind = 'consent';
CREATE INDEX ip_traces_consent_site ON ip_traces (scope, site_hash, created_at) WHERE participation_kind = 'consent' AND site_hash IS NOT NULL;
CREATE INDEX ip_traces_scope ON ip_traces (scope, created_at);
