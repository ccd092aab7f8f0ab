import { isHoneypotFilled } from '../http/honeypot.ts';
import { createRoute, z } from '@hono/zod-openapi';
import type { AccountService } from '../accounts/accounts.service.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { readsStaffViews, requireRole, STAFF_OPERATIONS, staffActor } from '../staff/roles.ts';
import type { Tenant, TenantStore } from '../tenants/tenants.store.ts';
import { tenantPath, type HotRoute } from '../tenants/hot-routes.ts';
import type { Account } from '../accounts/accounts.store.ts';
import { SlugParam } from '../consultations/consultations.schemas.ts';
import { bearerSecurity, createRouter, errorResponses, jsonBody, jsonResponse, TenantParam, toInstant } from '../http/openapi.ts';
import type { QuarantineService } from '../participation/quarantine.service.ts';
import {
  CastBallotBody,
  CastBallotResultSchema,
  MyBallotSchema,
  ParticipantHeaders,
  ParticipationIdParam,
  QuarantineListSchema,
  QuarantineQuery,
  ResultsSchema,
  ReviewBody,
  ReviewResultSchema,
  ClusterParam,
  ClusterPreviewBody,
  ClusterPreviewSchema,
  ClusterReviewBody,
  ClusterReviewResultSchema,
  QuarantineClustersSchema,
} from './votes.schemas.ts';
import { BallotRuleCode, type VoteService } from './votes.service.ts';
import type { Ballot } from './votes.store.ts';

export const presentBallot = (ballot: Ballot) => ({
  choice: ballot.choice,
  district: ballot.district,
  status: ballot.status,
  counted: ballot.status === 'accepted',
  castAt: toInstant(ballot.castAt),
  updatedAt: toInstant(ballot.updatedAt),
});

const params = z.object({ tenant: TenantParam, slug: SlugParam });
const tags = ['votes'];

const castBallotHeaders = ParticipantHeaders.extend({
  'if-none-match': z
    .literal('*')
    .optional()
    .openapi({ param: { name: 'if-none-match', in: 'header' }, description: '`*`: only cast a first ballot' }),
});

const castBallot = createRoute({
  operationId: 'castBallot',
  tags,
  summary: 'Cast my ballot, or change it: one live ballot per participant (account, else Civique-Participant id)',
  description:
    'Answers only after the ballot is committed to disk. 201 for a first ballot, 200 when it replaced an earlier one. Send `If-None-Match: *` to refuse (412 `ballot_already_cast`) instead of replacing. Over the anti-stuffing caps the ballot is kept but `quarantined` (not counted until staff review). Rule violations are 422 with a specific code: ' +
    Object.values(BallotRuleCode).join(', ') +
    '.',
  method: 'put',
  path: '/consultations/{slug}/ballot',
  security: [{}, ...bearerSecurity],
  request: { params, headers: castBallotHeaders, body: jsonBody(CastBallotBody) },
  responses: {
    201: jsonResponse(CastBallotResultSchema, 'Ballot cast'),
    200: jsonResponse(CastBallotResultSchema, 'Ballot changed'),
    ...errorResponses(400, 401, 403, 404, 409, 412, 413, 415, 422),
  },
});

const getMyBallot = createRoute({
  operationId: 'getMyBallot',
  tags,
  summary: 'My current ballot, or null',
  method: 'get',
  path: '/consultations/{slug}/ballot',
  security: [{}, ...bearerSecurity],
  request: { params, headers: ParticipantHeaders },
  responses: { 200: jsonResponse(MyBallotSchema, 'My ballot'), ...errorResponses(400, 401, 403, 404, 409) },
});

const withdrawBallot = createRoute({
  operationId: 'withdrawBallot',
  tags,
  summary: 'Withdraw my ballot while the consultation is open; its counts are removed',
  method: 'delete',
  path: '/consultations/{slug}/ballot',
  security: [{}, ...bearerSecurity],
  request: { params, headers: ParticipantHeaders },
  responses: { 204: { description: 'Withdrawn' }, ...errorResponses(400, 401, 403, 404, 409) },
});

const getResults = createRoute({
  operationId: 'getResults',
  tags,
  summary: 'Results from the maintained counters; staff also see quarantined and rejected counts',
  description: 'Before closing, a consultation with resultsVisibility `after_close` answers 403 `results_hidden` (except to its staff).',
  method: 'get',
  path: '/consultations/{slug}/results',
  security: [{}, ...bearerSecurity],
  request: { params },
  responses: { 200: jsonResponse(ResultsSchema, 'Results'), ...errorResponses(400, 401, 403, 404, 409) },
});

