import { z } from '@hono/zod-openapi';
import { Email, Locale, ReturnUrl } from '../accounts/accounts.schemas.ts';
import { Honeypot } from '../http/honeypot.ts';
import { Instant } from '../http/openapi.ts';
import { visibleText } from '../http/text.ts';
import { MODERATION_STATES } from '../moderation/moderation.ts';
import { ItemId, plainText, refineUniqueIds } from '../participation/participation.schemas.ts';
import { Slug } from '../consultations/consultations.schemas.ts';
import { IMAGE_TYPES } from '../images/images.ts';
import { ANSWER_STATUSES, PROPOSAL_SORTS } from './proposals.ts';

const Label = z.strictObject({ fr: plainText(120), en: plainText(120).optional() });
const Choice = z.strictObject({ id: ItemId, label: Label });

/**
 * A proposals consultation ("boîte à idées"): the categories and quartiers a proposal may name, the limits shown
 * as one types, whether staff publish each proposal first (`premoderation`), and the supports' anti-stuffing cap
 * per proposal. Who may take part anonymously is the consultation's own `allowAnonymous`.
 */
export const ProposalsSettingsSchema = z
  .strictObject({
    categories: z.array(Choice).max(50).default([]),
    quartiers: z.array(Choice).max(100).default([]),
    titleMax: z.number().int().min(20).max(200).default(120),
    bodyMax: z.number().int().min(100).max(10_000).default(3000),
    premoderation: z.boolean().default(true),
    supportCap: z
      .number()
      .int()
      .min(1)
      .max(10_000)
      .optional()
      .openapi({ description: 'Supports from one network (IP) per proposal before the next ones are quarantined; absent: the consultation’s caps' }),
  })
  .superRefine((s, ctx) => {
    refineUniqueIds(s.categories, ['categories'], ctx, 'category');
    refineUniqueIds(s.quartiers, ['quartiers'], ctx, 'quartier');
  })
  .openapi('ProposalsSettings');
export type ProposalsSettings = z.output<typeof ProposalsSettingsSchema>;

export const ProposalIdParam = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,32}$/)
  .openapi({ param: { name: 'proposalId', in: 'path' }, example: 'Xq3k9vL2mN8p' });

export const ImageIdParam = z
  .string()
  .regex(/^[A-Za-z0-9_-]{16,32}$/)
  .openapi({ param: { name: 'imageId', in: 'path' }, example: 'b3Jx0k1yQm9ZcGx1c2Fi' });

const SubscriptionToken = z
  .string()
  .regex(/^[A-Za-z0-9_-]{32,64}$/)
  .openapi({ param: { name: 'token', in: 'path' }, description: 'The token of the latest mail’s link (`#civique-proposal-subscription=<token>`)' });
export const SubscriptionTokenParam = SubscriptionToken;

const userText = (max: number, multiline: boolean) => z.string().trim().min(1).max(max).superRefine(visibleText({ multiline }));

export const SubmitProposalBody = z
  .strictObject({
    title: userText(200, false).openapi({ description: 'Up to the consultation’s `titleMax` (120 unless set)' }),
    text: userText(10_000, true).openapi({ description: 'Up to the consultation’s `bodyMax` (3000 unless set)' }),
    category: ItemId.optional(),
    quartier: ItemId.optional(),
    imageId: ImageIdParam.optional().openapi({ param: undefined }),
    contactConsent: z.boolean().openapi({ description: 'The authority may contact the author about this proposal' }),
    email: Email.optional().openapi({
      description: 'Anonymous authors only, only to be told of the answer: a confirmation link is mailed first (double opt-in)',
    }),
    locale: Locale.default('fr'),
    returnUrl: ReturnUrl.openapi({ description: 'The host page: mailed links lead back there (`#civique-proposal=<id>`)' }),
    website: Honeypot,
  })
  .openapi('SubmitProposal');

export const AnswerStatus = z.enum(ANSWER_STATUSES);
export const ProposalModeration = z.enum([...MODERATION_STATES, 'withdrawn']);

const Answer = z
  .object({ text: z.string(), answeringBody: z.string(), publishedAt: Instant })
  .openapi('ProposalAnswer', { description: 'The official answer, once published' });

const proposalFields = {
  id: z.string(),
  slug: z.string().openapi({ description: 'The consultation’s slug' }),
  title: z.string(),
  text: z.string(),
  category: z.string().nullable(),
  quartier: z.string().nullable(),
  imageUrl: z.string().nullable().openapi({ description: 'On the API origin: a host page’s CSP needs it in `img-src`' }),
  moderation: ProposalModeration,
  rejectionReason: z.string().nullable().openapi({ description: 'Shown to the author only' }),
  answerStatus: AnswerStatus,
  answer: Answer.nullable(),
  supportCount: z.number().int(),
  createdAt: Instant,
  byMe: z.boolean().openapi({ description: 'The caller wrote it (session or Civique-Participant id)' }),
};

/** A proposal as citizens see it: never its author's name, email or id. */
export const ProposalSchema = z.object(proposalFields).openapi('Proposal');

const DraftAnswer = z
  .object({ status: AnswerStatus.exclude(['none']), text: z.string(), answeringBody: z.string(), updatedAt: Instant })
  .openapi('ProposalDraftAnswer');

