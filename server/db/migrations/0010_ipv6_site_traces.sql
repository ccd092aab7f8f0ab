-- An IPv6 /48 is a site (one organisation, or one customer of some operators): each trace gains the keyed hash
-- of its site, NULL for IPv4 and for traces made before this, so rotating /64s inside one /48 meets a cap of
-- its own. Counted, like the other hashes, inside the participation writer's transaction.

ALTER TABLE ip_traces ADD COLUMN site_hash BLOB;
CREATE INDEX ip_traces_site ON ip_traces (scope, site_hash, created_at) WHERE site_hash IS NOT NULL;
