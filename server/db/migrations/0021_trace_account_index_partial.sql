-- Most traces are anonymous: their account_id is NULL and no query looks them up by it. The account index keeps
-- only traces that have an account (account erasure, data export, the cascade when an account is deleted), so
-- an anonymous participation writes one B-tree fewer.
DROP INDEX ip_traces_account;
CREATE INDEX ip_traces_account ON ip_traces (account_id) WHERE account_id IS NOT NULL;
