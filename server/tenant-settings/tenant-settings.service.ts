import type { Clock } from '../clock.ts';
import { fail } from '../errors.ts';
import { parseOrigin } from '../tenants/origin.ts';
import type { TenantDirectory } from '../tenants/tenant-directory.ts';
import type { TenantSettingsStore } from './tenant-settings.store.ts';
import type { Tenant } from '../tenants/tenants.store.ts';

export interface TenantSettingsView {
  name: string;
  logoUrl: string | null;
  allowedOrigins: string[];
  privacyContact: string | null;
  defaultRetentionDays: number | null;
  flagThreshold: number | null;
}

export type TenantSettingsPatch = Partial<TenantSettingsView>;

/**
 * A tenant's settings as its admin reads and changes them. Name and allowed origins live on the tenant itself and
 * are saved through the directory, so CORS applies a change at once; the rest has its own row.
 */
export class TenantSettingsService {
  constructor(
    private readonly directory: TenantDirectory,
    private readonly store: TenantSettingsStore,
    private readonly clock: Clock,
  ) {}

  async get(tenant: Tenant): Promise<TenantSettingsView> {
    const own = await this.store.get(tenant.id);
    return {
      name: tenant.name,
      logoUrl: own?.logoUrl ?? null,
      allowedOrigins: tenant.allowedOrigins,
      privacyContact: own?.privacyContact ?? null,
      defaultRetentionDays: own?.defaultRetentionDays ?? null,
      flagThreshold: own?.flagThreshold ?? null,
    };
  }

  /** Changes only what the patch names. Origins are checked and normalised as the operator's CLI does. */
  async update(tenant: Tenant, patch: TenantSettingsPatch): Promise<TenantSettingsView> {
    const current = await this.get(tenant);
    const next = { ...current, ...Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) } as TenantSettingsView;
    if (patch.allowedOrigins) {
      next.allowedOrigins = [
        ...new Set(
          patch.allowedOrigins.map((input, i) => {
            const parsed = parseOrigin(input);
            if ('error' in parsed) throw fail.validation(`allowedOrigins.${i}`, parsed.error);
            return parsed.origin;
          }),
        ),
      ];
    }
    if (next.name !== tenant.name || next.allowedOrigins !== tenant.allowedOrigins) {
      await this.directory.upsert({ ...tenant, name: next.name, allowedOrigins: next.allowedOrigins });
    }
    await this.store.save({
      tenantId: tenant.id,
      logoUrl: next.logoUrl,
      privacyContact: next.privacyContact,
      defaultRetentionDays: next.defaultRetentionDays,
      flagThreshold: next.flagThreshold,
      updatedAt: this.clock.now(),
    });
    return next;
  }
}
