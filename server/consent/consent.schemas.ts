import { z } from '@hono/zod-openapi';
import { Instant } from '../http/openapi.ts';
import { visibleText } from '../http/text.ts';

/** The random id the banner keeps in its cookie: 128 bits as 32 lowercase hex characters. */
export const ConsentIdValue = z
  .string()
  .regex(/^[0-9a-f]{32}$/, 'A consent id is 32 lowercase hexadecimal characters')
  .openapi({ example: '3f2a9c0d5b7e41c8a6d2e9f01b4c7a55' });

export const ConsentIdParam = ConsentIdValue.openapi({
  param: { name: 'consentId', in: 'path' },
  description: 'The id the banner keeps in its cookie (shown in its second layer)',
});

/** The host's purpose ids, as in its banner configuration (`audience`, `video`…). */
const PurposeId = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'Purpose ids are lowercase letters, digits, - and _');

export const ConsentChoices = z
  .record(PurposeId, z.boolean())
  .refine((choices) => Object.keys(choices).length <= 30, 'At most 30 purposes')
  .openapi({
    example: { audience: true, video: false },
    description: 'Purpose id → accepted; for a purpose exempt from consent, false means the visitor objected',
  });

export const ConsentAction = z.enum(['accept_all', 'refuse_all', 'custom']).openapi({
  description: '"Tout accepter", "Tout refuser", or a choice per purpose (which is also how consent is withdrawn)',
});

export const RecordConsentBody = z
  .strictObject({
    consentId: ConsentIdValue,
    action: ConsentAction,
    choices: ConsentChoices,
    configVersion: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .superRefine(visibleText())
      .openapi({ example: '2027-01', description: 'The host’s revision of its purposes' }),
    textHash: z
      .string()
      .regex(/^[0-9a-f]{64}$/, 'A SHA-256 in lowercase hex')
      .openapi({ description: 'SHA-256 of the banner’s text and configuration, exactly as shown' }),
    locale: z.enum(['fr', 'en']).default('fr'),
  })
  .openapi('RecordConsent');

export const RecordedConsentSchema = z
  .object({
    consentId: ConsentIdValue,
    recordedAt: Instant,
    linkedToAccount: z.boolean(),
  })
  .openapi('RecordedConsent');

export const ConsentRecordSchema = z
  .object({
    recordedAt: Instant,
    action: ConsentAction,
    choices: ConsentChoices,
    configVersion: z.string(),
    textHash: z.string(),
    locale: z.enum(['fr', 'en']),
    pageOrigin: z.string().nullable(),
    linkedToAccount: z.boolean(),
    quarantined: z.boolean().openapi({ description: 'Made while over the anti-stuffing caps: kept, flagged for review' }),
    ipTrace: z
      .object({
        addressHash: z.string(),
        networkHash: z.string(),
        erasedAfter: Instant,
      })
      .nullable()
      .openapi({ description: 'Keyed hashes of the address (never the address), erased after 90 days' }),
    erasedAfter: Instant.openapi({ description: 'When this record itself is erased' }),
  })
  .openapi('ConsentRecord');

export const ConsentHistorySchema = z
  .object({
    consentId: ConsentIdValue,
    tenant: z.string(),
    records: z.array(ConsentRecordSchema),
  })
  .openapi('ConsentHistory');
