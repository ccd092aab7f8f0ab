-- Ballots of 'vote' and 'budget' consultations, and the counters their results are read from.
-- A participant is an account or an anonymous participant id, stored only as its SHA-256 (the widget keeps the
-- 128-bit id itself). One live ballot per participant and consultation: casting again changes it in place.

CREATE TABLE ballots (
  id INTEGER PRIMARY KEY,
  consultation_id TEXT NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
  -- Cut on account erasure and at the consultation's retention end; the ballot itself keeps counting.
  account_id TEXT REFERENCES accounts (id) ON DELETE SET NULL,
  participant_hash BLOB CHECK (participant_hash IS NULL OR length(participant_hash) = 32),
  district TEXT,                             -- budgets with districts: the one district voted in
  choice TEXT NOT NULL CHECK (json_valid(choice)),   -- JSON array of option or project ids; ranking: best first
  status TEXT NOT NULL CHECK (status IN ('accepted', 'quarantined', 'rejected')),
  reasons TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(reasons)),  -- why it was quarantined: ip_cap, prefix_cap
  cast_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  reviewed_at INTEGER,                       -- when staff accepted or rejected it out of quarantine
  CHECK (account_id IS NULL OR participant_hash IS NULL)
) STRICT;
CREATE UNIQUE INDEX ballots_one_per_account ON ballots (consultation_id, account_id) WHERE account_id IS NOT NULL;
CREATE UNIQUE INDEX ballots_one_per_participant ON ballots (consultation_id, participant_hash) WHERE participant_hash IS NOT NULL;
CREATE INDEX ballots_quarantine ON ballots (consultation_id, id) WHERE status = 'quarantined';
CREATE INDEX ballots_account ON ballots (account_id) WHERE account_id IS NOT NULL;

-- Counters per option (or project), kept in the same transaction as every cast, change, withdrawal and review,
-- so results never scan ballots. Only accepted ballots count. `district` is '' when there are no districts.
CREATE TABLE ballot_tallies (
  consultation_id TEXT NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
  district TEXT NOT NULL,
  option_id TEXT NOT NULL,
  votes INTEGER NOT NULL,                    -- counted ballots that chose (or ranked) the option
  first INTEGER NOT NULL,                    -- counted ballots that put it first (ranking: first preferences)
  points INTEGER NOT NULL,                   -- modified Borda points: k - i for position i of a k-option ranking
  PRIMARY KEY (consultation_id, district, option_id)
) STRICT, WITHOUT ROWID;

-- Ballots per consultation and district, by status.
CREATE TABLE ballot_totals (
  consultation_id TEXT NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
  district TEXT NOT NULL,
  counted INTEGER NOT NULL,
  quarantined INTEGER NOT NULL,
  rejected INTEGER NOT NULL,
  PRIMARY KEY (consultation_id, district)
) STRICT, WITHOUT ROWID;
