import type { Db } from '../db/open.ts';

/**
 * An organisation a tenant lists on its resource boards to help local businesses (chamber of commerce, of
 * trades, of agriculture…). `email` is tenant configuration: read only to relay a business's message to it.
 */
export interface Partner {
  id: string;
  tenantId: string;
  name: string;
  /** https only; null: no logo. */
  logoUrl: string | null;
  helpsWith: { fr: string; en?: string };
  email: string;
  createdAt: number;
  updatedAt: number;
}

export interface PartnerStore {
  /** The tenant's partners, oldest first (the order the tenant added them). */
  list(tenantId: string): Promise<Partner[]>;
  get(tenantId: string, id: string): Promise<Partner | undefined>;
  save(partner: Partner): Promise<void>;
  /** Returns whether there was one. */
  remove(tenantId: string, id: string): Promise<boolean>;
}

interface Row {
  id: string;
  tenant_id: string;
  name: string;
  logo_url: string | null;
  helps_with_fr: string;
  helps_with_en: string | null;
  email: string;
  created_at: number;
  updated_at: number;
}

const toPartner = (row: Row): Partner => ({
  id: row.id,
  tenantId: row.tenant_id,
  name: row.name,
  logoUrl: row.logo_url,
  helpsWith: row.helps_with_en === null ? { fr: row.helps_with_fr } : { fr: row.helps_with_fr, en: row.helps_with_en },
  email: row.email,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export function createSqlitePartnerStore(db: Db): PartnerStore {
  const list = db.prepare<[string], Row>('SELECT * FROM tenant_partners WHERE tenant_id = ? ORDER BY created_at, rowid');
  const get = db.prepare<[string, string], Row>('SELECT * FROM tenant_partners WHERE tenant_id = ? AND id = ?');
  const save = db.prepare(`
    INSERT INTO tenant_partners (id, tenant_id, name, logo_url, helps_with_fr, helps_with_en, email, created_at, updated_at)
    VALUES (:id, :tenantId, :name, :logoUrl, :helpsWithFr, :helpsWithEn, :email, :createdAt, :updatedAt)
    ON CONFLICT (id) DO UPDATE SET name = excluded.name, logo_url = excluded.logo_url, helps_with_fr = excluded.helps_with_fr,
      helps_with_en = excluded.helps_with_en, email = excluded.email, updated_at = excluded.updated_at
    WHERE tenant_partners.tenant_id = excluded.tenant_id`);
  const remove = db.prepare('DELETE FROM tenant_partners WHERE tenant_id = ? AND id = ?');
  return {
    async list(tenantId) {
      return list.all(tenantId).map(toPartner);
    },
    async get(tenantId, id) {
      const row = get.get(tenantId, id);
      return row && toPartner(row);
    },
    async save(p) {
      save.run({
        id: p.id,
        tenantId: p.tenantId,
        name: p.name,
        logoUrl: p.logoUrl,
        helpsWithFr: p.helpsWith.fr,
        helpsWithEn: p.helpsWith.en ?? null,
        email: p.email,
        createdAt: p.createdAt,
        updatedAt: p.updatedAt,
      });
    },
    async remove(tenantId, id) {
      return remove.run(tenantId, id).changes > 0;
    },
  };
}
