import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { requireAccount } from '../accounts/auth.ts';
import type { AppEnv } from '../app-env.ts';
import type { Clock } from '../clock.ts';
import { SlugParam } from '../consultations/consultations.schemas.ts';
import { bearerSecurity, createRouter, errorResponses, jsonBody, jsonResponse, TenantParam } from '../http/openapi.ts';
import { ModerateBody } from '../moderation/moderation.schemas.ts';
import type { ModerationService } from '../moderation/moderation.service.ts';
import { requireRole, STAFF_OPERATIONS } from '../staff/roles.ts';
import { PartnerListSchema, presentPartner } from '../tenants/partners.schemas.ts';
import type { TenantStore } from '../tenants/tenants.store.ts';
import {
  ContactBody,
  ContactPartnerBody,
  ImageId,
  ResourceImageUploadedSchema,
  PartnerContactSentSchema,
  presentThread,
  ReplyBody,
  ThreadSchema,
  BusinessProfileBody,
  BusinessProfileSchema,
  PostResourceBody,
  presentPost,
  presentProfile,
  ResourcePageSchema,
  ResourcePostSchema,
  ResourceQuery,
  UpdateResourceBody,
} from './resources.schemas.ts';
import { ResourceErrorCode, type ResourceService } from './resources.service.ts';
import { imageBodyLimit, imageContent, imageUrl, readImageUpload, serveImage } from '../images/images.http.ts';
import { RESOURCE_POST_KIND, type ResourcePost } from './resources.store.ts';

const tags = ['resources'];
const params = z.object({ tenant: TenantParam, slug: SlugParam });
const ResourceId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{16}$/)
  .openapi({ param: { name: 'resourceId', in: 'path' } });
const postParams = params.extend({ resourceId: ResourceId });

const getBusinessProfile = createRoute({
  operationId: 'getBusinessProfile',
  tags,
  summary: 'My business profile on the resource board, or null',
  method: 'get',
  path: '/me/business-profile',
  security: bearerSecurity,
  request: { params: z.object({ tenant: TenantParam }) },
  responses: { 200: jsonResponse(z.object({ profile: BusinessProfileSchema.nullable() }), 'My profile'), ...errorResponses(401, 403) },
});

const saveBusinessProfile = createRoute({
  operationId: 'saveBusinessProfile',
  tags,
  summary: 'Describe my business (trade name, SIRET, sector, commune) before posting on a resource board',
  description: 'The SIRET is checked: 14 digits and its Luhn key (La Poste’s establishments: the sum of their digits is a multiple of 5).',
  method: 'put',
  path: '/me/business-profile',
  security: bearerSecurity,
  request: { params: z.object({ tenant: TenantParam }), body: jsonBody(BusinessProfileBody) },
  responses: { 200: jsonResponse(z.object({ profile: BusinessProfileSchema }), 'Saved'), ...errorResponses(400, 401, 403, 415) },
});

const listResources = createRoute({
  operationId: 'listResources',
  tags,
  summary: 'The board’s published offers and requests, newest first, filtered and searched, one page',
  method: 'get',
  path: '/consultations/{slug}/resources',
  security: [{}, ...bearerSecurity],
  request: { params, query: ResourceQuery },
  responses: { 200: jsonResponse(ResourcePageSchema, 'A page of posts'), ...errorResponses(400, 401, 403, 404, 409) },
});

const getResource = createRoute({
  operationId: 'getResource',
  tags,
  summary: 'One post: published, or my own in any state',
  method: 'get',
  path: '/consultations/{slug}/resources/{resourceId}',
  security: [{}, ...bearerSecurity],
  request: { params: postParams },
  responses: { 200: jsonResponse(ResourcePostSchema, 'The post'), ...errorResponses(400, 401, 403, 404, 409) },
});

