import { createRoute, z } from '@hono/zod-openapi';
import type { AuditService } from '../audit/audit.service.ts';
import { bearerSecurity, createRouter, errorResponses, Instant, jsonResponse, TenantParam, toInstant, toInstantOrNull } from '../http/openapi.ts';
import { RIGHTS_REQUEST_KINDS } from '../personal-data/registry.ts';
import { requireRole, STAFF_OPERATIONS, staffActor } from '../staff/roles.ts';
import type { TenantStore } from '../tenants/tenants.store.ts';
import type { RightsService } from './rights.service.ts';

const params = z.object({ tenant: TenantParam });
const tags = ['data rights'];

const RightsLedgerSchema = z
  .object({
    requests: z.array(
      z.object({
        id: z.string(),
        kind: z.enum(RIGHTS_REQUEST_KINDS),
        receivedAt: Instant,
        dueAt: Instant.openapi({ description: 'One month after it was received (GDPR art. 12(3))' }),
        completedAt: Instant.nullable(),
        status: z.enum(['completed', 'open', 'overdue']),
      }),
    ),
  })
  .openapi('RightsLedger', { description: 'The data-rights requests made through this collectivité, newest first (at most 500); no one’s address' });

const RetentionAheadQuery = z.object({
  days: z.coerce
    .number()
    .int()
    .min(1)
    .max(366)
    .default(30)
    .openapi({ param: { name: 'days', in: 'query' }, description: 'How far ahead to look, in days' }),
});

const RetentionAheadSchema = z
  .object({
    days: z.number().int(),
    consultations: z.array(z.object({ slug: z.string(), title: z.string(), kind: z.string(), retentionEnd: Instant })),
  })
  .openapi('RetentionEndsAhead', { description: 'Consultations whose personal data is erased within `days`, soonest first' });

const listRightsRequests = createRoute({
  operationId: 'listRightsRequests',
  tags,
  summary: 'The ledger of data-rights requests made through this collectivité, with their due dates (admin)',
  description: 'Each reading is audited.',
  method: 'get',
  path: '/rights-requests',
  security: bearerSecurity,
  request: { params },
  responses: { 200: jsonResponse(RightsLedgerSchema, 'The ledger'), ...errorResponses(401, 403, 404) },
});

const listRetentionEndsAhead = createRoute({
  operationId: 'listRetentionEndsAhead',
  tags,
  summary: 'Consultations whose retention end (the erasure of their personal data) comes within some days (admin)',
  method: 'get',
  path: '/retention-ends',
  security: bearerSecurity,
  request: { params, query: RetentionAheadQuery },
  responses: { 200: jsonResponse(RetentionAheadSchema, 'Retention ends ahead'), ...errorResponses(400, 401, 403, 404) },
});

/** The data-rights ledger over HTTP, for the console; the rules are `RightsService`'s, as for `civique rights list`. */
export function rightsLedgerRoutes(deps: { rights: RightsService; tenants: TenantStore; audit: AuditService }) {
  const router = createRouter();
  router.get('/rights-requests', requireRole(deps.tenants, ...STAFF_OPERATIONS.listRightsRequests));
  router.get('/retention-ends', requireRole(deps.tenants, ...STAFF_OPERATIONS.listRetentionEndsAhead));
  return router
    .openapi(listRightsRequests, async (c) => {
      const ledger = await deps.rights.ledger(c.get('tenant').id);
      // Who read the ledger, and when: it says which rights people exercised.
      await deps.audit.record({ tenantId: c.get('tenant').id, actor: staffActor(c), action: 'listRightsRequests', target: 'rights-requests' });
      return c.json(
        {
          requests: ledger.map((r) => ({
            ...r,
            receivedAt: toInstant(r.receivedAt),
            dueAt: toInstant(r.dueAt),
            completedAt: toInstantOrNull(r.completedAt),
          })),
        },
        200,
      );
    })
    .openapi(listRetentionEndsAhead, async (c) => {
      const { days } = c.req.valid('query');
      const consultations = await deps.rights.retentionEndsAhead(c.get('tenant').id, days);
      return c.json({ days, consultations: consultations.map((r) => ({ ...r, retentionEnd: toInstant(r.retentionEnd) })) }, 200);
    });
}
