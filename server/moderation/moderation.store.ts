import type { Db } from '../db/open.ts';
import { insertOutboxMail, type OutboxMail } from '../mail/outbox.store.ts';
import type { FlagReason, ModerationState } from './moderation.ts';

export interface ModerationTarget {
  id: number;
  tenantId: string;
  kind: string;
  targetId: string;
  authorId: string | null;
  state: ModerationState;
  /** Flags from verified accounts: the ones that count toward automatic hiding. */
  countingFlags: number;
  flags: number;
  createdAt: number;
  updatedAt: number;
}

export interface ModerationFlag {
  kind: string;
  targetId: string;
  reason: FlagReason;
  text: string | null;
  counts: boolean;
  createdAt: number;
}

export interface ModerationDecision {
  kind: string;
  targetId: string;
  fromState: ModerationState;
  toState: ModerationState;
  statement: string;
  automatic: boolean;
  createdAt: number;
}

export interface QueueFilter {
  state?: ModerationState;
  kind?: string;
  /** Only content with at least one flag (true) or none (false). */
  flagged?: boolean;
  limit: number;
}

export interface ModerationStore {
  /** Registers content for moderation (a feature calls it when content is submitted), or returns it as it is. */
  register(target: {
    tenantId: string;
    kind: string;
    targetId: string;
    authorId: string | null;
    state: ModerationState;
    now: number;
  }): Promise<ModerationTarget>;
  get(tenantId: string, kind: string, targetId: string): Promise<ModerationTarget | undefined>;
  /** False when the account had already flagged it. */
  addFlag(target: number, flag: { accountId: string; reason: FlagReason; text: string | null; counts: boolean; createdAt: number }): Promise<boolean>;
  /**
   * Moves the content from `from` to `to` with its statement of reasons, and queues the author's mail, in one
   * transaction; false (nothing written) when the content is no longer in `from`.
   */
  decide(decision: {
    target: number;
    from: ModerationState;
    to: ModerationState;
    statement: string;
    moderatorId: string | null;
    now: number;
    mail?: OutboxMail;
  }): Promise<boolean>;
  queue(tenantId: string, filter: QueueFilter): Promise<ModerationTarget[]>;
  /** The decisions about an author's content, newest first. */
  decisionsForAuthor(accountId: string, tenantId?: string): Promise<ModerationDecision[]>;
  flagsOf(accountId: string): Promise<ModerationFlag[]>;
  /** Erasure: the account's flags go, its content stays unlinked, its decisions as staff lose their name. */
  eraseAccount(accountId: string): Promise<void>;
}

interface TargetRow {
  id: number;
  tenant_id: string;
  kind: string;
  target_id: string;
  author_id: string | null;
  state: ModerationState;
  counting_flags: number;
  flags: number;
  created_at: number;
  updated_at: number;
}

