import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { fail } from '../errors.ts';
import type { TenantStore } from '../tenants/tenants.store.ts';

/**
 * What a staff member of a tenant may do. `admin`: staff, origins, consultations, and every other role's power;
 * `moderator`: moderation queue and quarantine review; `answerer`: official answers (never moderation).
 */
export const STAFF_ROLES = ['admin', 'moderator', 'answerer'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/**
 * Routes for staff of the tenant who hold one of `roles` (an admin holds them all).
 *
 * @example
 * router.post('/consultations/:slug/close', requireRole(tenants, 'admin'));
 */
export function requireRole(tenants: TenantStore, ...roles: StaffRole[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const account = c.get('account');
    if (!account) throw fail.unauthenticated();
    // Until roles are stored per membership, every staff member holds every role.
    if (roles.length === 0 || !(await tenants.isStaff(c.get('tenant').id, account.id))) {
      throw fail.forbidden(`Only staff of ${c.get('tenant').name} (${roles.join(' or ')}) may do this`);
    }
    await next();
  };
}