export const StaffProposalSchema = z
  .object({
    ...proposalFields,
    draftAnswer: DraftAnswer.nullable(),
    flags: z.number().int(),
    contactConsent: z.boolean(),
    notification: z
      .enum(['account', 'email_confirmed', 'email_pending', 'none'])
      .openapi({ description: 'How the author will learn of the answer: by their account’s address, a confirmed or unconfirmed address, or not at all' }),
    budgetProjectId: z.string().nullable(),
  })
  .openapi('StaffProposal');

export const SubmitProposalResultSchema = z
  .object({ proposal: ProposalSchema, emailConfirmation: z.enum(['pending', 'none']) })
  .openapi('SubmitProposalResult');

const Cursor = z
  .string()
  .max(200)
  .regex(/^[A-Za-z0-9_-]+$/)
  .optional();

export const ListProposalsQuery = z.object({
  category: ItemId.optional().openapi({ param: { name: 'category', in: 'query' } }),
  quartier: ItemId.optional().openapi({ param: { name: 'quartier', in: 'query' } }),
  answer: AnswerStatus.optional().openapi({ param: { name: 'answer', in: 'query' } }),
  sort: z
    .enum(PROPOSAL_SORTS)
    .default('newest')
    .openapi({ param: { name: 'sort', in: 'query' } }),
  q: z
    .string()
    .trim()
    .max(200)
    .superRefine(visibleText())
    .optional()
    .openapi({ param: { name: 'q', in: 'query' }, description: 'Words searched in titles and texts, accents ignored ("renover" finds "Rénover")' }),
  cursor: Cursor.openapi({ param: { name: 'cursor', in: 'query' }, description: 'The `nextCursor` of the previous page' }),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(20)
    .openapi({ param: { name: 'limit', in: 'query' } }),
});

export const StaffListQuery = z.object({
  moderation: ProposalModeration.optional().openapi({ param: { name: 'moderation', in: 'query' } }),
  answer: AnswerStatus.optional().openapi({ param: { name: 'answer', in: 'query' } }),
  cursor: Cursor.openapi({ param: { name: 'cursor', in: 'query' } }),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(50)
    .openapi({ param: { name: 'limit', in: 'query' } }),
});

export const ProposalPageSchema = z.object({ items: z.array(ProposalSchema), nextCursor: z.string().nullable() }).openapi('ProposalPage');
export const StaffProposalPageSchema = z.object({ items: z.array(StaffProposalSchema), nextCursor: z.string().nullable() }).openapi('StaffProposalPage');

export const ImageUploadResultSchema = z.object({ imageId: z.string() }).openapi('ProposalImageUploaded');

export const SupportBody = z.strictObject({ website: Honeypot }).openapi('SupportProposal');
export const SupportResultSchema = z
  .object({ supportCount: z.number().int(), supported: z.boolean(), status: z.enum(['accepted', 'quarantined']).nullable() })
  .openapi('SupportResult', { description: '`status` is null after a withdrawal' });
export const MySupportsSchema = z.object({ proposalIds: z.array(z.string()) }).openapi('MySupports');

export const AnswerProposalBody = z
  .strictObject({
    status: AnswerStatus.exclude(['none']),
    text: userText(10_000, true),
    answeringBody: userText(200, false).openapi({ example: 'Conseil municipal du 12 mars' }),
  })
  .openapi('AnswerProposal');

export const PublishAnswersBody = z
  .strictObject({
    proposalIds: z
      .array(ProposalIdParam.openapi({ param: undefined }))
      .min(1)
      .max(500),
  })
  .openapi('PublishAnswers');
export const PublishAnswersResultSchema = z
  .object({ published: z.array(z.string()), mails: z.number().int().openapi({ description: 'Mails queued in the same transaction' }) })
  .openapi('PublishAnswersResult');

export const ConfirmEmailBody = z.strictObject({ token: SubscriptionToken.openapi({ param: undefined }) }).openapi('ConfirmProposalEmail');
export const ConfirmEmailResultSchema = z.object({ proposalId: z.string(), slug: z.string() }).openapi('ProposalEmailConfirmed');

export const SubscriptionSchema = z
  .object({
    email: z.string(),
    locale: Locale,
    confirmed: z.boolean(),
    createdAt: Instant,
    confirmedAt: Instant.nullable(),
    notifiedAt: Instant.nullable(),
    proposal: z.object({ id: z.string(), slug: z.string(), title: z.string() }),
  })
  .openapi('ProposalSubscription', { description: 'What an anonymous author’s address gave, seen with the token of its latest mail' });

export const BudgetCopyBody = z
  .strictObject({
    budgetSlug: Slug,
    items: z
      .array(
        z.strictObject({
          proposalId: ProposalIdParam.openapi({ param: undefined }),
          authorAgreed: z.literal(true).openapi({ description: 'The author agreed to the copy (recorded in the audit log)' }),
          cost: z.number().int().min(1).max(1_000_000_000),
        }),
      )
      .min(1)
      .max(100),
    districts: z.record(ItemId, ItemId).default({}).openapi({ description: 'Quartier id → the budget’s district id' }),
  })
  .openapi('CopyProposalsToBudget');
export const BudgetCopyResultSchema = z.object({ projects: z.array(z.object({ id: z.string(), title: z.string() })) }).openapi('ProposalsCopiedToBudget');

export { IMAGE_TYPES };
