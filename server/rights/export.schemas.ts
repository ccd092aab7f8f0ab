import { z } from '@hono/zod-openapi';

/**
 * The export document, section by section and field by field (GDPR art. 15 and 20). Strict objects: a field a
 * feature adds to its export without adding it here fails the export tests, and so does a field left out.
 */
const Instant = z.string().datetime();
const MaybeInstant = Instant.nullable();
const Status = z.enum(['accepted', 'quarantined', 'rejected']);
const Answers = z.record(z.string(), z.union([z.string(), z.number(), z.array(z.string())]));
const SurveyProfile = z
  .strictObject({
    birthYear: z.number().int().optional(),
    gender: z.string().optional(),
    city: z.string().optional(),
    quartier: z.string().optional(),
    pcsGroup: z.number().int().optional(),
  })
  .nullable();

const AccountSection = z
  .strictObject({
    id: z.string(),
    email: z.string(),
    emailVerifiedAt: MaybeInstant,
    locale: z.enum(['fr', 'en']),
    restrictedAt: MaybeInstant,
    objectedAt: MaybeInstant,
    createdAt: Instant,
    updatedAt: Instant,
    passwordNote: z.string(),
    profile: z.strictObject({
      pseudonym: z.string().nullable(),
      firstName: z.string().nullable(),
      lastName: z.string().nullable(),
      phone: z.string().nullable(),
      postalAddress: z.string().nullable(),
      birthYear: z.number().int().nullable(),
      gender: z.enum(['female', 'male', 'other']).nullable(),
      city: z.string().nullable(),
      quartier: z.string().nullable(),
      avatar: z.string().nullable(),
      pcsGroup: z.number().int().nullable(),
      showAge: z.boolean(),
      showGender: z.boolean(),
      showCity: z.boolean(),
      showQuartier: z.boolean(),
    }),
    sessions: z.array(z.strictObject({ createdAt: Instant, expiresAt: Instant, lastUsedAt: Instant, persistent: z.boolean(), staff: z.boolean() })),
    codes: z
      .array(
        z.strictObject({
          purpose: z.string(),
          email: z.string(),
          failedAttempts: z.number().int(),
          createdAt: Instant,
          expiresAt: Instant,
          usedAt: MaybeInstant,
          revokedAt: MaybeInstant,
        }),
      )
      .openapi({ description: 'Single-use codes mailed to you; their value is never exported' }),
    staffOf: z.array(z.strictObject({ tenant: z.string(), role: z.string(), since: Instant })),
  })
  .nullable();

const MailSection = z.array(
  z.strictObject({
    messageId: z.string(),
    to: z.string(),
    subject: z.string(),
    body: z.string().openapi({ description: 'Codes of the links blanked: an export never carries a live secret' }),
    status: z.enum(['pending', 'sent', 'failed']),
    attempts: z.number().int(),
    nextAttemptAt: Instant,
    lastError: z.string().nullable(),
    createdAt: Instant,
    sentAt: MaybeInstant,
  }),
);

const IpTraceSection = z.array(
  z.strictObject({
    participation: z.string(),
    addressHash: z.string(),
    networkHash: z.string(),
    siteHash: z.string().nullable().openapi({ description: 'Keyed hash of the IPv6 /48 site; null for IPv4' }),
    createdAt: Instant,
    erasedAfter: Instant,
  }),
);

const ConsentSection = z.array(
  z.strictObject({
    tenant: z.string(),
    consentId: z.string().openapi({ description: 'The first 8 characters of the consent id (the whole id is a key to its records)' }),
    recordedAt: Instant,
    action: z.enum(['accept_all', 'refuse_all', 'custom']),
    choices: z.record(z.string(), z.boolean()),
    configVersion: z.string(),
    textHash: z.string(),
    locale: z.enum(['fr', 'en']),
    pageOrigin: z.string().nullable(),
    linkedToAccount: z.boolean(),
    quarantined: z.boolean(),
    ipTrace: z.strictObject({ addressHash: z.string(), networkHash: z.string(), erasedAfter: Instant }).nullable(),
  }),
);

const BallotSection = z.array(
  z.strictObject({
    consultation: z.string(),
    tenant: z.string().nullable(),
    choice: z.array(z.string()),
    district: z.string().nullable(),
    status: Status,
    quarantineReasons: z.array(z.string()),
    castAt: Instant,
    updatedAt: Instant,
    reviewedAt: MaybeInstant,
  }),
);

const SurveySection = z.strictObject({
  responses: z.array(
    z.strictObject({
      consultation: z.string(),
      answers: Answers,
      profile: SurveyProfile,
      status: Status,
      quarantineReasons: z.array(z.string()),
      submittedAt: Instant,
      updatedAt: Instant,
    }),
  ),
  drafts: z.array(z.strictObject({ consultation: z.string(), answers: Answers, profile: SurveyProfile, savedAt: Instant })),
});

