import { createRoute, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { SlugParam } from '../consultations/consultations.schemas.ts';
import type { AppEnv } from '../app-env.ts';
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

export function statsRoutes(deps: { stats: StatsService; requireStaff: MiddlewareHandler<AppEnv> }) {
  const router = createRouter();
  router.get('/consultations/:slug/statistics', deps.requireStaff);
  return router.openapi(getStatistics, async (c) => c.json(await deps.stats.statistics(c.get('tenant'), c.req.valid('param').slug), 200));
}
