-- Whether the mails telling authors of an official answer were delivered: staff see it beside each answer.
-- One row per answer mail queued, named by the outbox's message id (random, no address); a trigger copies the
-- outbox's status here, so the state stays known after the outbox erases its finished mails.
CREATE TABLE proposal_answer_mails (
  message_id TEXT PRIMARY KEY,
  proposal_id TEXT NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX proposal_answer_mails_proposal ON proposal_answer_mails (proposal_id, created_at);

CREATE TRIGGER proposal_answer_mails_status AFTER UPDATE OF status ON outbox BEGIN
  UPDATE proposal_answer_mails SET status = new.status WHERE message_id = new.message_id;
END;

-- The collectivité a data-rights request came through (its widgets, or the operator's intake for it): its admins
-- read their ledger of requests and due dates. Requests logged before this column have none, and are in no ledger.
ALTER TABLE rights_requests ADD COLUMN tenant_id TEXT REFERENCES tenants (id) ON DELETE SET NULL;
CREATE INDEX rights_requests_tenant ON rights_requests (tenant_id, received_at);
