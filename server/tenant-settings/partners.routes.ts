import { createRoute, z } from '@hono/zod-openapi';
import { bearerSecurity, createRouter, errorResponses, jsonBody, jsonResponse, TenantParam } from '../http/openapi.ts';
import { requireRole, STAFF_OPERATIONS, staffActor, type StaffActor } from '../staff/roles.ts';
import { PartnerInput, PartnerListSchema, PartnerPatch, PartnerSchema, presentPartner } from '../tenants/partners.schemas.ts';
import type { PartnerService } from '../tenants/partners.service.ts';
import type { TenantStore } from '../tenants/tenants.store.ts';

const tags = ['tenants', 'staff'];
const params = z.object({ tenant: TenantParam });
const partnerParams = params.extend({
  partnerId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{12}$/)
    .openapi({ param: { name: 'partnerId', in: 'path' } }),
});
const note = 'The partner’s address is written, never read back: no response carries it (the command line shows it to the operator).';

const listPartnersAsStaff = createRoute({
  operationId: 'listPartnersAsStaff',
  tags,
  summary: 'The partners listed on the tenant’s resource boards (admin)',
  description: note,
  method: 'get',
  path: '/settings/partners',
  security: bearerSecurity,
  request: { params },
  responses: { 200: jsonResponse(PartnerListSchema, 'Partners'), ...errorResponses(401, 403, 404) },
});
const addPartner = createRoute({
  operationId: 'addPartner',
  tags,
  summary: 'List a partner on the tenant’s resource boards; audited without its address (admin)',
  description: note,
  method: 'post',
  path: '/settings/partners',
  security: bearerSecurity,
  request: { params, body: jsonBody(PartnerInput) },
  responses: { 201: jsonResponse(PartnerSchema, 'Added'), ...errorResponses(400, 401, 403, 404, 415) },
});
const updatePartner = createRoute({
  operationId: 'updatePartner',
  tags,
  summary: 'Change a partner: only what the body names; `logoUrl: null` removes the logo (admin)',
  description: note,
  method: 'patch',
  path: '/settings/partners/{partnerId}',
  security: bearerSecurity,
  request: { params: partnerParams, body: jsonBody(PartnerPatch) },
  responses: { 200: jsonResponse(PartnerSchema, 'Changed'), ...errorResponses(400, 401, 403, 404, 415) },
});
const removePartner = createRoute({
  operationId: 'removePartner',
  tags,
  summary: 'Take a partner off the tenant’s resource boards (admin)',
  method: 'delete',
  path: '/settings/partners/{partnerId}',
  security: bearerSecurity,
  request: { params: partnerParams },
  responses: { 200: jsonResponse(PartnerListSchema, 'The partners left'), ...errorResponses(401, 403, 404) },
});

/** A tenant's partners over HTTP, for its admins; the rules are `PartnerService`'s, as for the command line. */
export function partnerRoutes(deps: { partners: PartnerService<StaffActor>; tenants: TenantStore }) {
  const { partners } = deps;
  const router = createRouter();
  router.get('/settings/partners', requireRole(deps.tenants, ...STAFF_OPERATIONS.listPartnersAsStaff));
  router.post('/settings/partners', requireRole(deps.tenants, ...STAFF_OPERATIONS.addPartner));
  router.patch('/settings/partners/:partnerId', requireRole(deps.tenants, ...STAFF_OPERATIONS.updatePartner));
  router.delete('/settings/partners/:partnerId', requireRole(deps.tenants, ...STAFF_OPERATIONS.removePartner));
  const listed = async (tenantId: string) => ({ items: (await partners.list(tenantId)).map(presentPartner) });
  return router
    .openapi(listPartnersAsStaff, async (c) => c.json(await listed(c.get('tenant').id), 200))
    .openapi(addPartner, async (c) => c.json(presentPartner(await partners.add(c.get('tenant').id, c.req.valid('json'), staffActor(c))), 201))
    .openapi(updatePartner, async (c) => {
      const tenant = c.get('tenant').id;
      return c.json(presentPartner(await partners.update(tenant, c.req.valid('param').partnerId, c.req.valid('json'), staffActor(c))), 200);
    })
    .openapi(removePartner, async (c) => {
      await partners.remove(c.get('tenant').id, c.req.valid('param').partnerId, staffActor(c));
      return c.json(await listed(c.get('tenant').id), 200);
    });
}
