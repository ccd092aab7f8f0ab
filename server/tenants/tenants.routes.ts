import { createRoute, z } from '@hono/zod-openapi';
import { createRouter, errorResponses, jsonResponse, TenantParam } from '../http/openapi.ts';

export const TenantSchema = z
  .object({
    slug: z.string(),
    name: z.string(),
    quartiers: z.array(z.string()),
  })
  .openapi('Tenant');

const getTenant = createRoute({
  operationId: 'getTenant',
  tags: ['tenants'],
  summary: 'The collectivité: its name and quartiers (the embed loader checks its configuration with it)',
  method: 'get',
  path: '/',
  request: { params: z.object({ tenant: TenantParam }) },
  responses: { 200: jsonResponse(TenantSchema, 'The tenant'), ...errorResponses(403, 404) },
});

export function tenantRoutes() {
  return createRouter().openapi(getTenant, (c) => {
    const tenant = c.get('tenant');
    return c.json({ slug: tenant.id, name: tenant.name, quartiers: tenant.quartiers }, 200);
  });
}
