import { createRoute, z } from '@hono/zod-openapi';
import { fail } from '../errors.ts';
import { bearerSecurity, createRouter, errorResponses, jsonBody, jsonResponse, TenantParam, toInstant } from '../http/openapi.ts';
import { requireRole, STAFF_OPERATIONS } from '../staff/roles.ts';
import type { TenantStore } from '../tenants/tenants.store.ts';
import type { ModerationTarget } from './moderation.store.ts';
import type { ModerationService } from './moderation.service.ts';
import {
  FlagBody,
  FlagResultSchema,
  ModerateBody,
  ModerationItemSchema,
  ModerationQueueSchema,
  MyModerationDecisionsSchema,
  QueueQuery,
  TargetParams,
} from './moderation.schemas.ts';

const tags = ['moderation'];
const targetParams = z.object({ tenant: TenantParam, ...TargetParams });

const flagContent = createRoute({
  operationId: 'flagContent',
  tags,
  summary: 'Flag content to the moderators, once per account; only flags from confirmed emails count toward automatic hiding',
  method: 'post',
  path: '/moderation/{kind}/{targetId}/flags',
  security: bearerSecurity,
  request: { params: targetParams, body: jsonBody(FlagBody) },
  responses: { 201: jsonResponse(FlagResultSchema, 'Flagged'), ...errorResponses(400, 401, 403, 404, 409, 415) },
});

const listModerationQueue = createRoute({
  operationId: 'listModerationQueue',
  tags: [...tags, 'staff'],
  summary: 'The tenant’s content to moderate, oldest change first, filtered by state, kind and flags (moderator)',
  method: 'get',
  path: '/moderation/queue',
  security: bearerSecurity,
  request: { params: z.object({ tenant: TenantParam }), query: QueueQuery },
  responses: { 200: jsonResponse(ModerationQueueSchema, 'The queue'), ...errorResponses(400, 401, 403, 404) },
});

const moderateContent = createRoute({
  operationId: 'moderateContent',
  tags: [...tags, 'staff'],
  summary: 'Publish, reject, hide or restore content with a statement of reasons mailed to its author (moderator)',
  description:
    'Allowed: submitted → published | rejected | hidden; published → hidden; hidden → published. Another move is 409 `moderation_transition_not_allowed`; hiding, rejecting or restoring without a statement is 400 `moderation_statement_required`.',
  method: 'post',
  path: '/moderation/{kind}/{targetId}/decision',
  security: bearerSecurity,
  request: { params: targetParams, body: jsonBody(ModerateBody) },
  responses: { 200: jsonResponse(ModerationItemSchema, 'Decided'), ...errorResponses(400, 401, 403, 404, 409, 415) },
});

const listMyModerationDecisions = createRoute({
  operationId: 'listMyModerationDecisions',
  tags,
  summary: 'Moderators’ decisions about my content, with their statements of reasons, newest first',
  method: 'get',
  path: '/me/moderation-decisions',
  security: bearerSecurity,
  request: { params: z.object({ tenant: TenantParam }) },
  responses: { 200: jsonResponse(MyModerationDecisionsSchema, 'Decisions'), ...errorResponses(401, 403, 404) },
});

const presentItem = (t: ModerationTarget) => ({
  kind: t.kind,
  targetId: t.targetId,
  state: t.state,
  flags: t.flags,
  countingFlags: t.countingFlags,
  createdAt: toInstant(t.createdAt),
  updatedAt: toInstant(t.updatedAt),
});

export function moderationRoutes(deps: { moderation: ModerationService; tenants: TenantStore }) {
  const { moderation } = deps;
  const router = createRouter();
  router.get('/moderation/queue', requireRole(deps.tenants, ...STAFF_OPERATIONS.listModerationQueue));
  router.post('/moderation/:kind/:targetId/decision', requireRole(deps.tenants, ...STAFF_OPERATIONS.moderateContent));
  return router
    .openapi(flagContent, async (c) => {
      const account = c.get('account');
      if (!account) throw fail.unauthenticated();
      const { kind, targetId } = c.req.valid('param');
      return c.json(await moderation.flag(c.get('tenant'), account, kind, targetId, c.req.valid('json')), 201);
    })
    .openapi(listModerationQueue, async (c) => {
      const q = c.req.valid('query');
      const items = await moderation.queue(c.get('tenant'), {
        state: q.state,
        kind: q.kind,
        flagged: q.flagged === undefined ? undefined : q.flagged === 'true',
        limit: q.limit,
      });
      return c.json({ items: items.map(presentItem) }, 200);
    })
    .openapi(moderateContent, async (c) => {
      const { kind, targetId } = c.req.valid('param');
      const decided = await moderation.moderate(c.get('tenant'), c.get('account')!, kind, targetId, c.req.valid('json'));
      return c.json(presentItem(decided), 200);
    })
    .openapi(listMyModerationDecisions, async (c) => {
      const decisions = await moderation.decisionsAbout(c.get('tenant'), c.get('account')!);
      return c.json({ decisions: decisions.map((d) => ({ ...d, createdAt: toInstant(d.createdAt) })) }, 200);
    });
}
