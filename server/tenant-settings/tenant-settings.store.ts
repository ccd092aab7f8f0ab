import type { Db } from '../db/open.ts';

/** What an admin sets beside the tenant's name and origins; null: not set. */
export interface TenantSettings {
  tenantId: string;
  logoUrl: string | null;
  privacyContact: string | null;
  /** Days after closing that a new consultation keeps personal data, when staff give no retention end. */
  defaultRetentionDays: number | null;
  /** Flags from confirmed emails that hide published content automatically; null: the default. */
  flagThreshold: number | null;
  updatedAt: number;
}

export interface TenantSettingsStore {
  get(tenantId: string): Promise<TenantSettings | undefined>;
  save(settings: TenantSettings): Promise<void>;
}

interface Row {
  tenant_id: string;
  logo_url: string | null;
  privacy_contact: string | null;
  default_retention_days: number | null;
  flag_threshold: number | null;
  updated_at: number;
}

export function createSqliteTenantSettingsStore(db: Db): TenantSettingsStore {
  const get = db.prepare<[string], Row>('SELECT * FROM tenant_settings WHERE tenant_id = ?');
  const save = db.prepare(`
    INSERT INTO tenant_settings (tenant_id, logo_url, privacy_contact, default_retention_days, flag_threshold, updated_at)
    VALUES (:tenantId, :logoUrl, :privacyContact, :defaultRetentionDays, :flagThreshold, :updatedAt)
    ON CONFLICT (tenant_id) DO UPDATE SET logo_url = excluded.logo_url, privacy_contact = excluded.privacy_contact,
      default_retention_days = excluded.default_retention_days, flag_threshold = excluded.flag_threshold, updated_at = excluded.updated_at`);
  return {
    async get(tenantId) {
      const row = get.get(tenantId);
      return (
        row && {
          tenantId: row.tenant_id,
          logoUrl: row.logo_url,
          privacyContact: row.privacy_contact,
          defaultRetentionDays: row.default_retention_days,
          flagThreshold: row.flag_threshold,
          updatedAt: row.updated_at,
        }
      );
    },
    async save(settings) {
      save.run({ ...settings });
    },
  };
}
