import type { Db } from '../db/open.ts';

/**
 * What a staff member of a tenant may do. `admin`: staff, origins, consultations, and every other role's power;
 * `moderator`: moderation queue and quarantine review; `answerer`: official answers (never moderation).
 */
export const STAFF_ROLES = ['admin', 'moderator', 'answerer'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export interface Tenant {
  id: string;
  name: string;
  allowedOrigins: string[];
  /** The staff console's origins besides the API's own: staff power is used only from these. */
  staffOrigins: string[];
  quartiers: string[];
  createdAt: number;
}

export type TenantInput = Omit<Tenant, 'staffOrigins'> & { staffOrigins?: string[] };

/** One role an account holds in a tenant (an account may hold several). */
export interface StaffMembership {
  tenantId: string;
  accountId: string;
  role: StaffRole;
  createdAt: number;
}

export interface TenantStore {
  get(id: string): Promise<Tenant | undefined>;
  /** Every tenant, by id. */
  list(): Promise<Tenant[]>;
  /**
   * Creates the tenant or, when it exists, updates its name, origins and quartiers; staff origins left out stay
   * as they are (none for a new tenant).
   */
  upsert(tenant: TenantInput): Promise<void>;
  /** Grants one role; granting a role already held changes nothing. */
  addStaff(membership: StaffMembership): Promise<void>;
  /** Every role the account holds, in every tenant. */
  staffMemberships(accountId: string): Promise<StaffMembership[]>;
  /** The roles the account holds in the tenant (none: not staff there). */
  staffRoles(tenantId: string, accountId: string): Promise<StaffRole[]>;
  /** Replaces the account's roles in the tenant by `roles` (none: removes it from the staff), in one transaction. */
  setStaffRoles(tenantId: string, accountId: string, roles: StaffRole[], at: number): Promise<void>;
  /** The tenant's staff: one entry per account, its roles sorted. */
  listStaff(tenantId: string): Promise<{ accountId: string; roles: StaffRole[] }[]>;
  isStaff(tenantId: string, accountId: string): Promise<boolean>;
  removeStaffMemberships(accountId: string): Promise<void>;
}

interface TenantRow {
  id: string;
  name: string;
  allowed_origins: string;
  staff_origins: string;
  quartiers: string;
  created_at: number;
}

interface StaffRow {
  tenant_id: string;
  account_id: string;
  role: StaffRole;
  created_at: number;
}

const toTenant = (row: TenantRow): Tenant => ({
  id: row.id,
  name: row.name,
  allowedOrigins: JSON.parse(row.allowed_origins),
  staffOrigins: JSON.parse(row.staff_origins),
  quartiers: JSON.parse(row.quartiers),
  createdAt: row.created_at,
});

const toMembership = (row: StaffRow): StaffMembership => ({
  tenantId: row.tenant_id,
  accountId: row.account_id,
  role: row.role,
  createdAt: row.created_at,
});

export function createSqliteTenantStore(db: Db): TenantStore {
  const getStmt = db.prepare<[string], TenantRow>('SELECT * FROM tenants WHERE id = ?');
  const listStmt = db.prepare<[], TenantRow>('SELECT * FROM tenants ORDER BY id');
  const upsertStmt = db.prepare(`
    INSERT INTO tenants (id, name, allowed_origins, staff_origins, quartiers, created_at)
    VALUES (:id, :name, :allowedOrigins, coalesce(:staffOrigins, '[]'), :quartiers, :createdAt)
    ON CONFLICT (id) DO UPDATE SET name = excluded.name, allowed_origins = excluded.allowed_origins,
      staff_origins = coalesce(:staffOrigins, staff_origins), quartiers = excluded.quartiers`);
  const addStaffStmt = db.prepare(`
    INSERT INTO staff_memberships (tenant_id, account_id, role, created_at)
    VALUES (:tenantId, :accountId, :role, :createdAt)
    ON CONFLICT (tenant_id, account_id, role) DO NOTHING`);
  const membershipsStmt = db.prepare<[string], StaffRow>('SELECT * FROM staff_memberships WHERE account_id = ? ORDER BY tenant_id, role');
  const rolesStmt = db.prepare<[string, string], { role: StaffRole }>(
    'SELECT role FROM staff_memberships WHERE tenant_id = ? AND account_id = ? ORDER BY role',
  );
  const removeRolesStmt = db.prepare('DELETE FROM staff_memberships WHERE tenant_id = ? AND account_id = ?');
  const listStaffStmt = db.prepare<[string], { account_id: string; roles: string }>(
    `SELECT account_id, json_group_array(role) AS roles FROM (SELECT account_id, role FROM staff_memberships WHERE tenant_id = ? ORDER BY account_id, role)
     GROUP BY account_id ORDER BY account_id`,
  );
  const setRoles = db.transaction((tenantId: string, accountId: string, roles: StaffRole[], at: number) => {
    removeRolesStmt.run(tenantId, accountId);
    for (const role of new Set(roles)) addStaffStmt.run({ tenantId, accountId, role, createdAt: at });
  });
  const isStaffStmt = db.prepare<[string, string], { one: number }>('SELECT 1 AS one FROM staff_memberships WHERE tenant_id = ? AND account_id = ?');
  const removeStmt = db.prepare('DELETE FROM staff_memberships WHERE account_id = ?');

  return {
    async get(id) {
      const row = getStmt.get(id);
      return row && toTenant(row);
    },
    async list() {
      return listStmt.all().map(toTenant);
    },
    async upsert(tenant) {
      upsertStmt.run({
        id: tenant.id,
        name: tenant.name,
        allowedOrigins: JSON.stringify(tenant.allowedOrigins),
        staffOrigins: tenant.staffOrigins ? JSON.stringify(tenant.staffOrigins) : null,
        quartiers: JSON.stringify(tenant.quartiers),
        createdAt: tenant.createdAt,
      });
    },
    async addStaff(membership) {
      addStaffStmt.run(membership);
    },
    async staffMemberships(accountId) {
      return membershipsStmt.all(accountId).map(toMembership);
    },
    async staffRoles(tenantId, accountId) {
      return rolesStmt.all(tenantId, accountId).map((row) => row.role);
    },
    async setStaffRoles(tenantId, accountId, roles, at) {
      setRoles(tenantId, accountId, roles, at);
    },
    async listStaff(tenantId) {
      return listStaffStmt.all(tenantId).map((row) => ({ accountId: row.account_id, roles: JSON.parse(row.roles) }));
    },
    async isStaff(tenantId, accountId) {
      return isStaffStmt.get(tenantId, accountId) !== undefined;
    },
    async removeStaffMemberships(accountId) {
      removeStmt.run(accountId);
    },
  };
}