const postResource = createRoute({
  operationId: 'postResource',
  tags,
  summary: 'Post an offer or a request (a verified email and a business profile are needed)',
  description: 'Published at once, or after a moderator’s review when the board says so. It expires after the board’s `expiryDays`.',
  method: 'post',
  path: '/consultations/{slug}/resources',
  security: bearerSecurity,
  request: { params, body: jsonBody(PostResourceBody) },
  responses: { 201: jsonResponse(ResourcePostSchema, 'Posted'), ...errorResponses(400, 401, 403, 404, 409, 415) },
});

const updateResource = createRoute({
  operationId: 'updateResource',
  tags,
  summary: 'Change my post, or renew it (`renew: true`) for another period',
  method: 'patch',
  path: '/consultations/{slug}/resources/{resourceId}',
  security: bearerSecurity,
  request: { params: postParams, body: jsonBody(UpdateResourceBody) },
  responses: { 200: jsonResponse(ResourcePostSchema, 'Changed'), ...errorResponses(400, 401, 403, 404, 409, 415) },
});

const closeResource = createRoute({
  operationId: 'closeResource',
  tags,
  summary: 'Close my post: it stays readable, marked closed, and takes no new contact',
  method: 'post',
  path: '/consultations/{slug}/resources/{resourceId}/closure',
  security: bearerSecurity,
  request: { params: postParams },
  responses: { 200: jsonResponse(ResourcePostSchema, 'Closed'), ...errorResponses(400, 401, 403, 404, 409) },
});

const moderateResource = createRoute({
  operationId: 'moderateResource',
  tags: [...tags, 'staff'],
  summary: 'Publish, reject or hide a post, with a statement of reasons the author reads (moderator)',
  method: 'post',
  path: '/consultations/{slug}/resources/{resourceId}/moderation',
  security: bearerSecurity,
  request: { params: postParams, body: jsonBody(ModerateBody) },
  responses: { 200: jsonResponse(ResourcePostSchema, 'Decided'), ...errorResponses(400, 401, 403, 404, 409, 415) },
});

const contactResourceOwner = createRoute({
  operationId: 'contactResourceOwner',
  tags,
  summary: 'Write to a post’s author through the board: the message is relayed by mail, neither address shown',
  description:
    'Needs a confirmed email and a business profile. Rate limited per account and per address (429 with Retry-After). The author answers through the board; an address appears only when its owner chooses `shareEmail`.',
  method: 'post',
  path: '/consultations/{slug}/resources/{resourceId}/contact',
  security: bearerSecurity,
  request: { params: postParams, body: jsonBody(ContactBody) },
  responses: { 201: jsonResponse(ThreadSchema, 'Sent'), ...errorResponses(400, 401, 403, 404, 409, 415, 429) },
});

const threadParams = z.object({
  tenant: TenantParam,
  threadId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16}$/)
    .openapi({ param: { name: 'threadId', in: 'path' } }),
});

const listMyThreads = createRoute({
  operationId: 'listMyThreads',
  tags,
  summary: 'My conversations on resource boards, as author of a post or as a business that wrote',
  method: 'get',
  path: '/me/resource-threads',
  security: bearerSecurity,
  request: { params: z.object({ tenant: TenantParam }) },
  responses: { 200: jsonResponse(z.object({ threads: z.array(ThreadSchema) }), 'My conversations'), ...errorResponses(401, 403) },
});

const replyInThread = createRoute({
  operationId: 'replyInThread',
  tags,
  summary: 'Answer in one of my conversations; the other party gets it relayed by mail',
  method: 'post',
  path: '/me/resource-threads/{threadId}/messages',
  security: bearerSecurity,
  request: { params: threadParams, body: jsonBody(ReplyBody) },
  responses: { 201: jsonResponse(ThreadSchema, 'Sent'), ...errorResponses(400, 401, 403, 404, 415, 429) },
});

const listPartners = createRoute({
  operationId: 'listPartners',
  tags,
  summary: 'The organisations that help businesses on this board (name, logo, what they help with); never their address',
  method: 'get',
  path: '/consultations/{slug}/partners',
  request: { params },
  responses: { 200: jsonResponse(PartnerListSchema, 'Partners'), ...errorResponses(403, 404, 409) },
});

