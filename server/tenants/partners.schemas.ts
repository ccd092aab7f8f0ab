import { z } from '@hono/zod-openapi';
import { visibleText } from '../http/text.ts';
import type { Partner } from './partners.store.ts';

const Text = (max: number) => z.string().trim().min(1).max(max).superRefine(visibleText());

/** A partner as the tenant describes it: the same rules for the command line and the admins' routes. */
export const PartnerInput = z
  .strictObject({
    name: Text(120).openapi({ example: 'Chambre de commerce et d’industrie des Vosges' }),
    logoUrl: z
      .url({ protocol: /^https$/ })
      .max(2000)
      .nullable()
      .optional()
      .openapi({ example: 'https://www.cci.example/logo.svg', description: 'https only' }),
    helpsWith: z
      .strictObject({ fr: Text(300), en: Text(300).optional() })
      .openapi({ description: 'What the partner helps businesses with, in French and optionally in English' }),
    // Not accounts' `Email` (tenants may not import accounts): an organisation's address, checked the same way.
    email: z
      .string()
      .trim()
      .toLowerCase()
      .pipe(z.email().max(254))
      .openapi({ type: 'string', format: 'email', description: 'Where businesses’ messages are relayed; never shown by the API' }),
  })
  .openapi('PartnerInput');
export type PartnerInput = z.infer<typeof PartnerInput>;

export const PartnerPatch = PartnerInput.partial().openapi('PartnerPatch');
export type PartnerPatch = z.infer<typeof PartnerPatch>;

/** A partner as the API shows it, to everyone: never its address. */
export const PartnerSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    logoUrl: z.string().nullable(),
    helpsWith: z.object({ fr: z.string(), en: z.string().optional() }),
  })
  .openapi('Partner');

export const PartnerListSchema = z.object({ items: z.array(PartnerSchema) }).openapi('PartnerList');

export const presentPartner = (p: Partner) => ({ id: p.id, name: p.name, logoUrl: p.logoUrl, helpsWith: p.helpsWith });
