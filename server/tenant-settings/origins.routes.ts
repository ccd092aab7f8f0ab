import { createRoute, z } from '@hono/zod-openapi';
import { fail } from '../errors.ts';
import { bearerSecurity, createRouter, errorResponses, jsonBody, jsonResponse, TenantParam } from '../http/openapi.ts';
import { requireRole, STAFF_OPERATIONS, staffActor, type StaffActor } from '../staff/roles.ts';
import { TenantSettingsError, type OriginList, type TenantService } from '../tenants/tenants.service.ts';
import { Origin } from './tenant-settings.routes.ts';
import type { Tenant, TenantStore } from '../tenants/tenants.store.ts';

const OriginsSchema = z
  .object({
    allowedOrigins: z.array(z.string()).openapi({ description: 'Sites that embed the widgets' }),
    staffOrigins: z.array(z.string()).openapi({ description: 'Where staff power is used besides the API’s own origin (an intranet console)' }),
  })
  .openapi('Origins');
const OriginChange = z
  .strictObject({
    list: z.enum(['allowed', 'staff']),
    origin: Origin,
  })
  .openapi('OriginChange');

const params = z.object({ tenant: TenantParam });
const LISTS: Record<'allowed' | 'staff', OriginList> = { allowed: 'allowedOrigins', staff: 'staffOrigins' };

const listOrigins = createRoute({
  operationId: 'listOrigins',
  tags: ['tenants', 'staff'],
  summary: 'The tenant’s allowed origins and staff origins (admin)',
  method: 'get',
  path: '/origins',
  security: bearerSecurity,
  request: { params },
  responses: { 200: jsonResponse(OriginsSchema, 'Origins'), ...errorResponses(401, 403, 404) },
});
const addOrigin = createRoute({
  operationId: 'addOrigin',
  tags: ['tenants', 'staff'],
  summary: 'Add an allowed or staff origin, stored normalised; audited (admin)',
  method: 'post',
  path: '/origins',
  security: bearerSecurity,
  request: { params, body: jsonBody(OriginChange) },
  responses: { 200: jsonResponse(OriginsSchema, 'Origins now'), ...errorResponses(400, 401, 403, 404, 415) },
});
const removeOrigin = createRoute({
  operationId: 'removeOrigin',
  tags: ['tenants', 'staff'],
  summary: 'Remove an allowed or staff origin; one that is not listed is a 400 (admin)',
  method: 'delete',
  path: '/origins',
  security: bearerSecurity,
  request: { params, body: jsonBody(OriginChange) },
  responses: { 200: jsonResponse(OriginsSchema, 'Origins now'), ...errorResponses(400, 401, 403, 404, 415) },
});

const origins = (tenant: Tenant) => ({ allowedOrigins: tenant.allowedOrigins, staffOrigins: tenant.staffOrigins });

/** The same rule as the command line's `origins add|remove [--staff]`: `TenantService`'s, its refusal a 400 on `origin`. */
async function change(run: () => Promise<Tenant>) {
  try {
    return origins(await run());
  } catch (error) {
    if (error instanceof TenantSettingsError && error.code === 'invalid_origin') throw fail.validation('origin', error.message);
    throw error;
  }
}

/** A tenant's origins over HTTP, for the console's team screen (admins). */
export function originRoutes(deps: { origins: TenantService<StaffActor>; tenants: TenantStore }) {
  const router = createRouter();
  router.get('/origins', requireRole(deps.tenants, ...STAFF_OPERATIONS.listOrigins));
  router.post('/origins', requireRole(deps.tenants, ...STAFF_OPERATIONS.addOrigin));
  router.delete('/origins', requireRole(deps.tenants, ...STAFF_OPERATIONS.removeOrigin));
  return router
    .openapi(listOrigins, async (c) => c.json(origins(await deps.origins.get(c.get('tenant').id)), 200))
    .openapi(addOrigin, async (c) => {
      const { list, origin } = c.req.valid('json');
      return c.json(await change(() => deps.origins.addOrigin(c.get('tenant').id, origin, LISTS[list], staffActor(c))), 200);
    })
    .openapi(removeOrigin, async (c) => {
      const { list, origin } = c.req.valid('json');
      return c.json(await change(() => deps.origins.removeOrigin(c.get('tenant').id, origin, LISTS[list], staffActor(c))), 200);
    });
}
