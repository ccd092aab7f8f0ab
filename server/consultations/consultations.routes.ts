import { createRoute, z } from '@hono/zod-openapi';
import { requireRole, STAFF_OPERATIONS, staffActor } from '../staff/roles.ts';
import type { TenantStore } from '../tenants/tenants.store.ts';
import type { AccountService } from '../accounts/accounts.service.ts';
import type { Clock } from '../clock.ts';
import { bearerSecurity, createRouter, errorResponses, jsonBody, jsonResponse, TenantParam, toInstant, toInstantOrNull } from '../http/openapi.ts';
import { ConsultationListSchema, ConsultationSchema, SlugParam, StaffConsultationSchema } from './consultations.schemas.ts';
import { CreateConsultationBody, privacyDurations, UpdateConsultationBody } from '../consultation-settings.ts';
import { consultationStatus, type ConsultationService } from './consultations.service.ts';
import { siteCap, type Consultation } from './consultations.store.ts';

export function publicConsultation(c: Consultation, now: number): z.infer<typeof ConsultationSchema> {
  const durations = privacyDurations(c.kind, c.settings);
  return {
    slug: c.slug,
    kind: c.kind,
    title: c.title,
    description: c.description,
    status: consultationStatus(c, now),
    opensAt: toInstant(c.opensAt),
    closesAt: toInstant(c.closesAt),
    retentionEnd: toInstant(c.retentionEnd),
    // What the staff wrote, and for a kind whose code applies its own durations, those durations in its words.
    privacyNotice: durations ? { ...c.privacyNotice, durations } : c.privacyNotice,
    allowAnonymous: c.allowAnonymous,
    requireVerifiedEmail: c.stuffingPolicy.requireVerifiedEmail,
    settings: c.settings,
  };
}

export function staffConsultation(c: Consultation, now: number): z.infer<typeof StaffConsultationSchema> {
  return {
    ...publicConsultation(c, now),
    id: c.id,
    // Policies stored before the cap per IPv6 site existed show the default they get.
    stuffingPolicy: { ...c.stuffingPolicy, perSite: siteCap(c.stuffingPolicy) },
    purgedAt: toInstantOrNull(c.purgedAt),
    archivedAt: toInstantOrNull(c.archivedAt ?? null),
    createdAt: toInstant(c.createdAt),
    updatedAt: toInstant(c.updatedAt),
  };
}

const params = z.object({ tenant: TenantParam });
const slugParams = z.object({ tenant: TenantParam, slug: SlugParam });

const listConsultations = createRoute({
  operationId: 'listConsultations',
  tags: ['consultations'],
  summary: 'The tenant’s consultations, newest first',
  method: 'get',
  path: '/consultations',
  request: { params },
  responses: { 200: jsonResponse(ConsultationListSchema, 'Consultations'), ...errorResponses(403, 404) },
});

const getConsultation = createRoute({
  operationId: 'getConsultation',
  tags: ['consultations'],
  summary: 'One consultation with its status, privacy notice and kind-specific settings',
  method: 'get',
  path: '/consultations/{slug}',
  request: { params: slugParams },
  responses: { 200: jsonResponse(ConsultationSchema, 'The consultation'), ...errorResponses(400, 403, 404) },
});

const createConsultation = createRoute({
  operationId: 'createConsultation',
  tags: ['consultations', 'staff'],
  summary: 'Create a consultation (staff of the tenant)',
  method: 'post',
  path: '/consultations',
  security: bearerSecurity,
  request: { params, body: jsonBody(CreateConsultationBody) },
  responses: { 201: jsonResponse(StaffConsultationSchema, 'Created'), ...errorResponses(400, 401, 403, 404, 409, 415) },
});

const updateConsultation = createRoute({
  operationId: 'updateConsultation',
  tags: ['consultations', 'staff'],
  summary: 'Change a consultation (staff of the tenant)',
  method: 'patch',
  path: '/consultations/{slug}',
  security: bearerSecurity,
  request: { params: slugParams, body: jsonBody(UpdateConsultationBody) },
  responses: { 200: jsonResponse(StaffConsultationSchema, 'Updated'), ...errorResponses(400, 401, 403, 404, 409, 415) },
});

const staffTags = ['consultations', 'staff'];

const getConsultationAsStaff = createRoute({
  operationId: 'getConsultationAsStaff',
  tags: staffTags,
  summary: 'Everything configured about a consultation, archived ones included: retention end, anti-stuffing policy… (admin or moderator)',
  method: 'get',
  path: '/consultations/{slug}/configuration',
  security: bearerSecurity,
  request: { params: slugParams },
  responses: { 200: jsonResponse(StaffConsultationSchema, 'The consultation as configured'), ...errorResponses(400, 401, 403, 404) },
});

const closeConsultation = createRoute({
  operationId: 'closeConsultation',
  tags: staffTags,
  summary: 'Close an open consultation now (admin); a closed one is left as it is',
  description: 'One that has not opened yet answers 409 `consultation_not_open_yet`: change its dates, or delete it.',
  method: 'post',
  path: '/consultations/{slug}/close',
  security: bearerSecurity,
  request: { params: slugParams },
  responses: { 200: jsonResponse(StaffConsultationSchema, 'Closed'), ...errorResponses(400, 401, 403, 404, 409) },
});

