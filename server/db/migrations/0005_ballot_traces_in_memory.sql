-- Ballot caps are counted in memory by the ballot writer (server/stuffing/recent-traces.ts), rebuilt from
-- ip_traces at start. The indexes on the keyed hashes are random keys: maintaining them for every ballot cost
-- two extra random B-tree pages per ballot at every commit. They are kept for the other participations
-- (survey responses, consent records), whose caps are still counted with SQL.

DROP INDEX ip_traces_ip;
DROP INDEX ip_traces_prefix;
CREATE INDEX ip_traces_ip ON ip_traces (scope, ip_hash, created_at) WHERE participation_kind != 'ballot';
CREATE INDEX ip_traces_prefix ON ip_traces (scope, prefix_hash, created_at) WHERE participation_kind != 'ballot';
