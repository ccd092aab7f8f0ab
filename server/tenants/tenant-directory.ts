import type { Clock } from '../clock.ts';
import type { Tenant, TenantStore } from './tenants.store.ts';

const TTL_MS = 10_000;

/**
 * Tenants are read on every widget request (CORS, rules) and change rarely: keep them a few seconds in
 * memory. `upsert` through the directory refreshes the entry at once.
 */
export class TenantDirectory {
  readonly #cache = new Map<string, { tenant: Tenant | undefined; at: number }>();
  constructor(
    private readonly store: TenantStore,
    private readonly clock: Clock,
  ) {}

  async get(id: string): Promise<Tenant | undefined> {
    const cached = this.#cache.get(id);
    if (cached && this.clock.now() - cached.at < TTL_MS) return cached.tenant;
    const tenant = await this.store.get(id);
    this.#cache.set(id, { tenant, at: this.clock.now() });
    return tenant;
  }

  async upsert(tenant: Tenant): Promise<void> {
    await this.store.upsert(tenant);
    this.#cache.delete(tenant.id);
  }
}
