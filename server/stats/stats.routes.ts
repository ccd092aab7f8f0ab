import { createRoute, z } from '@hono/zod-openapi';
import { requireRole, STAFF_OPERATIONS } from '../staff/roles.ts';
import type { TenantStore } from '../tenants/tenants.store.ts';
import { SlugParam } from '../consultations/consultations.schemas.ts';
import { bearerSecurity, createRouter, errorResponses, jsonResponse, TenantParam } from '../http/openapi.ts';
import { StatisticsSchema } from './stats.schemas.ts';
import type { StatsService } from './stats.service.ts';

const getStatistics = createRoute({
  operationId: 'getStatistics',
  tags: ['statistics', 'staff'],
  summary: 'Who took part, by age bracket, gender, city, quartier and PCS group; small cells suppressed (staff)',
  description:
    'Counted participants who gave the field (account profile, or the survey’s profile answers) and did not restrict or object to processing. Cells under `minCellSize` people are null, and enough others are nulled too that none can be recovered from the total.',
  method: 'get',
  path: '/consultations/{slug}/statistics',
  security: bearerSecurity,
  request: { params: z.object({ tenant: TenantParam, slug: SlugParam }) },
  responses: { 200: jsonResponse(StatisticsSchema, 'Statistics'), ...errorResponses(400, 401, 403, 404, 409) },
});

export function statsRoutes(deps: { stats: StatsService; tenants: TenantStore }) {
  const router = createRouter();
  router.get('/consultations/:slug/statistics', requireRole(deps.tenants, ...STAFF_OPERATIONS.getStatistics));
  return router.openapi(getStatistics, async (c) => c.json(await deps.stats.statistics(c.get('tenant'), c.req.valid('param').slug), 200));
}
