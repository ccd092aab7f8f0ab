import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { FlagBody, ModerateBody } from '../moderation/moderation.schemas.ts';
import type { AppEnv } from '../app-env.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { SlugParam } from '../consultations/consultations.schemas.ts';
import { fail } from '../errors.ts';
import { isHoneypotFilled } from '../http/honeypot.ts';
import { bearerSecurity, createRouter, errorResponses, jsonBody, jsonResponse, TenantParam, toInstant } from '../http/openapi.ts';
import { ParticipantHeaders } from '../participation/participation.schemas.ts';
import { requireRole, STAFF_OPERATIONS, staffActor } from '../staff/roles.ts';
import type { TenantStore } from '../tenants/tenants.store.ts';
import {
  AnswerProposalBody,
  BudgetCopyBody,
  BudgetCopyResultSchema,
  ConfirmEmailBody,
  ConfirmEmailResultSchema,
  ImageIdParam,
  ImageUploadResultSchema,
  ListProposalsQuery,
  MySupportsSchema,
  ProposalIdParam,
  ProposalPageSchema,
  ProposalSchema,
  PublishAnswersBody,
  PublishAnswersResultSchema,
  StaffListQuery,
  StaffProposalPageSchema,
  StaffProposalSchema,
  SubmitProposalBody,
  SubmitProposalResultSchema,
  SubscriptionSchema,
  SubscriptionTokenParam,
  SupportBody,
  SupportResultSchema,
} from './proposals.schemas.ts';
import { moderationOf, type ProposalService, type Viewer } from './proposals.service.ts';
import type { Proposal } from './proposals.store.ts';
import { imageBodyLimit, imageContent, imageUrl, readImageUpload, serveImage } from '../images/images.http.ts';
import { ProposalErrorCode } from './proposals.ts';
import { FlagResultSchema } from '../moderation/moderation.schemas.ts';

const tags = ['proposals'];
const params = z.object({ tenant: TenantParam, slug: SlugParam });
const proposalParams = params.extend({ proposalId: ProposalIdParam });
const public_ = [{}, ...bearerSecurity];

/** The path of the image upload: its body is an image, not JSON (`readJsonBody` leaves it to this route's own limit). */
export const IMAGE_UPLOAD_PATH = /^\/v1\/tenants\/[^/]+\/consultations\/[^/]+\/proposal-images$/;

const uploadProposalImage = createRoute({
  operationId: 'uploadProposalImage',
  tags,
  summary: 'Upload an image for a proposal to come (re-encoded by the widget; JPEG, PNG or WebP, ≤ 1 MB, ≤ 4096×4096)',
  description:
    'The raw image is the body. Its magic bytes must match its Content-Type. An image not attached to a proposal within 24 hours is erased. 413 `proposal_image_too_large`, 415 `proposal_image_type`, 422 `proposal_image_invalid`.',
  method: 'post',
  path: '/consultations/{slug}/proposal-images',
  security: public_,
  request: {
    params,
    headers: ParticipantHeaders,
    body: {
      required: true,
      content: imageContent(),
    },
  },
  responses: { 201: jsonResponse(ImageUploadResultSchema, 'Stored'), ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422, 429) },
});

const getProposalImage = createRoute({
  operationId: 'getProposalImage',
  tags,
  summary: 'An image of a published proposal (or, unattached, to its uploader); served from the API origin',
  description: 'Host pages need the API origin in their CSP `img-src`. Immutable: an image never changes under its id.',
  method: 'get',
  path: '/proposal-images/{imageId}',
  security: public_,
  request: { params: z.object({ tenant: TenantParam, imageId: ImageIdParam }), headers: ParticipantHeaders },
  responses: {
    200: {
      description: 'The image',
      content: imageContent(),
    },
    ...errorResponses(400, 401, 403, 404),
  },
});

const submitProposal = createRoute({
  operationId: 'submitProposal',
  tags,
  summary: 'Submit a proposal (signed in, or anonymous where the consultation allows it)',
  description:
    'Published at once unless the consultation pre-moderates. An anonymous author may leave `email`, only to be told of the answer: a confirmation link (`#civique-proposal-confirm=<token>` on the host page) is mailed first, and nothing else is sent before it is opened. Rule violations are 422: proposal_too_long, proposal_unknown_category, proposal_unknown_quartier, proposal_email_not_allowed; an unknown or used `imageId` is 404 proposal_image_not_found.',
  method: 'post',
  path: '/consultations/{slug}/proposals',
  security: public_,
  request: { params, headers: ParticipantHeaders, body: jsonBody(SubmitProposalBody) },
  responses: { 201: jsonResponse(SubmitProposalResultSchema, 'Submitted'), ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422, 429) },
});

