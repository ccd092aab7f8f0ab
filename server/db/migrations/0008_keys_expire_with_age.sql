-- Every keyed hash is made under a key that rotates every 30 days and is destroyed 90 days after its creation,
-- whatever it was used for: IP traces ('ip') and rate-limit counters ('rate-limit'). Counters carry their key
-- and go with it. The counters made under the old, never-rotating key of secrets.json are forgotten (they last
-- a day at most). A trace outlives its key (key_id becomes NULL: nothing can tie it to an address any more)
-- until its own erasure at 90 days, so ip_traces is rebuilt with a nullable key_id.

ALTER TABLE ip_hash_keys ADD COLUMN purpose TEXT NOT NULL DEFAULT 'ip' CHECK (purpose IN ('ip', 'rate-limit'));
CREATE INDEX ip_hash_keys_created ON ip_hash_keys (created_at);

DELETE FROM rate_limits;
ALTER TABLE rate_limits ADD COLUMN key_id INTEGER REFERENCES ip_hash_keys (id) ON DELETE CASCADE;
CREATE INDEX rate_limits_key_id ON rate_limits (key_id);

CREATE TABLE ip_traces_new (
  id INTEGER PRIMARY KEY,
  scope TEXT NOT NULL,                       -- a consultation id, or 'consent:<tenant>'
  participation_kind TEXT NOT NULL,
  participation_id TEXT NOT NULL,
  account_id TEXT REFERENCES accounts (id) ON DELETE CASCADE,
  key_id INTEGER REFERENCES ip_hash_keys (id) ON DELETE SET NULL,   -- NULL once the key is destroyed
  ip_hash BLOB NOT NULL,
  prefix_hash BLOB NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;
INSERT INTO ip_traces_new SELECT id, scope, participation_kind, participation_id, account_id, key_id, ip_hash, prefix_hash, created_at FROM ip_traces;
DROP TABLE ip_traces;
ALTER TABLE ip_traces_new RENAME TO ip_traces;
CREATE INDEX ip_traces_ip ON ip_traces (scope, ip_hash, created_at) WHERE participation_kind != 'ballot';
CREATE INDEX ip_traces_prefix ON ip_traces (scope, prefix_hash, created_at) WHERE participation_kind != 'ballot';
CREATE INDEX ip_traces_created ON ip_traces (created_at);
CREATE INDEX ip_traces_participation ON ip_traces (participation_kind, participation_id);
CREATE INDEX ip_traces_account ON ip_traces (account_id);
CREATE INDEX ip_traces_key ON ip_traces (key_id);
