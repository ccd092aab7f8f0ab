import type { Db } from '../db/open.ts';

import type { RightsRequestKind } from '../personal-data/registry.ts';
export type { RightsRequestKind };

export interface RightsRequest {
  id: string;
  accountId: string | null;
  /** The collectivité it came through; null for requests logged before it was recorded. */
  tenantId: string | null;
  kind: RightsRequestKind;
  receivedAt: number;
  dueAt: number;
  completedAt: number | null;
}

export interface RightsStore {
  insert(request: RightsRequest): Promise<void>;
  complete(id: string, at: number): Promise<void>;
  /** Marks a request pending again (an erasure whose WAL truncation had to be given up). */
  reopen(id: string): Promise<void>;
  listForAccount(accountId: string): Promise<RightsRequest[]>;
  /** Keeps the log line (kind and dates) but cuts its link to the account. */
  unlinkAccount(accountId: string): Promise<void>;
  listPending(): Promise<RightsRequest[]>;
  /** A tenant's ledger, newest first. */
  listForTenant(tenantId: string, limit: number): Promise<RightsRequest[]>;
  /**
   * Flushes the WAL into the main file and truncates it, so erased rows leave no copy behind. Never blocks the
   * event loop; throws when a reader kept the database busy for too long.
   */
  compact(): Promise<void>;
}

interface RightsRow {
  id: string;
  account_id: string | null;
  tenant_id: string | null;
  kind: RightsRequestKind;
  received_at: number;
  due_at: number;
  completed_at: number | null;
}

const toRequest = (row: RightsRow): RightsRequest => ({
  id: row.id,
  accountId: row.account_id,
  tenantId: row.tenant_id,
  kind: row.kind,
  receivedAt: row.received_at,
  dueAt: row.due_at,
  completedAt: row.completed_at,
});

export function createSqliteRightsStore(db: Db, compact: () => Promise<void>): RightsStore {
  const insert = db.prepare(`
    INSERT INTO rights_requests (id, account_id, tenant_id, kind, received_at, due_at, completed_at)
    VALUES (:id, :accountId, :tenantId, :kind, :receivedAt, :dueAt, :completedAt)`);
  const complete = db.prepare('UPDATE rights_requests SET completed_at = ? WHERE id = ?');
  const reopen = db.prepare('UPDATE rights_requests SET completed_at = NULL WHERE id = ?');
  const list = db.prepare<[string], RightsRow>('SELECT * FROM rights_requests WHERE account_id = ? ORDER BY received_at');
  const unlink = db.prepare('UPDATE rights_requests SET account_id = NULL WHERE account_id = ?');
  const pending = db.prepare<[], RightsRow>('SELECT * FROM rights_requests WHERE completed_at IS NULL ORDER BY received_at');
  const ofTenant = db.prepare<[string, number], RightsRow>('SELECT * FROM rights_requests WHERE tenant_id = ? ORDER BY received_at DESC, rowid DESC LIMIT ?');
  return {
    async insert(request) {
      insert.run({ ...request });
    },
    async complete(id, at) {
      complete.run(at, id);
    },
    async reopen(id) {
      reopen.run(id);
    },
    async listForAccount(accountId) {
      return list.all(accountId).map(toRequest);
    },
    async unlinkAccount(accountId) {
      unlink.run(accountId);
    },
    async listPending() {
      return pending.all().map(toRequest);
    },
    async listForTenant(tenantId, limit) {
      return ofTenant.all(tenantId, limit).map(toRequest);
    },
    compact,
  };
}
