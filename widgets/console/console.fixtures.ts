/**
 * The schemas of the OpenAPI document the consultation editor is generated from, as the server serves them in
 * `GET /v1/openapi.json`, for browser tests and stories. `server/console/console-page.test.ts` checks they are
 * still the server's, so the mocked document cannot drift from the real one.
 */
export const editorSchemas = {
  PrivacyNotice: {
    type: 'object',
    properties: {
      purposes: {
        type: 'array',
        items: {
          type: 'string',
          minLength: 1,
          maxLength: 500,
        },
        minItems: 1,
        maxItems: 20,
      },
      recipients: {
        type: 'array',
        items: {
          type: 'string',
          minLength: 1,
          maxLength: 500,
        },
        minItems: 1,
        maxItems: 20,
      },
      retention: {
        type: 'string',
        minLength: 1,
        maxLength: 500,
      },
    },
    required: ['purposes', 'recipients', 'retention'],
    additionalProperties: false,
  },
  StuffingPolicy: {
    type: 'object',
    properties: {
      requireVerifiedEmail: {
        type: 'boolean',
        default: false,
      },
      perIp: {
        type: ['object', 'null'],
        properties: {
          max: {
            type: 'integer',
            minimum: 1,
            maximum: 100000,
          },
          windowMinutes: {
            type: 'integer',
            minimum: 1,
            maximum: 10080,
          },
        },
        default: {
          max: 20,
          windowMinutes: 1440,
        },
        required: ['max', 'windowMinutes'],
        additionalProperties: false,
      },
      perPrefix: {
        type: ['object', 'null'],
        properties: {
          max: {
            type: 'integer',
            minimum: 1,
            maximum: 100000,
          },
          windowMinutes: {
            type: 'integer',
            minimum: 1,
            maximum: 10080,
          },
        },
        default: {
          max: 200,
          windowMinutes: 1440,
        },
        required: ['max', 'windowMinutes'],
        additionalProperties: false,
      },
      perSite: {
        type: ['object', 'null'],
        properties: {
          max: {
            type: 'integer',
            minimum: 1,
            maximum: 100000,
          },
          windowMinutes: {
            type: 'integer',
            minimum: 1,
            maximum: 10080,
          },
        },
        default: {
          max: 200,
          windowMinutes: 1440,
        },
        required: ['max', 'windowMinutes'],
        additionalProperties: false,
      },
    },
    additionalProperties: false,
    description: 'Caps per address, per network prefix (IPv4 /24, IPv6 /64) and per IPv6 site (/48); participations over a cap are quarantined, never dropped',
  },
  CreateVoteConsultation: {
    type: 'object',
    properties: {
      slug: {
        type: 'string',
        pattern: '^[a-z0-9][a-z0-9-]{1,62}$',
        example: 'budget-2027',
      },
      title: {
        type: 'string',
        minLength: 3,
        maxLength: 200,
      },
      description: {
        type: 'string',
        maxLength: 10000,
        default: '',
      },
      opensAt: {
        type: 'string',
        format: 'date-time',
      },
      closesAt: {
        type: 'string',
        format: 'date-time',
      },
      retentionEnd: {
        type: 'string',
        format: 'date-time',
        description: 'When personal data is purged; absent: the closing date plus the tenant’s default retention (updateTenantSettings)',
      },
      privacyNotice: {
        $ref: '#/components/schemas/PrivacyNotice',
      },
      allowAnonymous: {
        type: 'boolean',
      },
      stuffingPolicy: {
        $ref: '#/components/schemas/StuffingPolicy',
      },
      kind: {
        type: 'string',
        enum: ['vote'],
      },
      settings: {
        $ref: '#/components/schemas/VoteSettings',
      },
    },
    required: ['slug', 'title', 'opensAt', 'closesAt', 'privacyNotice', 'allowAnonymous', 'kind', 'settings'],
    additionalProperties: false,
  },
  VoteSettings: {
    type: 'object',
    properties: {
      mode: {
        type: 'string',
        enum: ['single', 'approval', 'ranking'],
      },
      options: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            id: {
              type: 'string',
              pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$',
              example: 'samedi',
            },
            label: {
              type: 'string',
              minLength: 1,
              maxLength: 200,
            },
            description: {
              type: 'string',
              minLength: 1,
              maxLength: 2000,
            },
          },
          required: ['id', 'label'],
          additionalProperties: false,
        },
        minItems: 2,
        maxItems: 50,
      },
      minChoices: {
        type: 'integer',
        minimum: 1,
      },
      maxChoices: {
        type: 'integer',
        minimum: 1,
      },
      resultsVisibility: {
        type: 'string',
        enum: ['always', 'after_close'],
        default: 'always',
      },
    },
    required: ['mode', 'options'],
    additionalProperties: false,
  },
  CreateBudgetConsultation: {
    type: 'object',
    properties: {
      slug: {
        type: 'string',
        pattern: '^[a-z0-9][a-z0-9-]{1,62}$',
        example: 'budget-2027',
      },
      title: {
        type: 'string',
        minLength: 3,
        maxLength: 200,
      },
      description: {
        type: 'string',
        maxLength: 10000,
        default: '',
      },
      opensAt: {
        type: 'string',
        format: 'date-time',
      },
      closesAt: {
        type: 'string',
        format: 'date-time',
      },
      retentionEnd: {
        type: 'string',
        format: 'date-time',
        description: 'When personal data is purged; absent: the closing date plus the tenant’s default retention (updateTenantSettings)',
      },
      privacyNotice: {
        $ref: '#/components/schemas/PrivacyNotice',
      },
      allowAnonymous: {
        type: 'boolean',
      },
      stuffingPolicy: {
        $ref: '#/components/schemas/StuffingPolicy',
      },
      kind: {
        type: 'string',
        enum: ['budget'],
      },
      settings: {
        $ref: '#/components/schemas/BudgetSettings',
      },
    },
    required: ['slug', 'title', 'opensAt', 'closesAt', 'privacyNotice', 'allowAnonymous', 'kind', 'settings'],
    additionalProperties: false,
  },
  BudgetSettings: {
    type: 'object',
    properties: {
      projects: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            id: {
              type: 'string',
              pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$',
              example: 'samedi',
            },
            title: {
              type: 'string',
              minLength: 1,
              maxLength: 200,
            },
            description: {
              type: 'string',
              minLength: 1,
              maxLength: 4000,
            },
            cost: {
              type: 'integer',
              minimum: 1,
              maximum: 1000000000,
              description: 'Whole euros',
            },
            district: {
              type: 'string',
              pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$',
              example: 'samedi',
            },
          },
          required: ['id', 'title', 'cost'],
          additionalProperties: false,
        },
        minItems: 1,
        maxItems: 300,
      },
      districts: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            id: {
              type: 'string',
              pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$',
              example: 'samedi',
            },
            name: {
              type: 'string',
              minLength: 1,
              maxLength: 100,
            },
            budget: {
              type: 'integer',
              minimum: 1,
              maximum: 10000000000,
              description: 'Whole euros',
            },
          },
          required: ['id', 'name', 'budget'],
          additionalProperties: false,
        },
        minItems: 1,
        maxItems: 50,
      },
      budget: {
        type: 'integer',
        minimum: 1,
        maximum: 10000000000,
      },
      minSpendShare: {
        type: 'number',
        minimum: 0,
        maximum: 1,
      },
      maxProjects: {
        type: 'integer',
        minimum: 1,
      },
      resultsVisibility: {
        type: 'string',
        enum: ['always', 'after_close'],
        default: 'always',
      },
    },
    required: ['projects'],
    additionalProperties: false,
  },
  CreateSurveyConsultation: {
    type: 'object',
    properties: {
      slug: {
        type: 'string',
        pattern: '^[a-z0-9][a-z0-9-]{1,62}$',
        example: 'budget-2027',
      },
      title: {
        type: 'string',
        minLength: 3,
        maxLength: 200,
      },
      description: {
        type: 'string',
        maxLength: 10000,
        default: '',
      },
      opensAt: {
        type: 'string',
        format: 'date-time',
      },
      closesAt: {
        type: 'string',
        format: 'date-time',
      },
      retentionEnd: {
        type: 'string',
        format: 'date-time',
        description: 'When personal data is purged; absent: the closing date plus the tenant’s default retention (updateTenantSettings)',
      },
      privacyNotice: {
        $ref: '#/components/schemas/PrivacyNotice',
      },
      allowAnonymous: {
        type: 'boolean',
      },
      stuffingPolicy: {
        $ref: '#/components/schemas/StuffingPolicy',
      },
      kind: {
        type: 'string',
        enum: ['survey'],
      },
      settings: {
        $ref: '#/components/schemas/SurveySettings',
      },
    },
    required: ['slug', 'title', 'opensAt', 'closesAt', 'privacyNotice', 'allowAnonymous', 'kind', 'settings'],
    additionalProperties: false,
  },
  SurveySettings: {
    type: 'object',
    properties: {
      sections: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            id: {
              type: 'string',
              pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$',
              example: 'samedi',
            },
            title: {
              type: 'string',
              minLength: 1,
              maxLength: 200,
            },
            description: {
              type: 'string',
              minLength: 1,
              maxLength: 2000,
            },
          },
          required: ['id', 'title'],
          additionalProperties: false,
        },
        minItems: 1,
        maxItems: 30,
      },
      questions: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            id: {
              type: 'string',
              pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$',
              example: 'samedi',
            },
            section: {
              type: 'string',
              pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$',
              example: 'samedi',
            },
            type: {
              type: 'string',
              enum: ['single', 'multiple', 'scale', 'text', 'number', 'ranking'],
            },
            label: {
              type: 'string',
              minLength: 1,
              maxLength: 500,
            },
            help: {
              type: 'string',
              minLength: 1,
              maxLength: 1000,
            },
            required: {
              type: 'boolean',
              default: false,
            },
            options: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  id: {
                    type: 'string',
                    pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$',
                    example: 'samedi',
                  },
                  label: {
                    type: 'string',
                    minLength: 1,
                    maxLength: 200,
                  },
                },
                required: ['id', 'label'],
                additionalProperties: false,
              },
              minItems: 2,
              maxItems: 50,
            },
            min: {
              type: 'number',
            },
            max: {
              type: 'number',
            },
            minLabel: {
              type: 'string',
              minLength: 1,
              maxLength: 100,
            },
            maxLabel: {
              type: 'string',
              minLength: 1,
              maxLength: 100,
            },
            integer: {
              type: 'boolean',
            },
            unit: {
              type: 'string',
              minLength: 1,
              maxLength: 20,
            },
            multiline: {
              type: 'boolean',
            },
            showIf: {
              type: 'object',
              properties: {
                question: {
                  type: 'string',
                  pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$',
                  example: 'samedi',
                },
                equals: {
                  anyOf: [
                    {
                      type: 'string',
                      pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$',
                      example: 'samedi',
                    },
                    {
                      type: 'number',
                    },
                  ],
                },
              },
              required: ['question', 'equals'],
              additionalProperties: false,
            },
          },
          required: ['id', 'section', 'type', 'label'],
          additionalProperties: false,
        },
        minItems: 1,
        maxItems: 200,
      },
      profileQuestions: {
        type: 'boolean',
        default: false,
      },
      resultsVisibility: {
        type: 'string',
        enum: ['staff', 'public', 'after_close'],
        default: 'staff',
      },
    },
    required: ['sections', 'questions'],
    additionalProperties: false,
  },
};