const listProposals = createRoute({
  operationId: 'listProposals',
  tags,
  summary: 'Published proposals: filters, sorts, accent-insensitive search, keyset pages',
  description: '`sort=answered` lists the most recently answered first, then the unanswered.',
  method: 'get',
  path: '/consultations/{slug}/proposals',
  security: public_,
  request: { params, query: ListProposalsQuery, headers: ParticipantHeaders },
  responses: { 200: jsonResponse(ProposalPageSchema, 'A page'), ...errorResponses(400, 401, 403, 404, 409) },
});

const listProposalsForStaff = createRoute({
  operationId: 'listProposalsForStaff',
  tags: [...tags, 'staff'],
  summary: 'Every proposal in every state, with draft answers, flags and how its author will be told (moderator, answerer)',
  method: 'get',
  path: '/consultations/{slug}/proposals/staff',
  security: bearerSecurity,
  request: { params, query: StaffListQuery },
  responses: { 200: jsonResponse(StaffProposalPageSchema, 'A page'), ...errorResponses(400, 401, 403, 404, 409) },
});

const getProposal = createRoute({
  operationId: 'getProposal',
  tags,
  summary: 'One proposal (the `#civique-proposal=<id>` deep link); its author also sees it while submitted, rejected or withdrawn',
  method: 'get',
  path: '/consultations/{slug}/proposals/{proposalId}',
  security: public_,
  request: { params: proposalParams, headers: ParticipantHeaders },
  responses: { 200: jsonResponse(ProposalSchema, 'The proposal'), ...errorResponses(400, 401, 403, 404, 409) },
});

const withdrawProposal = createRoute({
  operationId: 'withdrawProposal',
  tags,
  summary: 'Withdraw my proposal: shown to no one any more',
  method: 'post',
  path: '/consultations/{slug}/proposals/{proposalId}/withdrawal',
  security: public_,
  request: { params: proposalParams, headers: ParticipantHeaders },
  responses: { 200: jsonResponse(ProposalSchema, 'Withdrawn'), ...errorResponses(400, 401, 403, 404, 409) },
});

const supportProposal = createRoute({
  operationId: 'supportProposal',
  tags,
  summary: 'Support a published proposal: one support per participant; over the caps (counted per proposal) it is quarantined',
  method: 'put',
  path: '/consultations/{slug}/proposals/{proposalId}/support',
  security: public_,
  request: { params: proposalParams, headers: ParticipantHeaders, body: jsonBody(SupportBody) },
  responses: { 200: jsonResponse(SupportResultSchema, 'Supported'), ...errorResponses(400, 401, 403, 404, 409, 413, 415) },
});

const withdrawSupport = createRoute({
  operationId: 'withdrawSupport',
  tags,
  summary: 'Withdraw my support',
  method: 'delete',
  path: '/consultations/{slug}/proposals/{proposalId}/support',
  security: public_,
  request: { params: proposalParams, headers: ParticipantHeaders },
  responses: { 200: jsonResponse(SupportResultSchema, 'Withdrawn'), ...errorResponses(400, 401, 403, 404, 409) },
});

const getMySupports = createRoute({
  operationId: 'getMySupports',
  tags,
  summary: 'The proposals I support in this consultation',
  method: 'get',
  path: '/consultations/{slug}/my-supports',
  security: public_,
  request: { params, headers: ParticipantHeaders },
  responses: { 200: jsonResponse(MySupportsSchema, 'My supports'), ...errorResponses(400, 401, 403, 404, 409) },
});

const flagProposal = createRoute({
  operationId: 'flagProposal',
  tags,
  summary: 'Flag a published proposal to the moderators (signed in; only flags from confirmed emails count toward hiding)',
  method: 'post',
  path: '/consultations/{slug}/proposals/{proposalId}/flags',
  security: bearerSecurity,
  request: { params: proposalParams, body: jsonBody(FlagBody) },
  responses: { 201: jsonResponse(FlagResultSchema, 'Flagged'), ...errorResponses(400, 401, 403, 404, 409, 413, 415) },
});

const moderateProposal = createRoute({
  operationId: 'moderateProposal',
  tags: [...tags, 'staff'],
  summary: 'Publish, reject (reason shown and mailed to the author), hide or restore a proposal (moderator)',
  method: 'post',
  path: '/consultations/{slug}/proposals/{proposalId}/moderation',
  security: bearerSecurity,
  request: { params: proposalParams, body: jsonBody(ModerateBody) },
  responses: { 200: jsonResponse(StaffProposalSchema, 'Decided'), ...errorResponses(400, 401, 403, 404, 409, 413, 415) },
});

