-- Civique's first schema: tenants, consultations, accounts and what the server keeps about them.
-- Times are milliseconds since the epoch (INTEGER); JSON documents are TEXT checked with json_valid.
-- No raw IP address and no clear-text secret is ever stored: see ip_traces, sessions and auth_codes.

CREATE TABLE tenants (
  id TEXT PRIMARY KEY,                       -- the slug, e.g. 'montjoli'
  name TEXT NOT NULL,
  allowed_origins TEXT NOT NULL CHECK (json_valid(allowed_origins)),   -- JSON array of origins
  quartiers TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(quartiers)),  -- JSON array of neighbourhood names
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE accounts (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,                -- normalised (trimmed, lower-cased)
  email_verified_at INTEGER,
  password_hash TEXT NOT NULL,               -- argon2id PHC string
  locale TEXT NOT NULL DEFAULT 'fr' CHECK (locale IN ('fr', 'en')),
  restricted_at INTEGER,                     -- GDPR art. 18: out of statistics and mailings
  objected_at INTEGER,                       -- GDPR art. 21: out of statistics and mailings
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

-- Every optional field the privacy policies list, each with its stated purpose (see accounts.schemas.ts).
CREATE TABLE profiles (
  account_id TEXT PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
  pseudonym TEXT,
  first_name TEXT,
  last_name TEXT,
  phone TEXT,
  postal_address TEXT,
  birth_year INTEGER,
  gender TEXT CHECK (gender IN ('female', 'male', 'other')),
  city TEXT,
  quartier TEXT,
  avatar TEXT,                               -- a small data: URL
  pcs_group INTEGER CHECK (pcs_group BETWEEN 1 AND 8),
  show_age INTEGER NOT NULL DEFAULT 0,
  show_gender INTEGER NOT NULL DEFAULT 0,
  show_city INTEGER NOT NULL DEFAULT 0,
  show_quartier INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE staff_memberships (
  tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('staff')),
  created_at INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, account_id)
) STRICT;

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,               -- SHA-256 of the bearer token; the token itself is never stored
  account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  persistent INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  last_used_at INTEGER NOT NULL
) STRICT;
CREATE INDEX sessions_account ON sessions (account_id);
CREATE INDEX sessions_expiry ON sessions (expires_at);

-- Single-use codes mailed for email verification and password reset.
CREATE TABLE auth_codes (
  code_hash TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  purpose TEXT NOT NULL CHECK (purpose IN ('verify_email', 'reset_password')),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER
) STRICT;
CREATE INDEX auth_codes_account ON auth_codes (account_id);

-- Counters for failed sign-ins and sign-ups; keys are keyed hashes, never an IP or an email in clear.
CREATE TABLE rate_limits (
  key TEXT PRIMARY KEY,
  count INTEGER NOT NULL,
  window_start INTEGER NOT NULL,
  blocked_until INTEGER
) STRICT;

CREATE TABLE consultations (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  slug TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('vote', 'budget', 'survey', 'proposals', 'resources')),
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  opens_at INTEGER NOT NULL,
  closes_at INTEGER NOT NULL,
  retention_end INTEGER NOT NULL,
  privacy_notice TEXT NOT NULL CHECK (json_valid(privacy_notice)),
  allow_anonymous INTEGER NOT NULL,
  stuffing_policy TEXT NOT NULL CHECK (json_valid(stuffing_policy)),
  settings TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(settings)),  -- kind-specific: options, questions…
  purged_at INTEGER,                         -- when the retention job erased its personal data
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (tenant_id, slug)
) STRICT;

-- HMAC keys for IP hashes. A key is used for 30 days, then retired; it is destroyed once no hash made
-- with it can remain (retired for 90 days), so old hashes can never be linked to an address again.
CREATE TABLE ip_hash_keys (
  id INTEGER PRIMARY KEY,
  secret BLOB NOT NULL,
  created_at INTEGER NOT NULL,
  retired_at INTEGER
) STRICT;

-- Anti-stuffing traces: keyed hashes of the address and of its network prefix, beside one participation.
-- Erased after 90 days by the retention job.
CREATE TABLE ip_traces (
  id INTEGER PRIMARY KEY,
  scope TEXT NOT NULL,                       -- a consultation id, or 'consent:<tenant>'
  participation_kind TEXT NOT NULL,
  participation_id TEXT NOT NULL,
  account_id TEXT REFERENCES accounts (id) ON DELETE CASCADE,
  key_id INTEGER NOT NULL REFERENCES ip_hash_keys (id),
  ip_hash BLOB NOT NULL,
  prefix_hash BLOB NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX ip_traces_ip ON ip_traces (scope, ip_hash, created_at);
CREATE INDEX ip_traces_prefix ON ip_traces (scope, prefix_hash, created_at);
CREATE INDEX ip_traces_created ON ip_traces (created_at);
CREATE INDEX ip_traces_participation ON ip_traces (participation_kind, participation_id);
CREATE INDEX ip_traces_account ON ip_traces (account_id);

-- Mails are written here in the same transaction as the event that causes them, then sent by a worker.
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  message_id TEXT NOT NULL UNIQUE,           -- stable across retries, so a resend can be recognised
  account_id TEXT REFERENCES accounts (id) ON DELETE CASCADE,
  to_address TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  sent_at INTEGER
) STRICT;
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_account ON outbox (account_id);

-- The log of data-rights requests (GDPR art. 12: answered within one month). After an erasure the
-- account link is cut and only the kind and the dates remain.
CREATE TABLE rights_requests (
  id TEXT PRIMARY KEY,
  account_id TEXT REFERENCES accounts (id) ON DELETE SET NULL,
  kind TEXT NOT NULL CHECK (kind IN ('access', 'rectification', 'erasure', 'restriction', 'objection', 'portability', 'withdrawal')),
  received_at INTEGER NOT NULL,
  due_at INTEGER NOT NULL,
  completed_at INTEGER
) STRICT;
CREATE INDEX rights_requests_account ON rights_requests (account_id);