const listQuarantine = createRoute({
  operationId: 'listQuarantine',
  tags: [...tags, 'staff'],
  summary: 'Ballots, survey responses or supports of proposals held back by the anti-stuffing caps, oldest first (staff of the tenant)',
  method: 'get',
  path: '/consultations/{slug}/quarantine',
  security: bearerSecurity,
  request: { params, query: QuarantineQuery },
  responses: { 200: jsonResponse(QuarantineListSchema, 'Quarantined participations'), ...errorResponses(400, 401, 403, 404, 409) },
});

const reviewQuarantine = createRoute({
  operationId: 'reviewQuarantine',
  tags: [...tags, 'staff'],
  summary: 'Accept (it counts at once) or reject (it never counts) a quarantined ballot, survey response or support (staff)',
  method: 'post',
  path: '/consultations/{slug}/quarantine/{participationId}',
  security: bearerSecurity,
  request: { params: params.extend({ participationId: ParticipationIdParam }), body: jsonBody(ReviewBody) },
  responses: { 200: jsonResponse(ReviewResultSchema, 'Reviewed'), ...errorResponses(400, 401, 403, 404, 409, 415) },
});

const listQuarantineClusters = createRoute({
  operationId: 'listQuarantineClusters',
  tags: [...tags, 'staff'],
  summary: 'Quarantined ballots (or survey responses) grouped by network under opaque labels, with counts and first/last times (moderator)',
  method: 'get',
  path: '/consultations/{slug}/quarantine/clusters',
  security: bearerSecurity,
  request: { params },
  responses: { 200: jsonResponse(QuarantineClustersSchema, 'Clusters'), ...errorResponses(400, 401, 403, 404, 409) },
});

const previewClusterReview = createRoute({
  operationId: 'previewClusterReview',
  tags: [...tags, 'staff'],
  summary: 'The results before and after accepting or rejecting a whole cluster; nothing is written (moderator)',
  method: 'post',
  path: '/consultations/{slug}/quarantine/clusters/{cluster}/preview',
  security: bearerSecurity,
  request: { params: params.extend({ cluster: ClusterParam }), body: jsonBody(ClusterPreviewBody) },
  responses: { 200: jsonResponse(ClusterPreviewSchema, 'Preview'), ...errorResponses(400, 401, 403, 404, 409, 415) },
});

const reviewCluster = createRoute({
  operationId: 'reviewCluster',
  tags: [...tags, 'staff'],
  summary: 'Accept or reject a whole cluster, each participation through the same review as one by one (moderator)',
  method: 'post',
  path: '/consultations/{slug}/quarantine/clusters/{cluster}',
  security: bearerSecurity,
  request: { params: params.extend({ cluster: ClusterParam }), body: jsonBody(ClusterReviewBody) },
  responses: { 200: jsonResponse(ClusterReviewResultSchema, 'Reviewed'), ...errorResponses(400, 401, 403, 404, 409, 415, 429) },
});

/** castBallot, from its validated input to its answer: the one handler of its Hono route and of its hot route. */
async function cast(
  votes: VoteService,
  input: {
    tenant: Tenant;
    slug: string;
    account: Account | undefined;
    headers: z.output<typeof castBallotHeaders>;
    body: z.output<typeof CastBallotBody>;
    ip: string;
  },
) {
  const { ballot, changed } = await votes.cast({
    tenant: input.tenant,
    slug: input.slug,
    account: input.account,
    anonymousId: input.headers['civique-participant'],
    choice: input.body.choice,
    district: input.body.district,
    onlyIfNew: input.headers['if-none-match'] === '*',
    ip: input.ip,
    honeypot: isHoneypotFilled(input.body.website),
  });
  return { status: changed ? (200 as const) : (201 as const), body: { ballot: presentBallot(ballot), changed } };
}

/**
 * castBallot without the Hono app (`hot-routes.ts`): an anonymous widget's ballot, validated by the route's own
 * schemas. A ballot with a session, or input the schemas refuse, is left to the route above.
 */
export function castBallotHotRoute(votes: VoteService): HotRoute {
  return {
    method: 'PUT',
    path: tenantPath(castBallot.path),
    async handle({ tenant, params: [slug], header, body, ip }) {
      const path = params.safeParse({ tenant: tenant.id, slug });
      const headers = castBallotHeaders.safeParse({ 'civique-participant': header('civique-participant'), 'if-none-match': header('if-none-match') });
      const ballot = CastBallotBody.safeParse(body);
      if (!path.success || !headers.success || !ballot.success) return undefined;
      return cast(votes, { tenant, slug: path.data.slug, account: undefined, headers: headers.data, body: ballot.data, ip });
    },
  };
}