const toTarget = (row: TargetRow): ModerationTarget => ({
  id: row.id,
  tenantId: row.tenant_id,
  kind: row.kind,
  targetId: row.target_id,
  authorId: row.author_id,
  state: row.state,
  countingFlags: row.counting_flags,
  flags: row.flags,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const WITH_FLAGS = `SELECT t.*,
    (SELECT count(*) FROM moderation_flags f WHERE f.moderation_target = t.id AND f.counts = 1) AS counting_flags,
    (SELECT count(*) FROM moderation_flags f WHERE f.moderation_target = t.id) AS flags
  FROM moderation_targets t`;

export function createSqliteModerationStore(db: Db): ModerationStore {
  const insertTarget = db.prepare(`
    INSERT INTO moderation_targets (tenant_id, kind, target_id, author_id, state, created_at, updated_at)
    VALUES (:tenantId, :kind, :targetId, :authorId, :state, :now, :now)
    ON CONFLICT (tenant_id, kind, target_id) DO NOTHING`);
  const getTarget = db.prepare<{ tenantId: string; kind: string; targetId: string }, TargetRow>(
    `${WITH_FLAGS} WHERE t.tenant_id = :tenantId AND t.kind = :kind AND t.target_id = :targetId`,
  );
  const insertFlag = db.prepare(`
    INSERT INTO moderation_flags (moderation_target, account_id, reason, text, counts, created_at)
    VALUES (:target, :accountId, :reason, :text, :counts, :createdAt)
    ON CONFLICT (moderation_target, account_id) DO NOTHING`);
  const moveState = db.prepare('UPDATE moderation_targets SET state = :to, updated_at = :now WHERE id = :target AND state = :from');
  const insertDecision = db.prepare(`
    INSERT INTO moderation_decisions (moderation_target, from_state, to_state, statement, moderator_id, created_at)
    VALUES (:target, :from, :to, :statement, :moderatorId, :now)`);
  const decideTx = db.transaction((d: Parameters<ModerationStore['decide']>[0]) => {
    if (moveState.run({ target: d.target, from: d.from, to: d.to, now: d.now }).changes === 0) return false;
    insertDecision.run({ target: d.target, from: d.from, to: d.to, statement: d.statement, moderatorId: d.moderatorId, now: d.now });
    if (d.mail) insertOutboxMail(db, d.mail);
    return true;
  });
  const decisionsForAuthor = db.prepare<{ accountId: string; tenantId: string | null }, Record<string, unknown>>(`
    SELECT t.kind, t.target_id, d.from_state, d.to_state, d.statement, d.moderator_id IS NULL AS automatic, d.created_at
    FROM moderation_decisions d JOIN moderation_targets t ON t.id = d.moderation_target
    WHERE t.author_id = :accountId AND (:tenantId IS NULL OR t.tenant_id = :tenantId)
    ORDER BY d.id DESC`);
  const flagsOf = db.prepare<[string], Record<string, unknown>>(`
    SELECT t.kind, t.target_id, f.reason, f.text, f.counts, f.created_at
    FROM moderation_flags f JOIN moderation_targets t ON t.id = f.moderation_target WHERE f.account_id = ? ORDER BY f.id`);
  const deleteFlags = db.prepare('DELETE FROM moderation_flags WHERE account_id = ?');
  const unlinkAuthor = db.prepare('UPDATE moderation_targets SET author_id = NULL WHERE author_id = ?');
  const unlinkModerator = db.prepare('UPDATE moderation_decisions SET moderator_id = NULL WHERE moderator_id = ?');
  const eraseTx = db.transaction((accountId: string) => {
    deleteFlags.run(accountId);
    unlinkAuthor.run(accountId);
    unlinkModerator.run(accountId);
  });

  return {
    async register(target) {
      insertTarget.run(target);
      return toTarget(getTarget.get(target)!);
    },
    async get(tenantId, kind, targetId) {
      const row = getTarget.get({ tenantId, kind, targetId });
      return row && toTarget(row);
    },
    async addFlag(target, flag) {
      return insertFlag.run({ target, ...flag, counts: flag.counts ? 1 : 0 }).changes === 1;
    },
    async decide(decision) {
      return decideTx.immediate(decision);
    },
    async queue(tenantId, filter) {
      // Filters are fixed clauses with named parameters; only their presence varies.
      const where = ['t.tenant_id = :tenantId'];
      if (filter.state) where.push('t.state = :state');
      if (filter.kind) where.push('t.kind = :kind');
      if (filter.flagged !== undefined) where.push(`${filter.flagged ? '' : 'NOT '}EXISTS (SELECT 1 FROM moderation_flags f WHERE f.moderation_target = t.id)`);
      const rows = db
        .prepare<Record<string, unknown>, TargetRow>(`${WITH_FLAGS} WHERE ${where.join(' AND ')} ORDER BY t.updated_at, t.id LIMIT :limit`)
        .all({ tenantId, limit: filter.limit, ...(filter.state ? { state: filter.state } : {}), ...(filter.kind ? { kind: filter.kind } : {}) });
      return rows.map(toTarget);
    },
    async decisionsForAuthor(accountId, tenantId) {
      return decisionsForAuthor.all({ accountId, tenantId: tenantId ?? null }).map((row) => ({
        kind: row.kind as string,
        targetId: row.target_id as string,
        fromState: row.from_state as ModerationState,
        toState: row.to_state as ModerationState,
        statement: row.statement as string,
        automatic: row.automatic === 1,
        createdAt: row.created_at as number,
      }));
    },
    async flagsOf(accountId) {
      return flagsOf.all(accountId).map((row) => ({
        kind: row.kind as string,
        targetId: row.target_id as string,
        reason: row.reason as FlagReason,
        text: row.text as string | null,
        counts: row.counts === 1,
        createdAt: row.created_at as number,
      }));
    },
    async eraseAccount(accountId) {
      eraseTx(accountId);
    },
  };
}
