import { parseOrigin } from './origin.ts';
import type { Tenant, TenantStore } from './tenants.store.ts';

/** Which of a tenant's origin lists: the sites that embed its widgets, or its staff console's. */
export type OriginList = 'allowedOrigins' | 'staffOrigins';

/** A rule of the tenants' settings was broken; `message` is one line, for the operator. */
export class TenantSettingsError extends Error {
  constructor(
    readonly code: 'tenant_not_found' | 'invalid_origin',
    message: string,
  ) {
    super(message);
  }
}

/**
 * The operator's changes to a tenant's settings (today its allowed origins). The API's CORS reads the same
 * rows through the tenant directory, whose cache forgets an entry within seconds, so a change made here while
 * the server runs applies without a restart.
 */
/** A change of a tenant's origins, for the audit log (recorded by the caller's `record`, which knows the log). */
export interface OriginChangeEvent {
  tenantId: string;
  action: 'origins add' | 'origins remove';
  target: string;
  before: unknown;
  after: unknown;
}

export class TenantService<Actor = 'operator'> {
  constructor(
    private readonly store: TenantStore,
    /** Records origin changes in the audit log, under whoever made them. */
    private readonly record?: (event: OriginChangeEvent, actor: Actor) => Promise<void>,
  ) {}

  list(): Promise<Tenant[]> {
    return this.store.list();
  }

  async get(id: string): Promise<Tenant> {
    const tenant = await this.store.get(id);
    if (!tenant) throw new TenantSettingsError('tenant_not_found', `no tenant "${id}" (see \`tenant list\`)`);
    return tenant;
  }

  /**
   * Adds the origin (normalised) to the tenant's allowed origins (its sites, which embed the widgets) or to its
   * staff origins (its staff console); adding one already there changes nothing. Returns the tenant as stored.
   */
  async addOrigin(id: string, input: string, list: OriginList, actor: Actor): Promise<Tenant> {
    const origin = this.#origin(input);
    const tenant = await this.get(id);
    if (tenant[list].includes(origin)) return tenant;
    return this.#saveOrigins(tenant, list, [...tenant[list], origin], 'origins add', actor);
  }

  /** Removes the origin; removing one that is not there is an error, so a typo does not pass for success. */
  async removeOrigin(id: string, input: string, list: OriginList, actor: Actor): Promise<Tenant> {
    const origin = this.#origin(input);
    const tenant = await this.get(id);
    if (!tenant[list].includes(origin)) {
      throw new TenantSettingsError('invalid_origin', `${origin} is not ${list === 'staffOrigins' ? 'a staff' : 'an allowed'} origin of "${id}"`);
    }
    return this.#saveOrigins(
      tenant,
      list,
      tenant[list].filter((o) => o !== origin),
      'origins remove',
      actor,
    );
  }

  async #saveOrigins(tenant: Tenant, list: OriginList, origins: string[], action: OriginChangeEvent['action'], actor: Actor): Promise<Tenant> {
    const saved = await this.#save({ ...tenant, [list]: origins });
    await this.record?.({ tenantId: tenant.id, action, target: `tenant:${tenant.id}`, before: { [list]: tenant[list] }, after: { [list]: origins } }, actor);
    return saved;
  }

  #origin(input: string): string {
    const parsed = parseOrigin(input);
    if ('error' in parsed) throw new TenantSettingsError('invalid_origin', parsed.error);
    return parsed.origin;
  }

  async #save(tenant: Tenant): Promise<Tenant> {
    await this.store.upsert(tenant);
    return tenant;
  }
}
