import type { MiddlewareHandler } from 'hono';
import type { AccountService } from './accounts.service.ts';
import { fail } from '../errors.ts';
import type { TenantStore } from '../tenants/tenants.store.ts';
import type { AppEnv } from '../app-env.ts';
import { requestHeader } from '../http/request-headers.ts';

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+([A-Za-z0-9_-]{20,200})\s*$/.exec(header ?? '');
  return match?.[1];
}

/**
 * Reads `Authorization: Bearer <token>` once per request. No header means an anonymous request; a header
 * with an unknown, revoked or expired token is a 401, so the widget learns to forget it.
 */
export function readSession(accounts: AccountService): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = requestHeader(c, 'authorization');
    c.set('account', undefined);
    c.set('session', undefined);
    if (header !== undefined && c.req.method !== 'OPTIONS') {
      const token = bearerToken(header);
      const found = token ? await accounts.authenticate(token) : undefined;
      if (!found) throw fail.unauthenticated();
      c.set('account', found.account);
      c.set('session', found.session);
    }
    await next();
  };
}

/** Routes for signed-in citizens only. */
export const requireAccount: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!c.get('account')) throw fail.unauthenticated();
  await next();
};

/** Routes for the tenant's staff only (agents who run its consultations). */
export function requireStaff(tenants: TenantStore): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const account = c.get('account');
    if (!account) throw fail.unauthenticated();
    if (!(await tenants.isStaff(c.get('tenant').id, account.id))) {
      throw fail.forbidden(`Only staff of ${c.get('tenant').name} may do this`);
    }
    await next();
  };
}
