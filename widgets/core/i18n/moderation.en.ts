import type { FlagReason } from './moderation.fr.ts';
import type { Labels } from '../api-enums.ts';

/** The report reasons in English; only in English chunks. */
export const flagReasonsEn: Labels<FlagReason> = {
  illegal: 'Illegal content',
  hateful: 'Hate speech',
  harassment: 'Harassment',
  personal_data: 'Personal data',
  spam: 'Advertising or spam',
  off_topic: 'Off topic',
  other: 'Another reason',
};
