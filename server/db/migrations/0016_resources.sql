-- The resource board: local businesses offer or request staff, equipment, premises or vehicles to one another.
-- A business profile belongs to an account (erased with it); a post belongs to a 'resources' consultation and
-- to its author's account. Moderation (published at once or after review, hidden with a statement of reasons)
-- lives in moderation_targets (kind 'resource').

CREATE TABLE business_profiles (
  account_id TEXT PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
  trade_name TEXT NOT NULL,
  siret TEXT NOT NULL CHECK (length(siret) = 14),
  sector TEXT NOT NULL,
  commune TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE resource_posts (
  seq INTEGER PRIMARY KEY,                          -- stable row id: the search index's and the pages' tie-breaker
  id TEXT NOT NULL UNIQUE,                          -- random, public (deep links, moderation target id)
  consultation_id TEXT NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
  account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  direction TEXT NOT NULL CHECK (direction IN ('offer', 'request')),
  kind TEXT NOT NULL CHECK (kind IN ('staff', 'equipment', 'premises', 'vehicle', 'other')),
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  quantity TEXT,
  period_start TEXT,                                -- ISO dates (YYYY-MM-DD), both optional
  period_end TEXT,
  place TEXT NOT NULL,                              -- a commune or quartier id of the board's settings
  paid INTEGER NOT NULL CHECK (paid IN (0, 1)),
  closed_at INTEGER,                                -- closed by its author
  expires_at INTEGER NOT NULL,                      -- renewed by its author
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX resource_posts_newest ON resource_posts (consultation_id, created_at, seq);
CREATE INDEX resource_posts_account ON resource_posts (account_id);

-- Accent-insensitive search in titles and descriptions, kept in step by triggers.
CREATE VIRTUAL TABLE resource_posts_search USING fts5 (
  title, description, content = 'resource_posts', content_rowid = 'seq', tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER resource_posts_search_insert AFTER INSERT ON resource_posts BEGIN
  INSERT INTO resource_posts_search (rowid, title, description) VALUES (new.seq, new.title, new.description);
END;
CREATE TRIGGER resource_posts_search_delete AFTER DELETE ON resource_posts BEGIN
  INSERT INTO resource_posts_search (resource_posts_search, rowid, title, description) VALUES ('delete', old.seq, old.title, old.description);
END;
CREATE TRIGGER resource_posts_search_update AFTER UPDATE OF title, description ON resource_posts BEGIN
  INSERT INTO resource_posts_search (resource_posts_search, rowid, title, description) VALUES ('delete', old.seq, old.title, old.description);
  INSERT INTO resource_posts_search (rowid, title, description) VALUES (new.seq, new.title, new.description);
END;
