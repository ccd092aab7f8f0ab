-- A proposal's moderation record follows the proposal, kept in step by the database as a foreign key would
-- (moderation_targets points at contents of several features, so it cannot declare one): erased with the
-- proposal, however it goes (its author's erasure, its consultation's deletion), and without author once the
-- proposal has none (account erasure keeping it published, retention end). The proposals' code never writes
-- the moderation module's table.
CREATE INDEX moderation_targets_target ON moderation_targets (kind, target_id);

CREATE TRIGGER proposals_moderation_erased AFTER DELETE ON proposals BEGIN
  DELETE FROM moderation_targets WHERE kind = 'proposal' AND target_id = old.id;
END;

CREATE TRIGGER proposals_moderation_unlinked AFTER UPDATE OF account_id ON proposals WHEN new.account_id IS NULL BEGIN
  UPDATE moderation_targets SET author_id = NULL WHERE kind = 'proposal' AND target_id = new.id AND author_id IS NOT NULL;
END;
