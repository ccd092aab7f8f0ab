import { createRoute, z } from '@hono/zod-openapi';
import { requireRole, STAFF_OPERATIONS, staffActor } from '../staff/roles.ts';
import type { TenantStore } from '../tenants/tenants.store.ts';
import type { Clock } from '../clock.ts';
import { bearerSecurity, createRouter, errorResponses, jsonBody, jsonResponse, TenantParam, toInstant, toInstantOrNull } from '../http/openapi.ts';
import {
  ConsultationListSchema,
  ConsultationSchema,
  CreateConsultationBody,
  SlugParam,
  StaffConsultationSchema,
  UpdateConsultationBody,
} from './consultations.schemas.ts';
import { consultationStatus, type ConsultationService } from './consultations.service.ts';
import { siteCap, type Consultation } from './consultations.store.ts';

export function publicConsultation(c: Consultation, now: number): z.infer<typeof ConsultationSchema> {
  return {
    slug: c.slug,
    kind: c.kind,
    title: c.title,
    description: c.description,
    status: consultationStatus(c, now),
    opensAt: toInstant(c.opensAt),
    closesAt: toInstant(c.closesAt),
    retentionEnd: toInstant(c.retentionEnd),
    privacyNotice: c.privacyNotice,
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

const ms = (iso: string) => Date.parse(iso);

export function consultationRoutes(deps: { consultations: ConsultationService; clock: Clock; tenants: TenantStore }) {
  const { consultations, clock } = deps;
  const router = createRouter();
  router.post('/consultations', requireRole(deps.tenants, ...STAFF_OPERATIONS.createConsultation));
  router.patch('/consultations/:slug', requireRole(deps.tenants, ...STAFF_OPERATIONS.updateConsultation));

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
          retentionEnd: ms(body.retentionEnd),
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
    });
}
