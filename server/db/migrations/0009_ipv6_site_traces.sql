-- Each trace also keeps the keyed hash of the IPv6 /48 "site" the address belongs to (NULL for IPv4), so a
-- consultation can cap participations per site: rotating /64s inside one /48 no longer escapes the caps.
ALTER TABLE ip_traces ADD COLUMN site_hash BLOB;
CREATE INDEX ip_traces_site ON ip_traces (scope, site_hash, created_at) WHERE participation_kind != 'ballot' AND site_hash IS NOT NULL;
