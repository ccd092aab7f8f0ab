import type { Clock } from '../clock.ts';
import type { Tenant, TenantStore } from './tenants.store.ts';

const TTL_MS = 10_000;

/**
 * Tenants are read on every widget request (CORS, rules) and change rarely: keep them a few seconds in
 * memory. `upsert` through the directory refreshes the entry at once. Only tenants that exist are kept, so the
 * cache holds at most one entry per row of `tenants`: ids made up by a client never fill memory.
 */
export class TenantDirectory {
  readonly #cache = new Map<string, { tenant: Tenant; at: number }>();
  constructor(
    private readonly store: TenantStore,
    private readonly clock: Clock,
  ) {}

  async get(id: string): Promise<Tenant | undefined> {
    const cached = this.#cache.get(id);
    if (cached && this.clock.now() - cached.at < TTL_MS) return cached.tenant;
    const tenant = await this.store.get(id);
    if (tenant) this.#cache.set(id, { tenant, at: this.clock.now() });
    else this.#cache.delete(id);
    return tenant;
  }

  /** Entries held in memory (for the test that made-up ids do not grow it). */
  get cachedCount(): number {
    return this.#cache.size;
  }

  async upsert(tenant: Tenant): Promise<void> {
    await this.store.upsert(tenant);
    this.#cache.delete(tenant.id);
  }
}
