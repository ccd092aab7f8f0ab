import { isHoneypotFilled } from '../http/honeypot.ts';
import { createRoute, z } from '@hono/zod-openapi';
import { readsStaffViews } from '../staff/roles.ts';
import type { TenantStore } from '../tenants/tenants.store.ts';
import { SlugParam } from '../consultations/consultations.schemas.ts';
import { requireAccount } from '../accounts/auth.ts';
import { bearerSecurity, createRouter, errorResponses, jsonBody, jsonResponse, TenantParam, toInstant } from '../http/openapi.ts';
import { ParticipantHeaders } from '../participation/participation.schemas.ts';
import { DraftResultSchema, SaveDraftBody, SubmitResponseBody, SubmitResponseResultSchema, SurveyResultsSchema } from './surveys.schemas.ts';
import type { SurveyService } from './surveys.service.ts';
import type { SurveyDraft, SurveyResponse } from './surveys.store.ts';

const presentResponse = (r: SurveyResponse) => ({
  status: r.status,
  counted: r.status === 'accepted',
  submittedAt: toInstant(r.submittedAt),
  updatedAt: toInstant(r.updatedAt),
});

const presentDraft = (d: SurveyDraft) => ({ answers: d.answers, profile: d.profile, savedAt: toInstant(d.savedAt) });

const params = z.object({ tenant: TenantParam, slug: SlugParam });
const tags = ['surveys'];

const submitSurveyResponse = createRoute({
  operationId: 'submitSurveyResponse',
  tags,
  summary: 'Submit my answers; submitting again replaces my earlier response (one per participant)',
  description:
    'Every answer is checked against the questions: 422 `survey_answers_invalid` lists each problem in `issues` (path `answers.<questionId>` or `profile.<field>`). Empty strings and lists count as unanswered. Answers to questions hidden by their condition are refused. For accounts, the server-side draft is deleted.',
  method: 'put',
  path: '/consultations/{slug}/response',
  security: [{}, ...bearerSecurity],
  request: { params, headers: ParticipantHeaders, body: jsonBody(SubmitResponseBody) },
  responses: {
    201: jsonResponse(SubmitResponseResultSchema, 'Response recorded'),
    200: jsonResponse(SubmitResponseResultSchema, 'Response replaced'),
    ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422),
  },
});

const getSurveyDraft = createRoute({
  operationId: 'getSurveyDraft',
  tags,
  summary: 'My saved draft of this survey (signed-in citizens), or null',
  method: 'get',
  path: '/consultations/{slug}/response-draft',
  security: bearerSecurity,
  request: { params },
  responses: { 200: jsonResponse(DraftResultSchema, 'My draft'), ...errorResponses(401, 403, 404, 409) },
});

const saveSurveyDraft = createRoute({
  operationId: 'saveSurveyDraft',
  tags,
  summary: 'Save my unfinished answers (signed-in citizens); partial answers allowed, the shape of each is checked',
  method: 'put',
  path: '/consultations/{slug}/response-draft',
  security: bearerSecurity,
  request: { params, body: jsonBody(SaveDraftBody) },
  responses: { 200: jsonResponse(DraftResultSchema, 'Saved'), ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422) },
});

const getSurveyResults = createRoute({
  operationId: 'getSurveyResults',
  tags,
  summary: 'Counts per option and distributions from the maintained counters; free-text answers for staff only',
  description:
    'Readable by the public per the survey’s resultsVisibility (`public`, or `after_close` once closed); otherwise 403 `results_hidden` except to staff.',
  method: 'get',
  path: '/consultations/{slug}/survey-results',
  security: [{}, ...bearerSecurity],
  request: { params },
  responses: { 200: jsonResponse(SurveyResultsSchema, 'Results'), ...errorResponses(400, 401, 403, 404, 409) },
});

export function surveyRoutes(deps: { surveys: SurveyService; tenants: TenantStore }) {
  const { surveys } = deps;
  const router = createRouter();
  router.use('/consultations/:slug/response-draft', requireAccount);

  return router
    .openapi(submitSurveyResponse, async (c) => {
      const body = c.req.valid('json');
      const { response, replaced } = await surveys.submit({
        tenant: c.get('tenant'),
        slug: c.req.valid('param').slug,
        account: c.get('account'),
        anonymousId: c.req.valid('header')['civique-participant'],
        answers: body.answers,
        profile: body.profile,
        ip: c.get('clientIp'),
        honeypot: isHoneypotFilled(body.website),
      });
      const result = { response: presentResponse(response), replaced };
      return replaced ? c.json(result, 200) : c.json(result, 201);
    })
    .openapi(getSurveyDraft, async (c) => {
      const draft = await surveys.getDraft({ tenant: c.get('tenant'), slug: c.req.valid('param').slug, account: c.get('account')! });
      return c.json({ draft: draft ? presentDraft(draft) : null }, 200);
    })
    .openapi(saveSurveyDraft, async (c) => {
      const body = c.req.valid('json');
      const draft = await surveys.saveDraft({
        tenant: c.get('tenant'),
        slug: c.req.valid('param').slug,
        account: c.get('account')!,
        answers: body.answers,
        profile: body.profile,
      });
      return c.json({ draft: presentDraft(draft) }, 200);
    })
    .openapi(getSurveyResults, async (c) => {
      return c.json(await surveys.results(c.get('tenant'), c.req.valid('param').slug, await readsStaffViews(c, deps.tenants)), 200);
    });
}
