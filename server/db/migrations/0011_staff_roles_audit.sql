-- Staff roles per tenant, staff sessions, staff origins and the audit log.
-- A membership was one 'staff' row per (tenant, account); it becomes one row per role held: 'admin' (every
-- power), 'moderator' (moderation, quarantine review), 'answerer' (official answers). Former staff are admins.

CREATE TABLE staff_roles (
  tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('admin', 'moderator', 'answerer')),
  created_at INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, account_id, role)
) STRICT;
INSERT INTO staff_roles (tenant_id, account_id, role, created_at)
  SELECT tenant_id, account_id, 'admin', created_at FROM staff_memberships;
DROP TABLE staff_memberships;
ALTER TABLE staff_roles RENAME TO staff_memberships;
CREATE INDEX staff_memberships_account ON staff_memberships (account_id);

-- The staff console's origins besides the API's own: staff power is used only from these.
ALTER TABLE tenants ADD COLUMN staff_origins TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(staff_origins));

-- A session opened from a staff origin by an account holding roles there: 12 hours, and the only kind that
-- carries staff power. Sessions opened before this migration are citizen sessions.
ALTER TABLE sessions ADD COLUMN staff INTEGER NOT NULL DEFAULT 0;

-- Who did what as staff, or as the operator on the command line. Values are stored with personal data masked.
-- After the actor's erasure the account link is cut and the rows name "former staff member #n" instead.
CREATE TABLE audit_events (
  id INTEGER PRIMARY KEY,
  tenant_id TEXT,                            -- null for a command about no tenant
  account_id TEXT REFERENCES accounts (id) ON DELETE SET NULL,  -- the staff member; null for the operator
  actor TEXT NOT NULL,                       -- 'staff', 'operator' or 'former_staff'
  former_staff_number INTEGER,               -- set when the actor's account was erased
  role TEXT,                                 -- the role the action needed; null for the operator
  action TEXT NOT NULL,                      -- the operationId, or the command ('staff invite')
  target TEXT,
  before TEXT CHECK (before IS NULL OR json_valid(before)),
  after TEXT CHECK (after IS NULL OR json_valid(after)),
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX audit_events_tenant ON audit_events (tenant_id, created_at, id);
CREATE INDEX audit_events_account ON audit_events (account_id);
CREATE INDEX audit_events_created ON audit_events (created_at);

-- One number per erased actor, never reused even when the rows that bore it have expired.
CREATE TABLE former_staff (
  number INTEGER PRIMARY KEY AUTOINCREMENT,
  erased_at INTEGER NOT NULL
) STRICT;
