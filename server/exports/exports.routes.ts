import { createRoute, z } from '@hono/zod-openapi';
import { SlugParam } from '../consultations/consultations.schemas.ts';
import { csvResponse, EXPORT_FORMATS, exportResponse } from '../http/csv.ts';
import { bearerSecurity, createRouter, errorResponses, Instant, TenantParam, toInstant } from '../http/openapi.ts';
import { StatisticsSchema } from '../stats/stats.schemas.ts';
import { requireRole, STAFF_OPERATIONS } from '../staff/roles.ts';
import type { TenantStore } from '../tenants/tenants.store.ts';
import { resultsTable, statisticsTable, type ExportService } from './exports.service.ts';

const params = z.object({ tenant: TenantParam, slug: SlugParam });
const query = z.object({
  format: z
    .enum(EXPORT_FORMATS)
    .default('json')
    .openapi({ param: { name: 'format', in: 'query' }, description: '`json` (default) or `csv`' }),
});

export const ResultsExportSchema = z
  .object({
    consultation: z.string(),
    exportedAt: Instant,
    results: z.record(z.string(), z.unknown()).openapi({ description: 'As getResults (votes, budgets) or getSurveyResults answer staff' }),
  })
  .openapi('ResultsExport');

export const StatisticsExportSchema = z.object({ consultation: z.string(), exportedAt: Instant, statistics: StatisticsSchema }).openapi('StatisticsExport');

const exportResults = createRoute({
  operationId: 'exportResults',
  tags: ['exports', 'staff'],
  summary: 'A consultation’s results as a file, JSON or CSV for French spreadsheets (staff)',
  method: 'get',
  path: '/consultations/{slug}/results/export',
  security: bearerSecurity,
  request: { params, query },
  responses: { 200: exportResponse(ResultsExportSchema, 'The results'), ...errorResponses(400, 401, 403, 404, 409) },
});

const exportStatistics = createRoute({
  operationId: 'exportStatistics',
  tags: ['exports', 'staff'],
  summary: 'Representativeness statistics as a file, small cells suppressed as in getStatistics (staff)',
  method: 'get',
  path: '/consultations/{slug}/statistics/export',
  security: bearerSecurity,
  request: { params, query },
  responses: { 200: exportResponse(StatisticsExportSchema, 'The statistics'), ...errorResponses(400, 401, 403, 404, 409) },
});

const day = (ms: number) => toInstant(ms).slice(0, 10);

export function exportRoutes(deps: { exports: ExportService; tenants: TenantStore }) {
  const router = createRouter();
  router.get('/consultations/:slug/results/export', requireRole(deps.tenants, ...STAFF_OPERATIONS.exportResults));
  router.get('/consultations/:slug/statistics/export', requireRole(deps.tenants, ...STAFF_OPERATIONS.exportStatistics));
  return router
    .openapi(exportResults, async (c) => {
      const exported = await deps.exports.results(c.get('tenant'), c.req.valid('param').slug);
      const name = `civique-resultats-${exported.consultation}-${day(exported.exportedAt)}`;
      if (c.req.valid('query').format === 'csv') return csvResponse(c, `${name}.csv`, resultsTable(exported)) as never;
      c.header('Content-Disposition', `attachment; filename="${name}.json"`);
      return c.json({ ...exported, exportedAt: toInstant(exported.exportedAt), results: exported.results as Record<string, unknown> }, 200);
    })
    .openapi(exportStatistics, async (c) => {
      const exported = await deps.exports.statistics(c.get('tenant'), c.req.valid('param').slug);
      const name = `civique-statistiques-${exported.consultation}-${day(exported.exportedAt)}`;
      if (c.req.valid('query').format === 'csv') return csvResponse(c, `${name}.csv`, statisticsTable(exported)) as never;
      c.header('Content-Disposition', `attachment; filename="${name}.json"`);
      return c.json({ ...exported, exportedAt: toInstant(exported.exportedAt) }, 200);
    });
}
