import type { components } from '../api-schema.generated.ts';
import type { Labels } from '../api-enums.ts';

/** Why content is reported (the shared moderation's `FlagContent` reasons). */
export type FlagReason = components['schemas']['FlagContent']['reason'];

/** The report reasons in French, for every widget that lets a citizen report content (`core/listing.ts`'s `flagForm`). */
export const flagReasonsFr: Labels<FlagReason> = {
  illegal: 'Contenu illégal',
  hateful: 'Propos haineux',
  harassment: 'Harcèlement',
  personal_data: 'Données personnelles',
  spam: 'Publicité ou spam',
  off_topic: 'Hors sujet',
  other: 'Autre raison',
};