/** The names of the schemas above, which the editor reads. */
export const EDITOR_SCHEMA_NAMES = Object.keys(editorSchemas);

// What a signed-in console reads, as the API answers it (the stories' mocked answers are checked against the
// OpenAPI document by the story smoke test).

/** A proposals consultation, whose official answers have their own screen. */
export const proposalsConsultation = {
  slug: 'idees-centre-ville',
  kind: 'proposals',
  title: 'Vos idées pour le centre-ville',
  description: '',
  status: 'open',
  opensAt: '2027-02-01T08:00:00.000Z',
  closesAt: '2027-06-01T20:00:00.000Z',
  retentionEnd: '2027-12-01T00:00:00.000Z',
  privacyNotice: { purposes: ['Recueillir les idées'], recipients: ['Service démocratie locale'], retention: '6 mois après la clôture' },
  allowAnonymous: true,
  requireVerifiedEmail: false,
  settings: {},
};

export const consultationsList = {
  consultations: [
    {
      slug: 'budget-2027',
      kind: 'budget',
      title: 'Budget participatif 2027',
      description: 'Proposez et choisissez les projets de votre quartier.',
      status: 'open',
      opensAt: '2027-03-01T08:00:00.000Z',
      closesAt: '2027-04-01T20:00:00.000Z',
      retentionEnd: '2027-10-01T00:00:00.000Z',
      privacyNotice: { purposes: ['Compter les votes'], recipients: ['Service démocratie locale'], retention: '6 mois après la clôture' },
      allowAnonymous: true,
      requireVerifiedEmail: false,
      settings: {},
    },
    {
      slug: 'avis-mobilite',
      kind: 'survey',
      title: 'Votre avis sur les mobilités',
      description: '',
      status: 'upcoming',
      opensAt: '2027-05-01T08:00:00.000Z',
      closesAt: '2027-06-01T20:00:00.000Z',
      retentionEnd: '2027-12-01T00:00:00.000Z',
      privacyNotice: { purposes: ['Analyser les réponses'], recipients: ['Service mobilités'], retention: '6 mois' },
      allowAnonymous: false,
      requireVerifiedEmail: false,
      settings: {},
    },
    proposalsConsultation,
  ],
};