const contactPartner = createRoute({
  operationId: 'contactPartner',
  tags,
  summary: 'Ask a partner for help: the message is relayed by mail to the partner, whose address stays hidden',
  description:
    'Same requirements and limits as `contactResourceOwner` (a confirmed email, a business profile; per account and per address, counted together with messages to posts’ authors: 429 with Retry-After). The partner answers by mail only when `shareEmail` is true; the mail’s text leaves the outbox once delivered. Unknown partner: 404 `partner_not_found`.',
  method: 'post',
  path: '/consultations/{slug}/partners/{partnerId}/contact',
  security: bearerSecurity,
  request: {
    params: params.extend({
      partnerId: z
        .string()
        .regex(/^[A-Za-z0-9_-]{12}$/)
        .openapi({ param: { name: 'partnerId', in: 'path' } }),
    }),
    body: jsonBody(ContactPartnerBody),
  },
  responses: { 202: jsonResponse(PartnerContactSentSchema, 'Relayed'), ...errorResponses(400, 401, 403, 404, 409, 415, 429) },
});

/** The path of the image upload: its body is an image, not JSON (`readJsonBody` leaves it to this route's own limit). */
export const RESOURCE_IMAGE_UPLOAD_PATH = /^\/v1\/tenants\/[^/]+\/consultations\/[^/]+\/resource-images$/;

const uploadResourceImage = createRoute({
  operationId: 'uploadResourceImage',
  tags,
  summary: 'Upload an image for a post to come, or to change a post’s (JPEG, PNG or WebP, ≤ 1 MB, ≤ 4096×4096)',
  description:
    'The raw image is the body; a business of the board (confirmed email, business profile). Its magic bytes must match its Content-Type. An image no post uses within 24 hours is erased. 413 `resource_image_too_large`, 415 `resource_image_type`, 422 `resource_image_invalid`; 30 an hour per account (429).',
  method: 'post',
  path: '/consultations/{slug}/resource-images',
  security: bearerSecurity,
  request: { params, body: { required: true, content: imageContent() } },
  responses: { 201: jsonResponse(ResourceImageUploadedSchema, 'Stored'), ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422, 429) },
});

const getResourceImage = createRoute({
  operationId: 'getResourceImage',
  tags,
  summary: 'The image of a published post (or, to its author, of their own in any state); served from the API origin',
  description: 'Host pages need the API origin in their CSP `img-src`. Immutable once public: an image never changes under its id.',
  method: 'get',
  path: '/resource-images/{imageId}',
  security: [{}, ...bearerSecurity],
  request: { params: z.object({ tenant: TenantParam, imageId: ImageId.openapi({ param: { name: 'imageId', in: 'path' } }) }) },
  responses: { 200: { description: 'The image', content: imageContent() }, ...errorResponses(400, 401, 403, 404) },
});

const cursorOf = (page: ResourcePost[], limit: number) => (page.length === limit ? `${page.at(-1)!.createdAt}.${page.at(-1)!.seq}` : null);