const answerProposal = createRoute({
  operationId: 'answerProposal',
  tags: [...tags, 'staff'],
  summary: 'Save the official answer as a draft; citizens see it once published (answerer)',
  method: 'put',
  path: '/consultations/{slug}/proposals/{proposalId}/answer',
  security: bearerSecurity,
  request: { params: proposalParams, body: jsonBody(AnswerProposalBody) },
  responses: { 200: jsonResponse(StaffProposalSchema, 'Draft saved'), ...errorResponses(400, 401, 403, 404, 409, 413, 415) },
});

const publishAnswers = createRoute({
  operationId: 'publishAnswers',
  tags: [...tags, 'staff'],
  summary: 'Publish the draft answers of these proposals; their mails are queued in the same transaction (answerer)',
  method: 'post',
  path: '/consultations/{slug}/answers/publication',
  security: bearerSecurity,
  request: { params, body: jsonBody(PublishAnswersBody) },
  responses: { 200: jsonResponse(PublishAnswersResultSchema, 'Published'), ...errorResponses(400, 401, 403, 404, 409, 413, 415) },
});

const copyProposalsToBudget = createRoute({
  operationId: 'copyProposalsToBudget',
  tags: [...tags, 'staff'],
  summary: 'Copy selected proposals, with their authors’ agreement, as projects of an upcoming budget (admin)',
  method: 'post',
  path: '/consultations/{slug}/proposals/budget-copy',
  security: bearerSecurity,
  request: { params, body: jsonBody(BudgetCopyBody) },
  responses: { 200: jsonResponse(BudgetCopyResultSchema, 'Copied'), ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422) },
});

const tokenParams = z.object({ tenant: TenantParam, token: SubscriptionTokenParam });

const confirmProposalEmail = createRoute({
  operationId: 'confirmProposalEmail',
  tags,
  summary: 'Confirm an anonymous author’s address (the `#civique-proposal-confirm=<token>` link)',
  method: 'post',
  path: '/proposal-subscriptions/confirmation',
  security: public_,
  request: { params: z.object({ tenant: TenantParam }), body: jsonBody(ConfirmEmailBody) },
  responses: { 200: jsonResponse(ConfirmEmailResultSchema, 'Confirmed'), ...errorResponses(400, 401, 403, 404, 413, 415) },
});

const getProposalSubscription = createRoute({
  operationId: 'getProposalSubscription',
  tags,
  summary: 'What an address gave to be told of an answer, seen with its mail’s token, without an account',
  method: 'get',
  path: '/proposal-subscriptions/{token}',
  security: public_,
  request: { params: tokenParams },
  responses: { 200: jsonResponse(SubscriptionSchema, 'The subscription'), ...errorResponses(400, 401, 403, 404) },
});

const exportProposalSubscription = createRoute({
  operationId: 'exportProposalSubscription',
  tags,
  summary: 'The same, as a JSON file to keep (portability)',
  method: 'get',
  path: '/proposal-subscriptions/{token}/export',
  security: public_,
  request: { params: tokenParams },
  responses: { 200: jsonResponse(SubscriptionSchema, 'The export (Content-Disposition: attachment)'), ...errorResponses(400, 401, 403, 404) },
});

const deleteProposalSubscription = createRoute({
  operationId: 'deleteProposalSubscription',
  tags,
  summary: 'Erase the address: nothing more is sent',
  method: 'delete',
  path: '/proposal-subscriptions/{token}',
  security: public_,
  request: { params: tokenParams },
  responses: { 204: { description: 'Erased' }, ...errorResponses(400, 401, 403, 404) },
});

function viewerOf(c: Context<AppEnv>): Viewer {
  return { account: c.get('account'), anonymousId: c.req.header('civique-participant') };
}

