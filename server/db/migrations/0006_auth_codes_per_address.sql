-- Single-use codes now name the address they were mailed to (a code proves only that mailbox), carry a
-- public lookup part so wrong tries can be counted against one code, and can be revoked when a newer code of
-- the same purpose is issued or used. An email change waits for the new address's confirmation
-- ('change_email'); the old address gets a code to cancel it ('cancel_email_change').
-- Codes in flight at the upgrade are dropped: they live 30 minutes and can be asked for again.

DROP TABLE auth_codes;
CREATE TABLE auth_codes (
  code_hash TEXT PRIMARY KEY,                -- SHA-256 of the whole code; the code itself is never stored
  lookup TEXT NOT NULL UNIQUE,               -- the code's public first part, to find the row and count wrong tries
  account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  purpose TEXT NOT NULL CHECK (purpose IN ('verify_email', 'reset_password', 'change_email', 'cancel_email_change')),
  email TEXT NOT NULL,                       -- the address the code was mailed to
  failed_attempts INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER,
  revoked_at INTEGER                         -- a newer code of the same purpose was issued or used, or too many wrong tries
) STRICT;
CREATE INDEX auth_codes_account ON auth_codes (account_id, purpose);
