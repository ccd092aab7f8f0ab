-- A resource post's moderation record goes with the post, however it goes (its author's erasure, its board's
-- retention end, its consultation's deletion), kept in step by the database as for proposals (0019).
CREATE TRIGGER resource_posts_moderation_erased AFTER DELETE ON resource_posts BEGIN
  DELETE FROM moderation_targets WHERE kind = 'resourcePost' AND target_id = old.id;
END;
