-- Every participation's caps (ballots included) are counted from ip_traces inside the participation writer's
-- transaction, so that what the caps count is what the database holds: an erasure on any connection is seen
-- at once. The hash indexes therefore cover every kind again (0005 and 0009 had left ballots out, when their
-- caps were counted in memory).

DROP INDEX ip_traces_ip;
DROP INDEX ip_traces_prefix;
DROP INDEX ip_traces_site;
CREATE INDEX ip_traces_ip ON ip_traces (scope, ip_hash, created_at);
CREATE INDEX ip_traces_prefix ON ip_traces (scope, prefix_hash, created_at);
CREATE INDEX ip_traces_site ON ip_traces (scope, site_hash, created_at) WHERE site_hash IS NOT NULL;
