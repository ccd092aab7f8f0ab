-- Proof of cookie consent (civ-consent-banner): one row per choice a visitor made on a tenant's site.
-- `consent_id` is the random id the banner keeps in its first-party cookie: it is how a visitor without an
-- account reads and erases their records. The IP address is never here: only its keyed hashes, in
-- ip_traces (scope 'consent:<tenant>', participation kind 'consent', participation id = this row's id),
-- erased after 90 days like every other trace.

CREATE TABLE consent_records (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  consent_id TEXT NOT NULL,                  -- 32 hex characters, chosen at random by the banner
  account_id TEXT REFERENCES accounts (id) ON DELETE CASCADE,   -- set only when a signed-in session sent it
  action TEXT NOT NULL CHECK (action IN ('accept_all', 'refuse_all', 'custom')),
  choices TEXT NOT NULL CHECK (json_valid(choices)),            -- JSON object: purpose id -> true/false
  config_version TEXT NOT NULL,              -- the host's revision of its purposes
  text_hash TEXT NOT NULL,                   -- SHA-256 (hex) of the banner's text and configuration as shown
  locale TEXT NOT NULL CHECK (locale IN ('fr', 'en')),
  page_origin TEXT,                          -- the host site the choice was made on (its Origin header)
  quarantined INTEGER NOT NULL DEFAULT 0,    -- over the anti-stuffing caps: kept, flagged for review
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX consent_records_consent ON consent_records (tenant_id, consent_id, created_at);
CREATE INDEX consent_records_account ON consent_records (account_id);
CREATE INDEX consent_records_created ON consent_records (created_at);
