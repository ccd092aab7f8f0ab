import { z } from '@hono/zod-openapi';
import { Instant } from '../http/openapi.ts';
import { visibleJson, visibleText } from '../http/text.ts';
import { CONSULTATION_KINDS, DEFAULT_SITE_CAP, MAX_CAP_WINDOW_MINUTES } from './consultations.store.ts';

export const ConsultationKind = z.enum(CONSULTATION_KINDS);
export const ConsultationStatus = z.enum(['upcoming', 'open', 'closed']);

export const Slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'Use 2 to 63 lower-case letters, digits and dashes')
  .openapi({ example: 'budget-2027' });

export const SlugParam = Slug.openapi({ param: { name: 'slug', in: 'path' } });

const line = z.string().trim().min(1).max(500).superRefine(visibleText());

export const PrivacyNoticeSchema = z
  .strictObject({
    purposes: z.array(line).min(1).max(20),
    recipients: z.array(line).min(1).max(20),
    retention: line,
  })
  .openapi('PrivacyNotice');

/** The notice as citizens read it: what staff wrote, and the durations some kinds' code applies, in their words. */
export const PublishedPrivacyNoticeSchema = z
  .object({
    purposes: z.array(z.string()),
    recipients: z.array(z.string()),
    retention: z.string(),
    durations: z
      .array(z.object({ fr: z.string(), en: z.string() }))
      .optional()
      .openapi({ description: 'What this kind of consultation keeps and how long, written from the durations the server applies (a resource board’s)' }),
  })
  .openapi('PublishedPrivacyNotice');

const IpCapSchema = z.strictObject({
  max: z.number().int().min(1).max(100_000),
  windowMinutes: z.number().int().min(1).max(MAX_CAP_WINDOW_MINUTES),
});

export const StuffingPolicySchema = z
  .strictObject({
    requireVerifiedEmail: z.boolean().default(false),
    perIp: IpCapSchema.nullable().default({ max: 20, windowMinutes: 24 * 60 }),
    perPrefix: IpCapSchema.nullable().default({ max: 200, windowMinutes: 24 * 60 }),
    perSite: IpCapSchema.nullable().default(DEFAULT_SITE_CAP),
  })
  .openapi('StuffingPolicy', {
    description: 'Caps per address, per network prefix (IPv4 /24, IPv6 /64) and per IPv6 site (/48); participations over a cap are quarantined, never dropped',
  });

/** Any kind's settings, as stored; each kind's own schema is in `consultation-settings.ts`. */
export const Settings = z
  .record(z.string().superRefine(visibleText()), z.unknown())
  .superRefine(visibleJson())
  .openapi({ description: 'Kind-specific configuration (options, budget, questions…); its schema per kind is in CreateConsultation' });

/** What anyone may read about a consultation. */
export const ConsultationSchema = z
  .object({
    slug: Slug,
    kind: ConsultationKind,
    title: z.string(),
    description: z.string(),
    status: ConsultationStatus,
    opensAt: Instant,
    closesAt: Instant,
    retentionEnd: Instant,
    privacyNotice: PublishedPrivacyNoticeSchema,
    allowAnonymous: z.boolean(),
    requireVerifiedEmail: z.boolean(),
    settings: Settings,
  })
  .openapi('Consultation');

/** What the tenant's staff read: the public view plus the anti-stuffing policy and bookkeeping. */
export const StaffConsultationSchema = ConsultationSchema.extend({
  id: z.string(),
  stuffingPolicy: StuffingPolicySchema,
  purgedAt: Instant.nullable(),
  archivedAt: Instant.nullable().openapi({ description: 'When staff archived it: out of the public list, no more participation' }),
  createdAt: Instant,
  updatedAt: Instant,
}).openapi('StaffConsultation');

export const ConsultationListSchema = z.object({ consultations: z.array(ConsultationSchema) }).openapi('ConsultationList');

const datetime = z.iso.datetime({ offset: true });

/**
 * The fields staff set, whatever the kind; without defaults, so that a PATCH changes only what it names. The
 * bodies, one variant per kind with its settings schema, are assembled in `consultation-settings.ts`.
 */
export const consultationFields = {
  slug: Slug,
  title: z.string().trim().min(3).max(200).superRefine(visibleText()),
  description: z
    .string()
    .trim()
    .max(10_000)
    .superRefine(visibleText({ multiline: true })),
  opensAt: datetime,
  closesAt: datetime,
  retentionEnd: datetime,
  privacyNotice: PrivacyNoticeSchema,
  allowAnonymous: z.boolean(),
  stuffingPolicy: StuffingPolicySchema,
};

/** The fields of a new consultation, defaults filled in, before its kind and settings. */
export const createConsultationFields = {
  ...consultationFields,
  retentionEnd: consultationFields.retentionEnd
    .optional()
    .openapi({ description: 'When personal data is purged; absent: the closing date plus the tenant’s default retention (updateTenantSettings)' }),
  description: consultationFields.description.default(''),
  stuffingPolicy: StuffingPolicySchema.default({
    requireVerifiedEmail: false,
    perIp: { max: 20, windowMinutes: 1440 },
    perPrefix: { max: 200, windowMinutes: 1440 },
    perSite: DEFAULT_SITE_CAP,
  }),
};
