import type { MiddlewareHandler } from 'hono';
import { ErrorCode } from '../errors.ts';
import type { TenantDirectory } from './tenant-directory.ts';
import type { Tenant } from './tenants.store.ts';
import type { AppEnv } from '../app-env.ts';
import { errorBody } from '../http/errors.ts';
import { TENANT_ID } from '../http/openapi.ts';
import { requestHeader } from '../http/request-headers.ts';
import { isStaffOrigin } from './origin.ts';

const ALLOWED_METHODS = 'GET, POST, PUT, PATCH, DELETE';
const ALLOWED_HEADERS = 'Authorization, Content-Type, Civique-Participant, If-None-Match';
const EXPOSED_HEADERS = 'Retry-After, Content-Disposition, WWW-Authenticate';

/** The CORS headers of an answer to an allowed origin (the preflight adds its own). */
export function corsHeaders(origin: string): Record<string, string> {
  return { Vary: 'Origin', 'Access-Control-Allow-Origin': origin, 'Access-Control-Expose-Headers': EXPOSED_HEADERS };
}

/** Whether `origin` may call the tenant's API, and whether it is one of its staff origins. */
export function originAccess(tenant: Tenant, origin: string | undefined, ownOrigin: string | undefined): { allowed: boolean; fromStaffOrigin: boolean } {
  const fromStaffOrigin = isStaffOrigin(tenant, origin, ownOrigin);
  return { allowed: fromStaffOrigin || (origin !== undefined && tenant.allowedOrigins.includes(origin)), fromStaffOrigin };
}

/**
 * CORS per tenant, for `/v1/tenants/:tenant/*`. A request from one of the tenant's allowed origins gets that
 * exact origin echoed (never `*`, never credentials); a request from any other origin is refused with 403
 * before any handler runs — simple POSTs reach servers even when the browser would hide the answer. Error
 * answers still carry the origin so the widget can show the reason instead of a bare network failure.
 * Requests without `Origin` (server-to-server, curl) and from the API's own origin are not cross-site. The
 * tenant's staff origins (its staff console) are allowed too, and are the only ones where staff power is used.
 */
export function tenantCors(directory: TenantDirectory, ownOrigin: string | undefined): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const origin = requestHeader(c, 'origin');
    const preflight = c.req.method === 'OPTIONS';
    c.header('Vary', 'Origin');
    const echo = () => {
      if (origin) c.header('Access-Control-Allow-Origin', origin);
    };

    // A malformed id (too long, wrong characters) is refused before any lookup.
    const id = c.req.param('tenant') ?? '';
    if (!TENANT_ID.test(id)) {
      if (!preflight) echo();
      const message = 'A tenant id is 2 to 63 lowercase letters, digits and hyphens';
      return c.json(errorBody(ErrorCode.validationFailed, message, [{ path: 'tenant', message }]), 400);
    }
    const tenant = await directory.get(id);
    if (!tenant) {
      if (!preflight) echo();
      return c.json(errorBody(ErrorCode.tenantNotFound, `Unknown tenant "${c.req.param('tenant')}"`), 404);
    }
    const { allowed, fromStaffOrigin } = originAccess(tenant, origin, ownOrigin);
    if (!allowed) {
      if (!preflight) echo();
      return c.json(errorBody(ErrorCode.originNotAllowed, `The origin ${origin} is not in the allowed origins of tenant "${tenant.id}"`), 403);
    }
    c.set('tenant', tenant);
    c.set('requestOrigin', { origin, ownOrigin, fromStaffOrigin, staffOrigins: [...(ownOrigin ? [ownOrigin] : []), ...tenant.staffOrigins] });
    if (origin) for (const [name, value] of Object.entries(corsHeaders(origin))) c.header(name, value);
    if (preflight) {
      c.header('Access-Control-Allow-Methods', ALLOWED_METHODS);
      c.header('Access-Control-Allow-Headers', ALLOWED_HEADERS);
      c.header('Access-Control-Max-Age', '600');
      return c.body(null, 204);
    }
    await next();
  };
}

/**
 * Public, read-only documents (health, OpenAPI) may be read from anywhere. The header is set before the
 * handler: set after it, Hono rebuilds the response and @hono/node-server leaves its fast path (measured:
 * five times fewer requests per second).
 */
export const publicCors: MiddlewareHandler = async (c, next) => {
  c.header('Access-Control-Allow-Origin', '*');
  await next();
};
