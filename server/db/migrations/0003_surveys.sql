-- Survey responses, server-side drafts (accounts only) and the counters survey results are read from.

CREATE TABLE survey_responses (
  id INTEGER PRIMARY KEY,
  consultation_id TEXT NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
  account_id TEXT REFERENCES accounts (id) ON DELETE SET NULL,
  participant_hash BLOB CHECK (participant_hash IS NULL OR length(participant_hash) = 32),
  answers TEXT NOT NULL CHECK (json_valid(answers)),         -- { questionId: answer }
  profile TEXT CHECK (profile IS NULL OR json_valid(profile)), -- optional representativeness answers
  -- The counter keys this response added while accepted, so that replacing or reviewing it reverses exactly
  -- what was added, even if staff edited the questions in between.
  tally TEXT NOT NULL CHECK (json_valid(tally)),
  status TEXT NOT NULL CHECK (status IN ('accepted', 'quarantined', 'rejected')),
  reasons TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(reasons)),
  submitted_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  reviewed_at INTEGER,
  CHECK (account_id IS NULL OR participant_hash IS NULL)
) STRICT;
CREATE UNIQUE INDEX survey_responses_one_per_account ON survey_responses (consultation_id, account_id) WHERE account_id IS NOT NULL;
CREATE UNIQUE INDEX survey_responses_one_per_participant ON survey_responses (consultation_id, participant_hash) WHERE participant_hash IS NOT NULL;
CREATE INDEX survey_responses_quarantine ON survey_responses (consultation_id, id) WHERE status = 'quarantined';
CREATE INDEX survey_responses_account ON survey_responses (account_id) WHERE account_id IS NOT NULL;

-- Save-and-resume for signed-in citizens; deleted when the response is submitted.
CREATE TABLE survey_drafts (
  consultation_id TEXT NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
  account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  answers TEXT NOT NULL CHECK (json_valid(answers)),
  profile TEXT CHECK (profile IS NULL OR json_valid(profile)),
  saved_at INTEGER NOT NULL,
  PRIMARY KEY (consultation_id, account_id)
) STRICT;
CREATE INDEX survey_drafts_account ON survey_drafts (account_id);

-- Counters per question and value (an option id, or a scale or number value as text), accepted responses only.
-- The value '' counts the responses that answered the question at all.
CREATE TABLE survey_tallies (
  consultation_id TEXT NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
  question_id TEXT NOT NULL,
  value TEXT NOT NULL,
  count INTEGER NOT NULL,
  first INTEGER NOT NULL,                    -- ranking questions: first preferences
  points INTEGER NOT NULL,                   -- ranking questions: modified Borda points
  PRIMARY KEY (consultation_id, question_id, value)
) STRICT, WITHOUT ROWID;

CREATE TABLE survey_totals (
  consultation_id TEXT PRIMARY KEY REFERENCES consultations (id) ON DELETE CASCADE,
  counted INTEGER NOT NULL,
  quarantined INTEGER NOT NULL,
  rejected INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