export function resourceRoutes(deps: { resources: ResourceService; moderation: ModerationService; tenants: TenantStore; clock: Clock; publicOrigin?: string }) {
  const { resources, clock } = deps;
  const router = createRouter();
  const present = (c: Context<AppEnv>, post: ResourcePost) =>
    presentPost(post, clock.now(), c.get('account')?.id, imageUrl(c, deps.publicOrigin, 'resource-images', post.imageId));
  router.post('/consultations/:slug/resources/:resourceId/moderation', requireRole(deps.tenants, ...STAFF_OPERATIONS.moderateResource));
  router.post('/consultations/:slug/resources', requireAccount);
  router.patch('/consultations/:slug/resources/:resourceId', requireAccount);
  router.post('/consultations/:slug/resources/:resourceId/closure', requireAccount);
  router.post('/consultations/:slug/resources/:resourceId/contact', requireAccount);
  router.post('/consultations/:slug/partners/:partnerId/contact', requireAccount);
  // The one body that is not JSON: its own limit, in the one error shape.
  router.post('/consultations/:slug/resource-images', requireAccount, imageBodyLimit(ResourceErrorCode.imageTooLarge));
  return router
    .openapi(getBusinessProfile, async (c) => {
      const profile = await resources.profile(c.get('account')!);
      return c.json({ profile: profile && presentProfile(profile) }, 200);
    })
    .openapi(saveBusinessProfile, async (c) => c.json({ profile: presentProfile(await resources.saveProfile(c.get('account')!, c.req.valid('json'))) }, 200))
    .openapi(listResources, async (c) => {
      const { cursor, available, ...query } = c.req.valid('query');
      const [createdAt, seq] = cursor?.split('.').map(Number) ?? [];
      const page = await resources.list(c.get('tenant'), c.req.valid('param').slug, {
        ...query,
        available: available === 'true',
        after: cursor ? { createdAt, seq } : undefined,
      });
      return c.json({ items: page.map((post) => present(c, post)), next: cursorOf(page, query.limit) }, 200);
    })
    .openapi(getResource, async (c) => {
      const { slug, resourceId } = c.req.valid('param');
      return c.json(present(c, await resources.get(c.get('tenant'), slug, resourceId, c.get('account'))), 200);
    })
    .openapi(postResource, async (c) => {
      const post = await resources.post(c.get('tenant'), c.req.valid('param').slug, c.get('account')!, c.req.valid('json'));
      return c.json(present(c, post), 201);
    })
    .openapi(updateResource, async (c) => {
      const { slug, resourceId } = c.req.valid('param');
      return c.json(present(c, await resources.update(c.get('tenant'), slug, resourceId, c.get('account')!, c.req.valid('json'))), 200);
    })
    .openapi(closeResource, async (c) => {
      const { slug, resourceId } = c.req.valid('param');
      return c.json(present(c, await resources.close(c.get('tenant'), slug, resourceId, c.get('account')!)), 200);
    })
    .openapi(contactResourceOwner, async (c) => {
      const { slug, resourceId } = c.req.valid('param');
      const view = await resources.contact(c.get('tenant'), slug, resourceId, c.get('account')!, c.req.valid('json'), c.get('clientIp'));
      return c.json(presentThread(view), 201);
    })
    .openapi(uploadResourceImage, async (c) => {
      const imageId = await resources.uploadImage(c.get('tenant'), c.req.valid('param').slug, c.get('account')!, await readImageUpload(c));
      return c.json({ imageId }, 201);
    })
    .openapi(getResourceImage, async (c) => {
      const { image, isPublic } = await resources.image(c.get('tenant'), c.req.valid('param').imageId, c.get('account'));
      return serveImage(c, image, isPublic);
    })
    .openapi(listPartners, async (c) => c.json({ items: (await resources.partnersOf(c.get('tenant'), c.req.valid('param').slug)).map(presentPartner) }, 200))
    .openapi(contactPartner, async (c) => {
      const { slug, partnerId } = c.req.valid('param');
      await resources.contactPartner(c.get('tenant'), slug, partnerId, c.get('account')!, c.req.valid('json'), c.get('clientIp'));
      return c.json({ status: 'sent' as const }, 202);
    })
    .openapi(listMyThreads, async (c) => c.json({ threads: (await resources.threads(c.get('account')!)).map(presentThread) }, 200))
    .openapi(replyInThread, async (c) => {
      const view = await resources.reply(c.get('tenant'), c.req.valid('param').threadId, c.get('account')!, c.req.valid('json'), c.get('clientIp'));
      return c.json(presentThread(view), 201);
    })
    .openapi(moderateResource, async (c) => {
      const { slug, resourceId } = c.req.valid('param');
      const tenant = c.get('tenant');
      await resources.getAny(tenant, slug, resourceId);
      await deps.moderation.moderate(tenant, c.get('account')!, RESOURCE_POST_KIND, resourceId, c.req.valid('json'));
      return c.json(present(c, await resources.getAny(tenant, slug, resourceId)), 200);
    });
}