/** A proposal as staff list it (`listProposalsForStaff`). */
export function staffProposal(id: string, title: string, overrides: Record<string, unknown> = {}) {
  return {
    id,
    slug: 'idees-centre-ville',
    title,
    text: `${title} : le texte de la proposition.`,
    category: null,
    quartier: null,
    imageUrl: null,
    moderation: 'published',
    rejectionReason: null,
    answerStatus: 'none',
    answer: null,
    supportCount: 3,
    createdAt: '2027-02-10T09:00:00.000Z',
    byMe: false,
    draftAnswer: null,
    flags: 0,
    contactConsent: false,
    notification: 'account',
    answerMail: null,
    budgetProjectId: null,
    ...overrides,
  };
}

const draftAnswer = (status: string) => ({
  status,
  text: 'Le conseil a examiné votre idée et la retient pour le printemps.',
  answeringBody: 'Conseil municipal du 12 mars',
  updatedAt: '2027-03-10T09:00:00.000Z',
});
const publishedAnswer = { text: 'Une étude est lancée avec les riverains.', answeringBody: 'Commission mobilités', publishedAt: '2027-03-01T09:00:00.000Z' };

export const staffProposals = {
  items: [
    staffProposal('p-banc', 'Des bancs place du marché', { draftAnswer: draftAnswer('accepted') }),
    staffProposal('p-arbres', 'Planter des arbres rue Haute', { notification: 'email_pending', draftAnswer: draftAnswer('selected') }),
    staffProposal('p-piste', 'Une piste cyclable vers la gare', {
      notification: 'email_confirmed',
      answerStatus: 'under_study',
      answer: publishedAnswer,
      answerMail: 'sent',
    }),
    staffProposal('p-parking', 'Un parking souterrain', { answerStatus: 'refused', answer: publishedAnswer, answerMail: 'failed' }),
    staffProposal('p-fontaine', 'Rallumer la fontaine', { notification: 'none' }),
  ],
  nextCursor: null,
};