const RightsSection = z.array(z.strictObject({ kind: z.string(), receivedAt: Instant, dueAt: Instant, completedAt: MaybeInstant }));

const RateLimitSection = z.array(z.strictObject({ scope: z.string(), count: z.number().int(), windowStart: Instant, blockedUntil: MaybeInstant }));

const StaffActionsSection = z.array(
  z.strictObject({
    tenant: z.string().nullable(),
    role: z.string().nullable(),
    action: z.string(),
    target: z.string().nullable(),
    before: z.unknown(),
    after: z.unknown(),
    at: Instant,
  }),
);
const ModerationStateEnum = z.enum(['submitted', 'published', 'rejected', 'hidden']);
const ModerationSection = z.strictObject({
  flags: z.array(
    z.strictObject({ kind: z.string(), targetId: z.string(), reason: z.string(), text: z.string().nullable(), counts: z.boolean(), createdAt: Instant }),
  ),
  decisionsAboutMyContent: z.array(
    z.strictObject({
      kind: z.string(),
      targetId: z.string(),
      fromState: ModerationStateEnum,
      toState: ModerationStateEnum,
      statement: z.string(),
      automatic: z.boolean(),
      createdAt: Instant,
    }),
  ),
});

const ResourcesSection = z.strictObject({
  businessProfile: z.strictObject({ tradeName: z.string(), siret: z.string(), sector: z.string(), commune: z.string() }).nullable(),
  posts: z.array(
    z.strictObject({
      consultationId: z.string(),
      direction: z.string(),
      kind: z.string(),
      title: z.string(),
      description: z.string(),
      quantity: z.string().nullable(),
      periodStart: z.string().nullable(),
      periodEnd: z.string().nullable(),
      place: z.string(),
      paid: z.boolean(),
      imageId: z.string().nullable(),
      createdAt: Instant,
      closedAt: Instant.nullable(),
      expiresAt: Instant,
    }),
  ),
  images: z.array(
    z.strictObject({
      id: z.string(),
      consultationId: z.string(),
      postId: z.string().nullable(),
      contentType: z.string(),
      width: z.number().int(),
      height: z.number().int(),
      createdAt: Instant,
    }),
  ),
  threads: z.array(
    z.strictObject({
      post: z.string(),
      role: z.enum(['asker', 'owner']),
      messages: z.array(z.strictObject({ fromMe: z.boolean(), body: z.string(), sharedEmail: z.string().nullable(), createdAt: Instant })),
    }),
  ),
});

const ProposalsSection = z.strictObject({
  proposals: z.array(
    z.strictObject({
      id: z.string(),
      consultation: z.string(),
      title: z.string(),
      text: z.string(),
      category: z.string().nullable(),
      quartier: z.string().nullable(),
      imageId: z.string().nullable(),
      contactConsent: z.boolean(),
      moderation: z.enum(['submitted', 'published', 'rejected', 'hidden', 'withdrawn']),
      answerStatus: z.enum(['none', 'under_study', 'accepted', 'refused', 'selected']),
      answer: z.string().nullable(),
      answeringBody: z.string().nullable(),
      answeredAt: MaybeInstant,
      supportCount: z.number().int(),
      createdAt: Instant,
      withdrawnAt: MaybeInstant,
    }),
  ),
  supports: z.array(z.strictObject({ consultation: z.string(), proposalId: z.string(), status: Status, createdAt: Instant })),
  images: z.array(z.strictObject({ id: z.string(), contentType: z.string(), width: z.number().int(), height: z.number().int(), createdAt: Instant })),
});

export const ExportSchema = z
  .strictObject({
    format: z.literal('civique-export/1'),
    exportedAt: Instant,
    consultations: z.array(
      z.strictObject({
        tenant: z.string(),
        slug: z.string(),
        title: z.string(),
        purposes: z.array(z.string()),
        recipients: z.array(z.string()),
        retention: z.string(),
        retentionEnd: Instant,
      }),
    ),
    participations: z.array(z.strictObject({ kind: z.string(), id: z.string(), consultationId: z.string(), at: z.number(), status: z.string().optional() })),
    account: AccountSection,
    rightsRequests: RightsSection,
    mails: MailSection,
    ipTraces: IpTraceSection,
    cookieConsents: ConsentSection,
    ballots: BallotSection,
    surveyResponses: SurveySection,
    rateLimits: RateLimitSection,
    staffActions: StaffActionsSection,
    moderation: ModerationSection,
    resources: ResourcesSection,
    proposals: ProposalsSection,
  })
  .openapi('Export', { description: 'Everything held about me (GDPR art. 15 and 20), one section per feature' });
