import { createRoute, z } from '@hono/zod-openapi';
import { bearerSecurity, createRouter, errorResponses, jsonBody, jsonResponse, TenantParam } from '../http/openapi.ts';
import { visibleText } from '../http/text.ts';
import { requireRole, STAFF_OPERATIONS } from '../staff/roles.ts';
import { parseOrigin } from '../tenants/origin.ts';
import type { TenantSettingsService } from './tenant-settings.service.ts';
import type { TenantStore } from '../tenants/tenants.store.ts';

/** An origin as browsers send it; refused here (400 on its path) when it has a path or is no origin at all. */
export const Origin = z
  .string()
  .max(300)
  .superRefine(visibleText())
  .superRefine((value, ctx) => {
    const parsed = parseOrigin(value);
    if ('error' in parsed) ctx.addIssue({ code: 'custom', message: parsed.error });
  })
  .openapi({ example: 'https://www.montjoli.fr', description: 'scheme, host and optional port; no path' });

const HttpsUrl = z
  .url({ protocol: /^https$/ })
  .max(2000)
  .openapi({ example: 'https://www.montjoli.fr/logo.svg' });

const PrivacyContact = z
  .string()
  .trim()
  .min(3)
  .max(500)
  .superRefine(visibleText())
  .openapi({ description: 'Where citizens write about their data: the DPO’s email address or contact page', example: 'dpo@montjoli.fr' });

export const TenantSettingsSchema = z
  .object({
    name: z.string(),
    logoUrl: z.string().nullable(),
    allowedOrigins: z.array(z.string()),
    privacyContact: z.string().nullable(),
    defaultRetentionDays: z.number().int().nullable(),
    flagThreshold: z.number().int().nullable(),
  })
  .openapi('TenantSettings');

export const UpdateTenantSettingsBody = z
  .strictObject({
    name: z.string().trim().min(2).max(200).superRefine(visibleText()),
    logoUrl: HttpsUrl.nullable(),
    allowedOrigins: z.array(Origin).min(1).max(50),
    privacyContact: PrivacyContact.nullable(),
    defaultRetentionDays: z.number().int().min(1).max(3650).nullable().openapi({ description: 'Days after closing that personal data is kept' }),
    flagThreshold: z
      .number()
      .int()
      .min(2)
      .max(100)
      .nullable()
      .openapi({ description: 'Flags from confirmed emails that hide published content until a moderator decides; null: 3' }),
  })
  .partial()
  .openapi('UpdateTenantSettings');

const params = z.object({ tenant: TenantParam });

const getTenantSettings = createRoute({
  operationId: 'getTenantSettings',
  tags: ['tenants', 'staff'],
  summary: 'The tenant’s settings: name, logo, allowed origins, privacy contact, default retention (admin)',
  method: 'get',
  path: '/settings',
  security: bearerSecurity,
  request: { params },
  responses: { 200: jsonResponse(TenantSettingsSchema, 'Settings'), ...errorResponses(401, 403, 404) },
});

const updateTenantSettings = createRoute({
  operationId: 'updateTenantSettings',
  tags: ['tenants', 'staff'],
  summary: 'Change the tenant’s settings; only what the body names (admin)',
  description: 'Origins are checked (scheme, host, optional port; no path) and stored normalised; CORS applies them at once.',
  method: 'patch',
  path: '/settings',
  security: bearerSecurity,
  request: { params, body: jsonBody(UpdateTenantSettingsBody) },
  responses: { 200: jsonResponse(TenantSettingsSchema, 'Updated'), ...errorResponses(400, 401, 403, 404, 415) },
});

export function tenantSettingsRoutes(deps: { settings: TenantSettingsService; tenants: TenantStore }) {
  const router = createRouter();
  router.get('/settings', requireRole(deps.tenants, ...STAFF_OPERATIONS.getTenantSettings));
  router.patch('/settings', requireRole(deps.tenants, ...STAFF_OPERATIONS.updateTenantSettings));
  return router
    .openapi(getTenantSettings, async (c) => c.json(await deps.settings.get(c.get('tenant')), 200))
    .openapi(updateTenantSettings, async (c) => c.json(await deps.settings.update(c.get('tenant'), c.req.valid('json')), 200));
}
