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

-- Contact in complete confidentiality: a business writes to a post's author through the board, which relays
-- each message by mail without either address; both read and answer the thread in the widget. A party may
-- choose to share its address, which is then written in the thread. Threads are erased 90 days after their
-- post closed or expired (the retention job).
CREATE TABLE resource_threads (
  id TEXT PRIMARY KEY,                              -- random, in the reply link (#civique-thread=…)
  post_id TEXT NOT NULL REFERENCES resource_posts (id) ON DELETE CASCADE,
  asker_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  return_url TEXT NOT NULL,                         -- the board's page on the commune's site: mails link back there
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (post_id, asker_id)
) STRICT;
CREATE INDEX resource_threads_asker ON resource_threads (asker_id);

CREATE TABLE resource_messages (
  id INTEGER PRIMARY KEY,
  thread_id TEXT NOT NULL REFERENCES resource_threads (id) ON DELETE CASCADE,
  from_owner INTEGER NOT NULL CHECK (from_owner IN (0, 1)),   -- written by the post's author (1) or the asker (0)
  body TEXT NOT NULL,
  shared_email TEXT,                                -- the address its writer chose to share with the other, if any
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX resource_messages_thread ON resource_messages (thread_id, id);

-- A relayed message's mail is erased from the outbox as soon as it is delivered (its text lives in the thread).
ALTER TABLE outbox ADD COLUMN erase_when_sent INTEGER NOT NULL DEFAULT 0 CHECK (erase_when_sent IN (0, 1));