const archiveConsultation = createRoute({
  operationId: 'archiveConsultation',
  tags: staffTags,
  summary: 'Archive a consultation (admin): out of the public list, no more participation, results still readable by staff',
  method: 'post',
  path: '/consultations/{slug}/archive',
  security: bearerSecurity,
  request: { params: slugParams },
  responses: { 200: jsonResponse(StaffConsultationSchema, 'Archived'), ...errorResponses(400, 401, 403, 404) },
});

/** What a destructive staff action asks again: the staff member's password (counted like a sign-in). */
export const ConfirmPasswordBody = z
  .strictObject({ password: z.string().max(200).openapi({ description: 'The staff member’s password, typed again' }) })
  .openapi('ConfirmPassword');

const deleteConsultation = createRoute({
  operationId: 'deleteConsultation',
  tags: staffTags,
  summary: 'Delete a consultation nobody has taken part in (admin, password typed again)',
  description: 'After any ballot or survey response (whatever its status), 409 `consultation_has_participations`: archive it instead.',
  method: 'delete',
  path: '/consultations/{slug}',
  security: bearerSecurity,
  request: { params: slugParams, body: jsonBody(ConfirmPasswordBody) },
  responses: { 204: { description: 'Deleted' }, ...errorResponses(400, 401, 403, 404, 409, 415, 429) },
});

const ms = (iso: string) => Date.parse(iso);

export function consultationRoutes(deps: { consultations: ConsultationService; accounts: AccountService; clock: Clock; tenants: TenantStore }) {
  const { consultations, clock } = deps;
  const router = createRouter();
  router.post('/consultations', requireRole(deps.tenants, ...STAFF_OPERATIONS.createConsultation));
  router.patch('/consultations/:slug', requireRole(deps.tenants, ...STAFF_OPERATIONS.updateConsultation));
  router.get('/consultations/:slug/configuration', requireRole(deps.tenants, ...STAFF_OPERATIONS.getConsultationAsStaff));
  router.post('/consultations/:slug/close', requireRole(deps.tenants, ...STAFF_OPERATIONS.closeConsultation));
  router.post('/consultations/:slug/archive', requireRole(deps.tenants, ...STAFF_OPERATIONS.archiveConsultation));
  router.delete('/consultations/:slug', requireRole(deps.tenants, ...STAFF_OPERATIONS.deleteConsultation));

  return router
    .openapi(listConsultations, async (c) => {
      const list = await consultations.list(c.get('tenant'));
      const now = clock.now();
      return c.json({ consultations: list.map((item) => publicConsultation(item, now)) }, 200);
    })
    .openapi(getConsultation, async (c) => {
      const consultation = await consultations.get(c.get('tenant'), c.req.valid('param').slug);
      return c.json(publicConsultation(consultation, clock.now()), 200);
    })
    .openapi(createConsultation, async (c) => {
      const body = c.req.valid('json');
      const created = await consultations.create(
        c.get('tenant'),
        {
          ...body,
          opensAt: ms(body.opensAt),
          closesAt: ms(body.closesAt),
          retentionEnd: body.retentionEnd === undefined ? undefined : ms(body.retentionEnd),
        },
        staffActor(c),
      );
      return c.json(staffConsultation(created, clock.now()), 201);
    })
    .openapi(updateConsultation, async (c) => {
      const body = c.req.valid('json');
      const updated = await consultations.update(
        c.get('tenant'),
        c.req.valid('param').slug,
        {
          ...body,
          opensAt: body.opensAt === undefined ? undefined : ms(body.opensAt),
          closesAt: body.closesAt === undefined ? undefined : ms(body.closesAt),
          retentionEnd: body.retentionEnd === undefined ? undefined : ms(body.retentionEnd),
        },
        staffActor(c),
      );
      return c.json(staffConsultation(updated, clock.now()), 200);
    })
    .openapi(getConsultationAsStaff, async (c) => {
      const consultation = await consultations.getAsStaff(c.get('tenant'), c.req.valid('param').slug);
      return c.json(staffConsultation(consultation, clock.now()), 200);
    })
    .openapi(closeConsultation, async (c) => {
      const closed = await consultations.close(c.get('tenant'), c.req.valid('param').slug, staffActor(c));
      return c.json(staffConsultation(closed, clock.now()), 200);
    })
    .openapi(archiveConsultation, async (c) => {
      const archived = await consultations.archive(c.get('tenant'), c.req.valid('param').slug, staffActor(c));
      return c.json(staffConsultation(archived, clock.now()), 200);
    })
    .openapi(deleteConsultation, async (c) => {
      await deps.accounts.confirmPassword(c.get('account')!, c.req.valid('json').password, c.get('clientIp'), 'password', 'Password is incorrect');
      await consultations.delete(c.get('tenant'), c.req.valid('param').slug, staffActor(c));
      return c.body(null, 204);
    });
}
