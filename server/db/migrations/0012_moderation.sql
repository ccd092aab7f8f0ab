-- Staff operations on consultations: an archived consultation leaves the public list; staff still read it and its results.
ALTER TABLE consultations ADD COLUMN archived_at INTEGER;

-- Moderation shared by every kind of contribution (proposals, resource posts…): the moderation state of each
-- piece of content, separate from any answer or lifecycle state, the flags citizens raise and the decisions
-- staff take, each with its statement of reasons.
CREATE TABLE moderation_targets (
  id INTEGER PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  kind TEXT NOT NULL,                               -- 'proposal', 'resourcePost'…
  target_id TEXT NOT NULL,                          -- the content's id in its own feature
  author_id TEXT REFERENCES accounts (id) ON DELETE SET NULL,
  state TEXT NOT NULL CHECK (state IN ('submitted', 'published', 'rejected', 'hidden')),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (tenant_id, kind, target_id)
) STRICT;
CREATE INDEX moderation_targets_queue ON moderation_targets (tenant_id, state, kind, updated_at);
CREATE INDEX moderation_targets_author ON moderation_targets (author_id);

CREATE TABLE moderation_flags (
  id INTEGER PRIMARY KEY,
  moderation_target INTEGER NOT NULL REFERENCES moderation_targets (id) ON DELETE CASCADE,
  account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  reason TEXT NOT NULL,
  text TEXT,
  counts INTEGER NOT NULL CHECK (counts IN (0, 1)),  -- 1: raised from a verified email, counts toward automatic hiding
  created_at INTEGER NOT NULL,
  UNIQUE (moderation_target, account_id)
) STRICT;
CREATE INDEX moderation_flags_account ON moderation_flags (account_id);

CREATE TABLE moderation_decisions (
  id INTEGER PRIMARY KEY,
  moderation_target INTEGER NOT NULL REFERENCES moderation_targets (id) ON DELETE CASCADE,
  from_state TEXT NOT NULL,
  to_state TEXT NOT NULL,
  statement TEXT NOT NULL,                          -- the statement of reasons shown and mailed to the author
  moderator_id TEXT REFERENCES accounts (id) ON DELETE SET NULL,   -- NULL: automatic (flags), or former staff
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX moderation_decisions_target ON moderation_decisions (moderation_target, id);
CREATE INDEX moderation_decisions_moderator ON moderation_decisions (moderator_id);

-- What a tenant's admin sets beside its name and allowed origins: how it appears, whom citizens write to about
-- their data, and how long consultations keep personal data unless staff say otherwise.
CREATE TABLE tenant_settings (
  tenant_id TEXT PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
  logo_url TEXT,                                    -- https only
  privacy_contact TEXT,                             -- the DPO's address or contact page
  default_retention_days INTEGER CHECK (default_retention_days BETWEEN 1 AND 3650),
  flag_threshold INTEGER CHECK (flag_threshold BETWEEN 2 AND 100),   -- NULL: the default (3)
  updated_at INTEGER NOT NULL
) STRICT;