export function voteRoutes(deps: { votes: VoteService; quarantine: QuarantineService; tenants: TenantStore; audit: AuditService; accounts: AccountService }) {
  const { votes, quarantine } = deps;
  const router = createRouter();
  router.get('/consultations/:slug/quarantine/clusters', requireRole(deps.tenants, ...STAFF_OPERATIONS.listQuarantineClusters));
  router.post('/consultations/:slug/quarantine/clusters/:cluster/preview', requireRole(deps.tenants, ...STAFF_OPERATIONS.previewClusterReview));
  router.post('/consultations/:slug/quarantine/clusters/:cluster', requireRole(deps.tenants, ...STAFF_OPERATIONS.reviewCluster));
  router.get('/consultations/:slug/quarantine', requireRole(deps.tenants, ...STAFF_OPERATIONS.listQuarantine));
  router.post('/consultations/:slug/quarantine/:participationId', requireRole(deps.tenants, ...STAFF_OPERATIONS.reviewQuarantine));

  return router
    .openapi(castBallot, async (c) => {
      const answer = await cast(votes, {
        tenant: c.get('tenant'),
        slug: c.req.valid('param').slug,
        account: c.get('account'),
        headers: c.req.valid('header'),
        body: c.req.valid('json'),
        ip: c.get('clientIp'),
      });
      return answer.status === 200 ? c.json(answer.body, 200) : c.json(answer.body, 201);
    })
    .openapi(getMyBallot, async (c) => {
      const ballot = await votes.mine({
        tenant: c.get('tenant'),
        slug: c.req.valid('param').slug,
        account: c.get('account'),
        anonymousId: c.req.valid('header')['civique-participant'],
      });
      return c.json({ ballot: ballot ? presentBallot(ballot) : null }, 200);
    })
    .openapi(withdrawBallot, async (c) => {
      await votes.withdraw({
        tenant: c.get('tenant'),
        slug: c.req.valid('param').slug,
        account: c.get('account'),
        anonymousId: c.req.valid('header')['civique-participant'],
      });
      return c.body(null, 204);
    })
    .openapi(getResults, async (c) => {
      const results = await votes.results(c.get('tenant'), c.req.valid('param').slug, { staffView: await readsStaffViews(c, deps.tenants) });
      return c.json(results, 200);
    })
    .openapi(listQuarantine, async (c) => {
      const page = await quarantine.list(c.get('tenant'), c.req.valid('param').slug, c.req.valid('query'));
      return c.json(
        {
          quarantined: page.quarantined,
          items: page.items.map((item) => ({ ...item, cluster: item.cluster ?? null, castAt: toInstant(item.castAt), updatedAt: toInstant(item.updatedAt) })),
          next: page.next,
        },
        200,
      );
    })
    .openapi(reviewQuarantine, async (c) => {
      const { slug, participationId } = c.req.valid('param');
      const { decision } = c.req.valid('json');
      const reviewed = await quarantine.review(c.get('tenant'), slug, participationId, decision);
      // Through the participation writer, not one SQL transaction with this record: written once it succeeded.
      await deps.audit.record({
        tenantId: c.get('tenant').id,
        actor: staffActor(c),
        action: 'reviewQuarantine',
        target: `participation:${participationId}`,
        before: { status: 'quarantined' },
        after: { status: reviewed.status, decision },
      });
      return c.json(reviewed, 200);
    })
    .openapi(listQuarantineClusters, async (c) => {
      const { clusters, unclustered } = await quarantine.clusters(c.get('tenant'), c.req.valid('param').slug);
      return c.json({ clusters: clusters.map((cl) => ({ ...cl, firstAt: toInstant(cl.firstAt), lastAt: toInstant(cl.lastAt) })), unclustered }, 200);
    })
    .openapi(previewClusterReview, async (c) => {
      const { slug, cluster } = c.req.valid('param');
      const preview = await quarantine.previewCluster(c.get('tenant'), slug, cluster, c.req.valid('json').decision);
      return c.json(preview as typeof preview & { before: Record<string, unknown>; after: Record<string, unknown> }, 200);
    })
    .openapi(reviewCluster, async (c) => {
      const { slug, cluster } = c.req.valid('param');
      const body = c.req.valid('json');
      if (body.decision === 'reject') {
        await deps.accounts.confirmPassword(
          c.get('account')!,
          body.password,
          c.get('clientIp'),
          'password',
          'Type your password again to reject a whole cluster',
        );
      }
      const reviewed = await quarantine.reviewCluster(c.get('tenant'), slug, cluster, body.decision, body.participationIds);
      await deps.audit.record({
        tenantId: c.get('tenant').id,
        actor: staffActor(c),
        action: 'reviewCluster',
        target: `cluster:${cluster}`,
        before: { status: 'quarantined' },
        after: { decision: body.decision, participations: body.participationIds ?? 'all' },
      });
      return c.json(reviewed, 200);
    });
}
