import { createRoute, z } from '@hono/zod-openapi';
import { attachmentHeader, bearerSecurity, createRouter, errorResponses, jsonBody, jsonResponse, TenantParam, toInstant } from '../http/openapi.ts';
import { ExportSchema } from './export.schemas.ts';
import type { RightsService } from './rights.service.ts';

const params = z.object({ tenant: TenantParam });
const tags = ['data rights'];

const ParticipationListSchema = z
  .object({
    participations: z.array(
      z.object({
        kind: z.string(),
        id: z.string(),
        consultationId: z.string(),
        consultation: z
          .object({ tenant: z.string(), slug: z.string(), title: z.string(), kind: z.string() })
          .nullable()
          .openapi({ description: 'null when the consultation no longer exists' }),
        at: z.string(),
        status: z.string().optional(),
      }),
    ),
  })
  .openapi('ParticipationList');

const DeleteMeBody = z
  .strictObject({
    password: z.string().min(1).max(128),
    proposals: z.enum(['keep_anonymous', 'delete']).default('keep_anonymous').openapi({
      description: 'My proposals: stay published without author (`keep_anonymous`, the default), or are deleted with the account (`delete`)',
    }),
  })
  .openapi('DeleteMe');

const exportMe = createRoute({
  operationId: 'exportMe',
  tags,
  summary: 'Download my data as one JSON document',
  method: 'get',
  path: '/me/export',
  security: bearerSecurity,
  request: { params },
  responses: { 200: { ...jsonResponse(ExportSchema, 'My data'), headers: attachmentHeader }, ...errorResponses(401, 403, 404) },
});

const listMyParticipations = createRoute({
  operationId: 'listMyParticipations',
  tags,
  summary: 'My votes, answers, proposals and other participations',
  method: 'get',
  path: '/me/participations',
  security: bearerSecurity,
  request: { params },
  responses: { 200: jsonResponse(ParticipationListSchema, 'My participations'), ...errorResponses(401, 403, 404) },
});

const deleteMe = createRoute({
  operationId: 'deleteMe',
  tags,
  summary: 'Delete my account, irreversibly: personal data erased, contributions kept only anonymised',
  method: 'delete',
  path: '/me',
  security: bearerSecurity,
  request: { params, body: jsonBody(DeleteMeBody) },
  responses: { 204: { description: 'Deleted' }, ...errorResponses(400, 401, 403, 404, 415, 429) },
});

/** Mounted where `/me` and `/me/*` already require a signed-in account (see app.ts). */
export function rightsRoutes({ rights }: { rights: RightsService }) {
  const router = createRouter();
  return router
    .openapi(exportMe, async (c) => {
      const document = await rights.export(c.get('account')!, c.get('tenant').id);
      c.header('Content-Disposition', `attachment; filename="civique-mes-donnees-${document.exportedAt.slice(0, 10)}.json"`);
      // Sections come from the registry at run time; rights.test.ts checks the whole document against ExportSchema.
      return c.json(document as unknown as z.output<typeof ExportSchema>, 200);
    })
    .openapi(listMyParticipations, async (c) => {
      const list = await rights.participationsWithConsultations(c.get('account')!.id);
      return c.json({ participations: list.map((p) => ({ ...p, at: toInstant(p.at) })) }, 200);
    })
    .openapi(deleteMe, async (c) => {
      const body = c.req.valid('json');
      await rights.deleteAccount(c.get('account')!, body.password, c.get('clientIp'), { proposals: body.proposals }, c.get('tenant').id);
      return c.body(null, 204);
    });
}
