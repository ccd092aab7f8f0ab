import { z } from '@hono/zod-openapi';
import { Instant, toInstant } from '../http/openapi.ts';
import { visibleText } from '../http/text.ts';
import type { ThreadView } from './resources.service.ts';
import { RESOURCE_DIRECTIONS, RESOURCE_KINDS, type BusinessProfile, type ResourcePost } from './resources.store.ts';

const Text = (max: number) => z.string().trim().min(1).max(max).superRefine(visibleText());
const PlaceId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/);
const IsoDate = z.iso.date().openapi({ example: '2027-04-01' });
const Label = z.strictObject({ fr: Text(120), en: Text(120).optional() });
export const ImageId = z.string().regex(/^[A-Za-z0-9_-]{16,32}$/);

/** A resource board's settings: the places a post is chosen from, review before publication, and expiry. */
export const ResourcesSettingsSchema = z
  .strictObject({
    places: z
      .array(z.strictObject({ id: PlaceId, label: Label }))
      .min(1)
      .max(200)
      .openapi({ description: 'Communes or quartiers where a post may be' }),
    premoderation: z.boolean().default(false).openapi({ description: 'Posts wait for a moderator before they are shown' }),
    expiryDays: z.number().int().min(1).max(365).default(60).openapi({ description: 'Days a post stays up before its author renews it' }),
  })
  .openapi('ResourcesSettings');

export const BusinessProfileBody = z
  .strictObject({
    tradeName: Text(120).openapi({ example: 'Boulangerie Martin' }),
    siret: z
      .string()
      .max(30)
      .regex(/^[\d \u00a0\u202f]+$/, 'Digits and spaces only')
      .openapi({ example: '732 829 320 00074', description: '14 digits (spaces allowed); its check key is verified' }),
    sector: Text(120).openapi({ example: 'Boulangerie-pâtisserie' }),
    commune: Text(120).openapi({ example: 'Montjoli' }),
  })
  .openapi('BusinessProfileInput');

export const BusinessProfileSchema = z
  .object({ tradeName: z.string(), siret: z.string(), sector: z.string(), commune: z.string(), updatedAt: Instant })
  .openapi('BusinessProfile');

export const presentProfile = (p: BusinessProfile) => ({
  tradeName: p.tradeName,
  siret: p.siret,
  sector: p.sector,
  commune: p.commune,
  updatedAt: toInstant(p.updatedAt),
});

const postFields = {
  direction: z.enum(RESOURCE_DIRECTIONS).openapi({ description: '`offer`: the business lends or gives; `request`: it looks for' }),
  kind: z.enum(RESOURCE_KINDS).openapi({ description: 'staff (or skills), equipment, premises (or storage), vehicle, other' }),
  title: Text(120),
  description: Text(3000),
  quantity: Text(120).nullable().optional().openapi({ example: '2 personnes, 3 jours' }),
  periodStart: IsoDate.nullable().optional(),
  periodEnd: IsoDate.nullable().optional(),
  place: PlaceId.openapi({ description: 'One of the board’s places' }),
  paid: z.boolean().openapi({ description: 'Paid (true) or free (false)' }),
  imageId: ImageId.nullable()
    .optional()
    .openapi({ description: 'From `uploadResourceImage` on this board, used by no other post; null (on update): remove the image' }),
};

export const PostResourceBody = z.strictObject(postFields).openapi('PostResource');
export const UpdateResourceBody = z
  .strictObject({ ...postFields, renew: z.boolean().optional().openapi({ description: 'true: the post stays up for another full period from now' }) })
  .partial()
  .openapi('UpdateResource');

export const ResourcePostSchema = z
  .object({
    id: z.string(),
    direction: z.enum(RESOURCE_DIRECTIONS),
    kind: z.enum(RESOURCE_KINDS),
    title: z.string(),
    description: z.string(),
    quantity: z.string().nullable(),
    periodStart: z.string().nullable(),
    periodEnd: z.string().nullable(),
    place: z.string(),
    paid: z.boolean(),
    imageUrl: z.string().nullable().openapi({ description: 'On the API origin: a host page’s CSP needs it in `img-src`' }),
    /** Never the author's account, email or phone: the board relays contact. */
    business: z.object({ tradeName: z.string().nullable() }),
    status: z.enum(['open', 'closed', 'expired']),
    moderation: z.enum(['submitted', 'published', 'rejected', 'hidden']),
    expiresAt: Instant,
    createdAt: Instant,
    mine: z.boolean(),
  })
  .openapi('ResourcePost');

