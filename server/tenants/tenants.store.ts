import type { Db } from '../db/open.ts';

export interface Tenant {
  id: string;
  name: string;
  allowedOrigins: string[];
  quartiers: string[];
  createdAt: number;
}

export interface StaffMembership {
  tenantId: string;
  accountId: string;
  role: 'staff';
  createdAt: number;
}

export interface TenantStore {
  get(id: string): Promise<Tenant | undefined>;
  /** Every tenant, by id. */
  list(): Promise<Tenant[]>;
  /** Creates the tenant or, when it exists, updates its name, origins and quartiers. */
  upsert(tenant: Tenant): Promise<void>;
  addStaff(membership: StaffMembership): Promise<void>;
  staffMemberships(accountId: string): Promise<StaffMembership[]>;
  isStaff(tenantId: string, accountId: string): Promise<boolean>;
  removeStaffMemberships(accountId: string): Promise<void>;
}

interface TenantRow {
  id: string;
  name: string;
  allowed_origins: string;
  quartiers: string;
  created_at: number;
}

interface StaffRow {
  tenant_id: string;
  account_id: string;
  role: 'staff';
  created_at: number;
}

const toTenant = (row: TenantRow): Tenant => ({
  id: row.id,
  name: row.name,
  allowedOrigins: JSON.parse(row.allowed_origins),
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
    INSERT INTO tenants (id, name, allowed_origins, quartiers, created_at)
    VALUES (:id, :name, :allowedOrigins, :quartiers, :createdAt)
    ON CONFLICT (id) DO UPDATE SET name = excluded.name, allowed_origins = excluded.allowed_origins,
      quartiers = excluded.quartiers`);
  const addStaffStmt = db.prepare(`
    INSERT INTO staff_memberships (tenant_id, account_id, role, created_at)
    VALUES (:tenantId, :accountId, :role, :createdAt)
    ON CONFLICT (tenant_id, account_id) DO NOTHING`);
  const membershipsStmt = db.prepare<[string], StaffRow>('SELECT * FROM staff_memberships WHERE account_id = ?');
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
    async isStaff(tenantId, accountId) {
      return isStaffStmt.get(tenantId, accountId) !== undefined;
    },
    async removeStaffMemberships(accountId) {
      removeStmt.run(accountId);
    },
  };
}