export const budgetResults = {
  kind: 'budget',
  mode: 'budget',
  status: 'open',
  final: false,
  ballots: 40,
  quarantined: 7,
  rejected: 0,
  method: 'Répartition gloutonne par votes',
  options: [],
  districts: [
    {
      id: null,
      name: null,
      budget: 500000,
      ballots: 40,
      quarantined: 7,
      fundedCost: 150000,
      projects: [
        { id: 'parc', title: 'Un parc pour le Val Fleuri', cost: 150000, votes: 30, share: 0.75, funded: true },
        { id: 'bancs', title: 'Des bancs le long du canal', cost: 400000, votes: 10, share: 0.25, funded: false },
      ],
    },
  ],
};

export const surveyResults = { status: 'upcoming', final: false, responses: 0, quarantined: 0, method: 'Réponses comptées', questions: [] };

const dimension = (cells: { value: string; label: string; count: number | null }[], total: number | null) => ({ total, cells });
export const statistics = {
  participants: 40,
  minCellSize: 5,
  ageReferenceYear: 2027,
  dimensions: {
    ageBracket: dimension(
      [
        { value: '18-29', label: '18 à 29 ans', count: 12 },
        { value: '30-44', label: '30 à 44 ans', count: 21 },
        { value: '45-59', label: '45 à 59 ans', count: null },
      ],
      40,
    ),
    gender: dimension([], null),
    city: dimension([{ value: 'Montjoli', label: 'Montjoli', count: 40 }], 40),
    quartier: dimension([], null),
    pcsGroup: dimension([], null),
  },
  participationByDay: [
    { day: '2027-03-01', count: 12 },
    { day: '2027-03-02', count: 9 },
    { day: '2027-03-03', count: 0 },
    { day: '2027-03-04', count: 14 },
    { day: '2027-03-05', count: 5 },
  ],
};

