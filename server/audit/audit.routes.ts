import { createRoute, z } from '@hono/zod-openapi';
import { csvResponse, EXPORT_FORMATS, exportResponse } from '../http/csv.ts';
import { PageLimit, bearerSecurity, createRouter, Instant, jsonResponse, TenantParam, toInstant, errorResponses } from '../http/openapi.ts';
import { visibleText } from '../http/text.ts';
import { requireRole, STAFF_OPERATIONS } from '../staff/roles.ts';
import type { TenantStore } from '../tenants/tenants.store.ts';
import { actorLabel, type AuditService } from './audit.service.ts';
import type { AuditEvent } from './audit.store.ts';

const AuditQuery = z.object({
  actor: z
    .string()
    .max(100)
    .superRefine(visibleText())
    .optional()
    .openapi({ param: { name: 'actor', in: 'query' }, description: 'An account id, or `operator` for the command line' }),
  target: z
    .string()
    .max(200)
    .superRefine(visibleText())
    .optional()
    .openapi({ param: { name: 'target', in: 'query' }, description: 'What was acted on, e.g. `consultation:vote-piscine`' }),
  from: Instant.optional().openapi({ param: { name: 'from', in: 'query' }, description: 'Events at or after this instant' }),
  to: Instant.optional().openapi({ param: { name: 'to', in: 'query' }, description: 'Events before this instant' }),
  cursor: z
    .string()
    .regex(/^\d{1,18}$/)
    .optional()
    .openapi({ param: { name: 'cursor', in: 'query' }, description: 'The `next` cursor of the previous page' }),
  limit: PageLimit,
});

const AuditEventSchema = z
  .object({
    id: z.string(),
    at: Instant,
    actor: z.object({
      kind: z.enum(['staff', 'operator', 'former_staff']),
      accountId: z.string().nullable(),
      formerStaffNumber: z.number().int().nullable(),
      label: z.object({ fr: z.string(), en: z.string() }),
    }),
    role: z.string().nullable(),
    action: z.string().openapi({ description: 'The operationId of the staff route, or the command (`staff invite`)' }),
    target: z.string().nullable(),
    before: z.unknown().openapi({ description: 'The values before, personal data masked (emails a***@domain, names as initials)' }),
    after: z.unknown().openapi({ description: 'The values after, masked likewise' }),
  })
  .openapi('AuditEvent');

const AuditPageSchema = z
  .object({ events: z.array(AuditEventSchema), next: z.string().nullable().openapi({ description: 'Cursor of the next page; null on the last' }) })
  .openapi('AuditPage');

const listAuditEvents = createRoute({
  operationId: 'listAuditEvents',
  tags: ['audit', 'staff'],
  summary: 'Who did what as staff or operator, newest first, filtered by actor, target and time; kept one year (admins)',
  method: 'get',
  path: '/audit-events',
  security: bearerSecurity,
  request: { params: z.object({ tenant: TenantParam }), query: AuditQuery },
  responses: { 200: jsonResponse(AuditPageSchema, 'A page of the audit log'), ...errorResponses(400, 401, 403, 404) },
});

const ExportAuditQuery = AuditQuery.omit({ cursor: true, limit: true }).extend({
  format: z
    .enum(EXPORT_FORMATS)
    .default('json')
    .openapi({ param: { name: 'format', in: 'query' }, description: '`json` (default) or `csv`' }),
});

/** The most events one export holds (a year of a busy town hall's staff actions fits many times over). */
const EXPORT_MAX_EVENTS = 50_000;

const exportAuditEvents = createRoute({
  operationId: 'exportAuditEvents',
  tags: ['audit', 'staff'],
  summary: 'The whole audit log, or what the filters keep, to save as JSON or CSV for French spreadsheets (admins)',
  method: 'get',
  path: '/audit-events/export',
  security: bearerSecurity,
  request: { params: z.object({ tenant: TenantParam }), query: ExportAuditQuery },
  responses: {
    200: exportResponse(z.object({ events: z.array(AuditEventSchema) }).openapi('AuditExport'), 'The audit log'),
    ...errorResponses(400, 401, 403, 404),
  },
});

const eventBody = (e: AuditEvent) => ({
  id: String(e.id),
  at: toInstant(e.createdAt),
  actor: { kind: e.actor, accountId: e.accountId, formerStaffNumber: e.formerStaffNumber, label: actorLabel(e) },
  role: e.role,
  action: e.action,
  target: e.target,
  before: e.before,
  after: e.after,
});

const filters = (query: { actor?: string; target?: string; from?: string; to?: string }) => ({
  actor: query.actor,
  target: query.target,
  from: query.from === undefined ? undefined : Date.parse(query.from),
  to: query.to === undefined ? undefined : Date.parse(query.to),
});

export function auditRoutes(deps: { audit: AuditService; tenants: TenantStore }) {
  const router = createRouter();
  router.get('/audit-events', requireRole(deps.tenants, ...STAFF_OPERATIONS.listAuditEvents));
  router.get('/audit-events/export', requireRole(deps.tenants, ...STAFF_OPERATIONS.exportAuditEvents));
  return router
    .openapi(listAuditEvents, async (c) => {
      const query = c.req.valid('query');
      const page = await deps.audit.list(c.get('tenant').id, { ...query, ...filters(query) });
      return c.json({ events: page.events.map(eventBody), next: page.next }, 200);
    })
    .openapi(exportAuditEvents, async (c) => {
      const query = c.req.valid('query');
      const events: AuditEvent[] = [];
      let cursor: string | undefined;
      do {
        const page = await deps.audit.list(c.get('tenant').id, { ...filters(query), cursor, limit: 500 });
        events.push(...page.events);
        cursor = page.next ?? undefined;
      } while (cursor && events.length < EXPORT_MAX_EVENTS);
      const name = `journal-${c.get('tenant').id}`;
      if (query.format === 'csv') {
        return csvResponse(c, `${name}.csv`, {
          header: ['Date', 'Horodatage (UTC)', 'Acteur', 'Rôle', 'Action', 'Cible', 'Avant', 'Après'],
          rows: events.map((e) => [
            { date: e.createdAt },
            toInstant(e.createdAt),
            actorLabel(e).fr,
            e.role,
            e.action,
            e.target,
            e.before === undefined || e.before === null ? null : JSON.stringify(e.before),
            e.after === undefined || e.after === null ? null : JSON.stringify(e.after),
          ]),
        }) as never;
      }
      c.header('Content-Disposition', `attachment; filename="${name}.json"`);
      return c.json({ events: events.map(eventBody) }, 200);
    });
}
