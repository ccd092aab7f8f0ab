import type { Db } from '../db/open.ts';
import type { StaffRole } from '../tenants/tenants.store.ts';

/** Who acted: a staff member (by account), the operator on the command line, or a staff member since erased. */
export type AuditActor = 'staff' | 'operator' | 'former_staff';

/** One staff action or operator command, its values already masked (see `maskPersonalData`). */
export interface NewAuditEvent {
  tenantId: string | null;
  accountId: string | null;
  actor: Exclude<AuditActor, 'former_staff'>;
  role: StaffRole | null;
  action: string;
  target: string | null;
  before: unknown;
  after: unknown;
  createdAt: number;
}

export interface AuditEvent extends Omit<NewAuditEvent, 'actor'> {
  id: number;
  actor: AuditActor;
  formerStaffNumber: number | null;
}

export interface AuditFilter {
  tenantId: string;
  /** An account id, or `operator`. */
  actor?: string;
  target?: string;
  from?: number;
  to?: number;
  /** Events older than this id (the cursor of the previous page). */
  beforeId?: number;
  limit: number;
}

export interface AuditStore {
  /** Writes one event on its own (an action that is no single SQL transaction, a command). */
  record(event: NewAuditEvent): Promise<void>;
  /** A tenant's events, newest first, filtered. */
  list(filter: AuditFilter): Promise<AuditEvent[]>;
  /** What the account did as staff, oldest first (its export). */
  listByAccount(accountId: string): Promise<AuditEvent[]>;
  /** Cuts the rows' link to the account: they name "former staff member #n", n new and never reused. */
  anonymiseActor(accountId: string, at: number): Promise<number | null>;
  /** Deletes the events recorded at or before `cutoff`; returns how many. */
  deleteUpTo(cutoff: number): Promise<number>;
}

interface AuditRow {
  id: number;
  tenant_id: string | null;
  account_id: string | null;
  actor: AuditActor;
  former_staff_number: number | null;
  role: StaffRole | null;
  action: string;
  target: string | null;
  before: string | null;
  after: string | null;
  created_at: number;
}

const toEvent = (row: AuditRow): AuditEvent => ({
  id: row.id,
  tenantId: row.tenant_id,
  accountId: row.account_id,
  actor: row.actor,
  formerStaffNumber: row.former_staff_number,
  role: row.role,
  action: row.action,
  target: row.target,
  before: row.before === null ? null : JSON.parse(row.before),
  after: row.after === null ? null : JSON.parse(row.after),
  createdAt: row.created_at,
});

const json = (value: unknown) => (value === undefined || value === null ? null : JSON.stringify(value));

/**
 * The one insert of an audit event, prepared on `db`: other stores run it inside their own transaction, so that
 * an action and its record are written together or not at all.
 *
 * @example
 * const audit = insertAuditEvent(db);
 * db.transaction(() => { insertStmt.run(row); audit(event); })();
 */
export function insertAuditEvent(db: Db): (event: NewAuditEvent) => void {
  const stmt = db.prepare(`
    INSERT INTO audit_events (tenant_id, account_id, actor, role, action, target, before, after, created_at)
    VALUES (:tenantId, :accountId, :actor, :role, :action, :target, :before, :after, :createdAt)`);
  return (event) => stmt.run({ ...event, before: json(event.before), after: json(event.after) });
}

export function createSqliteAuditStore(db: Db): AuditStore {
  const insert = insertAuditEvent(db);
  const listStmt = db.prepare<Record<string, unknown>, AuditRow>(`
    SELECT * FROM audit_events
    WHERE tenant_id = :tenantId
      AND (:actor IS NULL OR (:actor = 'operator' AND actor = 'operator') OR account_id = :actor)
      AND (:target IS NULL OR target = :target)
      AND (:from IS NULL OR created_at >= :from)
      AND (:to IS NULL OR created_at < :to)
      AND (:beforeId IS NULL OR id < :beforeId)
    ORDER BY id DESC LIMIT :limit`);
  const byAccountStmt = db.prepare<[string], AuditRow>('SELECT * FROM audit_events WHERE account_id = ? ORDER BY id');
  const newNumberStmt = db.prepare<[number], { number: number }>('INSERT INTO former_staff (erased_at) VALUES (?) RETURNING number');
  const anonymiseStmt = db.prepare(`UPDATE audit_events SET account_id = NULL, actor = 'former_staff', former_staff_number = ? WHERE account_id = ?`);
  const hasRowsStmt = db.prepare<[string], { one: number }>('SELECT 1 AS one FROM audit_events WHERE account_id = ? LIMIT 1');
  const deleteStmt = db.prepare('DELETE FROM audit_events WHERE created_at <= ?');
  const anonymise = db.transaction((accountId: string, at: number) => {
    if (!hasRowsStmt.get(accountId)) return null;
    const { number } = newNumberStmt.get(at)!;
    anonymiseStmt.run(number, accountId);
    return number;
  });

  return {
    async record(event) {
      insert(event);
    },
    async list(filter) {
      const { tenantId, actor = null, target = null, from = null, to = null, beforeId = null, limit } = filter;
      return listStmt.all({ tenantId, actor, target, from, to, beforeId, limit }).map(toEvent);
    },
    async listByAccount(accountId) {
      return byAccountStmt.all(accountId).map(toEvent);
    },
    async anonymiseActor(accountId, at) {
      return anonymise(accountId, at);
    },
    async deleteUpTo(cutoff) {
      return deleteStmt.run(cutoff).changes;
    },
  };
}