export function proposalRoutes(deps: { proposals: ProposalService; tenants: TenantStore; audit: AuditService; publicOrigin?: string }) {
  const { proposals } = deps;
  const present = (c: Context<AppEnv>, slug: string, p: Proposal, asStaff = false) => {
    const byMe = proposals.isByViewer(p, viewerOf(c));
    return {
      id: p.id,
      slug,
      title: p.title,
      text: p.text,
      category: p.category,
      quartier: p.quartier,
      imageUrl: imageUrl(c, deps.publicOrigin, 'proposal-images', p.imageId),
      moderation: moderationOf(p),
      rejectionReason: byMe || asStaff ? p.rejectionReason : null,
      answerStatus: p.answerStatus,
      answer: p.answeredAt === null ? null : { text: p.answerText!, answeringBody: p.answeringBody!, publishedAt: toInstant(p.answeredAt) },
      supportCount: p.supportCount,
      createdAt: toInstant(p.createdAt),
      byMe,
    };
  };
  const presentStaff = (c: Context<AppEnv>, slug: string, p: Proposal, notification: 'account' | 'email_confirmed' | 'email_pending' | 'none') => ({
    ...present(c, slug, p, true),
    draftAnswer: p.draft && { status: p.draft.status, text: p.draft.text, answeringBody: p.draft.answeringBody, updatedAt: toInstant(p.draft.updatedAt) },
    flags: p.flags,
    contactConsent: p.contactConsent,
    notification,
    budgetProjectId: p.budgetProjectId,
  });
  const notificationOf = (p: Proposal) => (p.accountId !== null ? ('account' as const) : ('none' as const));

  const router = createRouter();
  router.get('/consultations/:slug/proposals/staff', requireRole(deps.tenants, ...STAFF_OPERATIONS.listProposalsForStaff));
  router.post('/consultations/:slug/proposals/budget-copy', requireRole(deps.tenants, ...STAFF_OPERATIONS.copyProposalsToBudget));
  router.post('/consultations/:slug/proposals/:proposalId/moderation', requireRole(deps.tenants, ...STAFF_OPERATIONS.moderateProposal));
  router.put('/consultations/:slug/proposals/:proposalId/answer', requireRole(deps.tenants, ...STAFF_OPERATIONS.answerProposal));
  router.post('/consultations/:slug/answers/publication', requireRole(deps.tenants, ...STAFF_OPERATIONS.publishAnswers));
  // The one body that is not JSON: its own limit, in the one error shape.
  router.post('/consultations/:slug/proposal-images', imageBodyLimit(ProposalErrorCode.imageTooLarge));

  return router
    .openapi(uploadProposalImage, async (c) => {
      const { bytes, declaredType } = await readImageUpload(c);
      const imageId = await proposals.uploadImage({
        tenant: c.get('tenant'),
        slug: c.req.valid('param').slug,
        viewer: viewerOf(c),
        declaredType,
        bytes,
        ip: c.get('clientIp'),
      });
      return c.json({ imageId }, 201);
    })
    .openapi(getProposalImage, async (c) => {
      const image = await proposals.image(c.get('tenant'), c.req.valid('param').imageId, viewerOf(c));
      // An image never changes under its id; an unattached one is its uploader's only.
      return serveImage(c, image, image.attachedTo !== null);
    })
    .openapi(submitProposal, async (c) => {
      const body = c.req.valid('json');
      const slug = c.req.valid('param').slug;
      const { proposal, emailConfirmation } = await proposals.submit({
        tenant: c.get('tenant'),
        slug,
        viewer: viewerOf(c),
        title: body.title,
        text: body.text,
        category: body.category,
        quartier: body.quartier,
        imageId: body.imageId,
        contactConsent: body.contactConsent,
        email: body.email,
        locale: body.locale,
        returnUrl: body.returnUrl,
        honeypot: isHoneypotFilled(body.website),
        ip: c.get('clientIp'),
      });
      return c.json({ proposal: present(c, slug, proposal), emailConfirmation }, 201);
    })
    .openapi(listProposalsForStaff, async (c) => {
      const slug = c.req.valid('param').slug;
      const page = await proposals.listForStaff(c.get('tenant'), slug, c.req.valid('query'));
      return c.json({ items: page.items.map((i) => presentStaff(c, slug, i.proposal, i.notification)), nextCursor: page.nextCursor }, 200);
    })
    .openapi(listProposals, async (c) => {
      const slug = c.req.valid('param').slug;
      const page = await proposals.list(c.get('tenant'), slug, c.req.valid('query'));
      return c.json({ items: page.items.map((p) => present(c, slug, p)), nextCursor: page.nextCursor }, 200);
    })
    .openapi(getProposal, async (c) => {
      const { slug, proposalId } = c.req.valid('param');
      return c.json(present(c, slug, await proposals.get(c.get('tenant'), slug, proposalId, viewerOf(c))), 200);
    })
    .openapi(withdrawProposal, async (c) => {
      const { slug, proposalId } = c.req.valid('param');
      return c.json(present(c, slug, await proposals.withdraw(c.get('tenant'), slug, proposalId, viewerOf(c))), 200);
    })
    .openapi(supportProposal, async (c) => {
      const { slug, proposalId } = c.req.valid('param');
      const result = await proposals.support({
        tenant: c.get('tenant'),
        slug,
        id: proposalId,
        viewer: viewerOf(c),
        ip: c.get('clientIp'),
        honeypot: isHoneypotFilled(c.req.valid('json').website),
      });
      return c.json(result, 200);
    })
    .openapi(withdrawSupport, async (c) => {
      const { slug, proposalId } = c.req.valid('param');
      return c.json(await proposals.withdrawSupport({ tenant: c.get('tenant'), slug, id: proposalId, viewer: viewerOf(c) }), 200);
    })
    .openapi(getMySupports, async (c) => {
      return c.json({ proposalIds: await proposals.mySupports(c.get('tenant'), c.req.valid('param').slug, viewerOf(c)) }, 200);
    })
    .openapi(flagProposal, async (c) => {
      const account = c.get('account');
      if (!account) throw fail.unauthenticated();
      const { slug, proposalId } = c.req.valid('param');
      return c.json(await proposals.flag(c.get('tenant'), slug, proposalId, account, c.req.valid('json')), 201);
    })
    .openapi(moderateProposal, async (c) => {
      const { slug, proposalId } = c.req.valid('param');
      const body = c.req.valid('json');
      const before = await proposals.getForStaff(c.get('tenant'), slug, proposalId);
      const after = await proposals.moderate(c.get('tenant'), slug, proposalId, c.get('account')!, body);
      await deps.audit.record({
        tenantId: c.get('tenant').id,
        actor: staffActor(c),
        action: 'moderateProposal',
        target: `proposal:${proposalId}`,
        before: { moderation: moderationOf(before) },
        after: { moderation: moderationOf(after), statement: body.statement ?? null },
      });
      return c.json(presentStaff(c, slug, after, notificationOf(after)), 200);
    })
    .openapi(answerProposal, async (c) => {
      const { slug, proposalId } = c.req.valid('param');
      const after = await proposals.answer(c.get('tenant'), slug, proposalId, c.get('account')!, c.req.valid('json'));
      await deps.audit.record({
        tenantId: c.get('tenant').id,
        actor: staffActor(c),
        action: 'answerProposal',
        target: `proposal:${proposalId}`,
        after: { draftAnswer: after.draft && { status: after.draft.status, answeringBody: after.draft.answeringBody } },
      });
      return c.json(presentStaff(c, slug, after, notificationOf(after)), 200);
    })
    .openapi(publishAnswers, async (c) => {
      const { slug } = c.req.valid('param');
      const result = await proposals.publishAnswers(c.get('tenant'), slug, c.req.valid('json').proposalIds);
      await deps.audit.record({
        tenantId: c.get('tenant').id,
        actor: staffActor(c),
        action: 'publishAnswers',
        target: `consultation:${slug}`,
        after: result,
      });
      return c.json(result, 200);
    })
    .openapi(copyProposalsToBudget, async (c) => {
      const projects = await proposals.copyToBudget(c.get('tenant'), c.req.valid('param').slug, c.req.valid('json'), staffActor(c));
      return c.json({ projects }, 200);
    })
    .openapi(confirmProposalEmail, async (c) => {
      return c.json(await proposals.confirmEmail(c.get('tenant'), c.req.valid('json').token), 200);
    })
    .openapi(getProposalSubscription, async (c) => {
      return c.json(presentSubscription(await proposals.subscription(c.get('tenant'), c.req.valid('param').token)), 200);
    })
    .openapi(exportProposalSubscription, async (c) => {
      const body = presentSubscription(await proposals.subscription(c.get('tenant'), c.req.valid('param').token));
      c.header('Content-Disposition', 'attachment; filename="civique-adresse-proposition.json"');
      return c.json(body, 200);
    })
    .openapi(deleteProposalSubscription, async (c) => {
      await proposals.deleteSubscription(c.get('tenant'), c.req.valid('param').token);
      return c.body(null, 204);
    });
}

function presentSubscription(s: Awaited<ReturnType<ProposalService['subscription']>>) {
  return {
    email: s.email,
    locale: s.locale,
    confirmed: s.confirmedAt !== null,
    createdAt: toInstant(s.createdAt),
    confirmedAt: s.confirmedAt === null ? null : toInstant(s.confirmedAt),
    notifiedAt: s.notifiedAt === null ? null : toInstant(s.notifiedAt),
    proposal: { id: s.proposalId, slug: s.slug, title: s.title },
  };
}
