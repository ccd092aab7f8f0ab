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