export const presentPost = (p: ResourcePost, now: number, viewerId: string | undefined, imageUrl: string | null) => ({
  id: p.id,
  direction: p.direction,
  kind: p.kind,
  title: p.title,
  description: p.description,
  quantity: p.quantity,
  periodStart: p.periodStart,
  periodEnd: p.periodEnd,
  place: p.place,
  paid: p.paid,
  imageUrl,
  business: { tradeName: p.tradeName ?? null },
  status: p.closedAt !== null ? ('closed' as const) : p.expiresAt <= now ? ('expired' as const) : ('open' as const),
  moderation: p.moderation ?? 'submitted',
  expiresAt: toInstant(p.expiresAt),
  createdAt: toInstant(p.createdAt),
  mine: viewerId !== undefined && viewerId === p.accountId,
});

export const ResourceQuery = z.object({
  direction: z
    .enum(RESOURCE_DIRECTIONS)
    .optional()
    .openapi({ param: { name: 'direction', in: 'query' } }),
  kind: z
    .enum(RESOURCE_KINDS)
    .optional()
    .openapi({ param: { name: 'kind', in: 'query' } }),
  place: PlaceId.optional().openapi({ param: { name: 'place', in: 'query' } }),
  available: z
    .enum(['true', 'false'])
    .optional()
    .openapi({ param: { name: 'available', in: 'query' }, description: '`true`: only posts neither closed nor expired' }),
  q: z
    .string()
    .max(200)
    .superRefine(visibleText())
    .optional()
    .openapi({ param: { name: 'q', in: 'query' }, description: 'Words searched in titles and descriptions, accents ignored' }),
  cursor: z
    .string()
    .regex(/^\d{1,15}\.\d{1,15}$/)
    .optional()
    .openapi({ param: { name: 'cursor', in: 'query' }, description: 'The `next` cursor of the previous page' }),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(20)
    .openapi({ param: { name: 'limit', in: 'query' } }),
});

const Message = z
  .string()
  .trim()
  .min(1)
  .max(4000)
  .superRefine(visibleText({ multiline: true }));
const ShareEmail = z.boolean().optional().openapi({ description: 'true: my email address is written in the thread and in the mail, for this business' });

const contactFields = {
  message: Message,
  shareEmail: ShareEmail,
  returnUrl: z.url().max(2000).openapi({ description: 'The board’s page on the commune’s site: the relayed mail links back there' }),
};

export const ContactBody = z.strictObject(contactFields).openapi('ContactResourceOwner');

export const ContactPartnerBody = z
  .strictObject({
    ...contactFields,
    shareEmail: z
      .boolean()
      .optional()
      .openapi({ description: 'true: my email address is written in the mail, and the partner answers there; otherwise it cannot answer by mail' }),
  })
  .openapi('ContactPartner');

export const ResourceImageUploadedSchema = z.object({ imageId: z.string() }).openapi('ResourceImageUploaded');

export const PartnerContactSentSchema = z.object({ status: z.literal('sent') }).openapi('PartnerContactSent');

export const ReplyBody = z.strictObject({ message: Message, shareEmail: ShareEmail }).openapi('ReplyInThread');

export const ThreadSchema = z
  .object({
    id: z.string(),
    post: z.object({ id: z.string(), title: z.string() }),
    role: z.enum(['asker', 'owner']).openapi({ description: '`owner`: I wrote the post; `asker`: I wrote to its author' }),
    counterpart: z.object({
      tradeName: z.string().nullable(),
      email: z.string().nullable().openapi({ description: 'Only when they chose to share it' }),
    }),
    messages: z.array(z.object({ fromMe: z.boolean(), body: z.string(), sharedEmail: z.string().nullable(), createdAt: Instant })),
    updatedAt: Instant,
  })
  .openapi('ResourceThread');

export const presentThread = (v: ThreadView) => ({
  id: v.thread.id,
  post: { id: v.thread.postId, title: v.thread.postTitle },
  role: v.role,
  counterpart: v.counterpart,
  messages: v.messages.map((m) => ({ fromMe: m.fromMe, body: m.body, sharedEmail: m.sharedEmail, createdAt: toInstant(m.createdAt) })),
  updatedAt: toInstant(v.thread.updatedAt),
});

export const ResourcePageSchema = z
  .object({ items: z.array(ResourcePostSchema), next: z.string().nullable().openapi({ description: 'Cursor of the next page; null on the last' }) })
  .openapi('ResourcePage');
