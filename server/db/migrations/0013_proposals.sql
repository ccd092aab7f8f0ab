-- Proposals of 'proposals' consultations: citizens' ideas, their official answers, the supports they gather,
-- the images attached to them and the anonymous authors' addresses kept only to tell them of the answer.
-- Moderation (submitted → published | rejected | hidden) lives in moderation_targets (kind 'proposal'); the
-- answer is a separate state here, so that publishing, hiding and answering never overwrite each other.

CREATE TABLE proposal_images (
  id TEXT PRIMARY KEY,                              -- random, in the image's URL
  consultation_id TEXT NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
  account_id TEXT REFERENCES accounts (id) ON DELETE CASCADE,
  participant_hash BLOB CHECK (participant_hash IS NULL OR length(participant_hash) = 32),
  content_type TEXT NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  bytes BLOB NOT NULL,                              -- re-encoded by the widget; checked here (magic bytes, size, dimensions)
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX proposal_images_account ON proposal_images (account_id) WHERE account_id IS NOT NULL;
CREATE INDEX proposal_images_created ON proposal_images (created_at);

CREATE TABLE proposals (
  seq INTEGER PRIMARY KEY,                          -- stable row id: the search index's and the pages' tie-breaker
  id TEXT NOT NULL UNIQUE,                          -- random, public (deep links, moderation target id)
  consultation_id TEXT NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
  -- The author: an account, or an anonymous participant id (SHA-256); both cut when the author leaves.
  account_id TEXT REFERENCES accounts (id) ON DELETE SET NULL,
  participant_hash BLOB CHECK (participant_hash IS NULL OR length(participant_hash) = 32),
  title TEXT NOT NULL,
  text TEXT NOT NULL,
  category TEXT,
  quartier TEXT,
  image_id TEXT REFERENCES proposal_images (id) ON DELETE SET NULL,
  contact_consent INTEGER NOT NULL CHECK (contact_consent IN (0, 1)),   -- "the authority may contact me about it"
  return_url TEXT NOT NULL,                         -- the host page it was sent from: mails link back there
  withdrawn_at INTEGER,                             -- the author withdrew it: shown to no one any more
  support_count INTEGER NOT NULL DEFAULT 0,         -- accepted supports, kept in the supports' transaction
  answer_status TEXT NOT NULL DEFAULT 'none' CHECK (answer_status IN ('none', 'under_study', 'accepted', 'refused', 'selected')),
  answer_text TEXT,
  answering_body TEXT,
  answered_at INTEGER,                              -- when the answer was published
  draft_status TEXT CHECK (draft_status IN ('under_study', 'accepted', 'refused', 'selected')),
  draft_text TEXT,
  draft_answering_body TEXT,
  draft_by TEXT REFERENCES accounts (id) ON DELETE SET NULL,
  draft_updated_at INTEGER,
  budget_project_id TEXT,                           -- the budget project it was copied to, with its author's agreement
  created_at INTEGER NOT NULL,
  CHECK (account_id IS NULL OR participant_hash IS NULL)
) STRICT;
CREATE INDEX proposals_newest ON proposals (consultation_id, created_at, seq);
CREATE INDEX proposals_supported ON proposals (consultation_id, support_count, seq);
CREATE INDEX proposals_answered ON proposals (consultation_id, coalesce(answered_at, 0), seq);
CREATE INDEX proposals_account ON proposals (account_id) WHERE account_id IS NOT NULL;
CREATE INDEX proposals_participant ON proposals (participant_hash) WHERE participant_hash IS NOT NULL;

-- Accent-insensitive search in titles and texts ("renover" finds "Rénover"), kept in step by triggers.
CREATE VIRTUAL TABLE proposals_search USING fts5 (
  title, text, content = 'proposals', content_rowid = 'seq', tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER proposals_search_insert AFTER INSERT ON proposals BEGIN
  INSERT INTO proposals_search (rowid, title, text) VALUES (new.seq, new.title, new.text);
END;
CREATE TRIGGER proposals_search_delete AFTER DELETE ON proposals BEGIN
  INSERT INTO proposals_search (proposals_search, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
END;
CREATE TRIGGER proposals_search_update AFTER UPDATE OF title, text ON proposals BEGIN
  INSERT INTO proposals_search (proposals_search, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
  INSERT INTO proposals_search (rowid, title, text) VALUES (new.seq, new.title, new.text);
END;

-- Supports: a participation of the core (one per participant and proposal; caps counted per proposal).
CREATE TABLE proposal_supports (
  id INTEGER PRIMARY KEY,
  consultation_id TEXT NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
  proposal_id TEXT NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
  account_id TEXT REFERENCES accounts (id) ON DELETE SET NULL,
  participant_hash BLOB CHECK (participant_hash IS NULL OR length(participant_hash) = 32),
  status TEXT NOT NULL CHECK (status IN ('accepted', 'quarantined', 'rejected')),
  reasons TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(reasons)),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  reviewed_at INTEGER,
  CHECK (account_id IS NULL OR participant_hash IS NULL)
) STRICT;
CREATE UNIQUE INDEX proposal_supports_one_per_account ON proposal_supports (proposal_id, account_id) WHERE account_id IS NOT NULL;
CREATE UNIQUE INDEX proposal_supports_one_per_participant ON proposal_supports (proposal_id, participant_hash) WHERE participant_hash IS NOT NULL;
CREATE INDEX proposal_supports_account ON proposal_supports (account_id) WHERE account_id IS NOT NULL;
CREATE INDEX proposal_supports_mine ON proposal_supports (consultation_id, participant_hash) WHERE participant_hash IS NOT NULL;
CREATE INDEX proposal_supports_consultation ON proposal_supports (consultation_id, id);

-- An anonymous author's address, kept only to tell them of the answer: nothing is sent before it is confirmed
-- (double opt-in). The token of the latest mail, stored hashed, lets the address see, export or erase it.
CREATE TABLE proposal_subscriptions (
  id INTEGER PRIMARY KEY,
  proposal_id TEXT NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
  email TEXT NOT NULL,
  locale TEXT NOT NULL CHECK (locale IN ('fr', 'en')),
  token_hash BLOB NOT NULL UNIQUE,
  confirmed_at INTEGER,
  notified_at INTEGER,                              -- when the answer was mailed
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX proposal_subscriptions_proposal ON proposal_subscriptions (proposal_id);

-- Mails gain a simple HTML part beside the plain text (NULL: text only).
ALTER TABLE outbox ADD COLUMN html TEXT;