export const quarantineClusters = {
  clusters: [{ cluster: 'c7f3a91e02bd', count: 7, firstAt: '2027-03-02T10:00:00.000Z', lastAt: '2027-03-02T10:05:00.000Z' }],
  unclustered: 0,
};

export const clusterPreview = {
  cluster: 'c7f3a91e02bd',
  decision: 'accept',
  participationIds: ['11', '12', '13', '14', '15', '16', '17'],
  before: { ballots: 40 },
  after: { ballots: 47 },
};

export const staffList = {
  staff: [
    { accountId: 'acc-1', email: 'agent@montjoli.fr', roles: ['admin'] },
    { accountId: 'acc-2', email: 'modo@montjoli.fr', roles: ['moderator'] },
  ],
};

export const auditPage = {
  events: [
    {
      id: '7',
      at: '2027-03-02T10:00:00.000Z',
      actor: { kind: 'staff', accountId: 'acc-1', formerStaffNumber: null, label: { fr: 'membre du personnel acc-1', en: 'staff member acc-1' } },
      role: 'admin',
      action: 'staff invite',
      target: 'account:acc-2',
      before: { roles: [] },
      after: { email: 'm***@montjoli.fr', roles: ['moderator'] },
    },
  ],
  next: null,
};

export const moderationQueue = {
  items: [
    {
      kind: 'proposal',
      targetId: 'p1',
      state: 'submitted',
      flags: 0,
      countingFlags: 0,
      createdAt: '2027-03-02T10:00:00.000Z',
      updatedAt: '2027-03-02T10:00:00.000Z',
    },
    {
      kind: 'resourcePost',
      targetId: 'r7',
      state: 'submitted',
      flags: 3,
      countingFlags: 2,
      createdAt: '2027-03-01T09:00:00.000Z',
      updatedAt: '2027-03-02T11:00:00.000Z',
    },
  ],
};

export const releaseManifest = {
  release: '0.1.0-abcdef0123',
  alias: 'v1',
  entries: { 'civique.js': { integrity: 'sha384-oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K/uxy9rx7HNQlGYl1kPzQho1wx4JwY8wC', bytes: 4000, page: ['civique.js'] } },
  elements: {},
};

export const rightsLedger = {
  requests: [
    {
      id: 'r-3',
      kind: 'erasure',
      receivedAt: '2027-03-01T09:00:00.000Z',
      dueAt: '2027-03-31T09:00:00.000Z',
      completedAt: '2027-03-01T09:00:01.000Z',
      status: 'completed',
    },
    { id: 'r-2', kind: 'rectification', receivedAt: '2027-02-20T09:00:00.000Z', dueAt: '2027-03-22T09:00:00.000Z', completedAt: null, status: 'open' },
    { id: 'r-1', kind: 'access', receivedAt: '2027-01-10T09:00:00.000Z', dueAt: '2027-02-09T09:00:00.000Z', completedAt: null, status: 'overdue' },
  ],
};

export const retentionAhead = {
  days: 30,
  consultations: [{ slug: 'fete-2026', title: 'Date de la fête 2026', kind: 'vote', retentionEnd: '2027-03-20T00:00:00.000Z' }],
};
