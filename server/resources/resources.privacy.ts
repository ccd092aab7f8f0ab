import { DAY, HOUR } from '../clock.ts';
import { UNATTACHED_IMAGE_MS } from '../images/images.ts';
import { THREAD_RETENTION, type ResourcesSettings } from './resources.service.ts';

/** One line of a privacy notice, in French and English. */
export interface NoticeLine {
  fr: string;
  en: string;
}

const days = (ms: number) => Math.round(ms / DAY);
const hours = (ms: number) => Math.round(ms / HOUR);

/**
 * What a resource board keeps and for how long, written from the durations the code applies (the thread
 * retention rule, the unattached images rule, the board's `expiryDays`), so that the notice cannot drift from
 * them: the consultation's privacy notice carries these lines beside what its staff wrote.
 *
 * @example
 * boardPrivacyDurations({ expiryDays: 60, ... })[2].fr; // 'Les conversations sont conservées tant que l’annonce est ouverte, puis 90 jours après sa clôture ou son expiration.'
 */
export function boardPrivacyDurations(settings: Pick<ResourcesSettings, 'expiryDays'>, threadRetention = THREAD_RETENTION): NoticeLine[] {
  return [
    {
      fr: `Une annonce expire ${settings.expiryDays} jours après sa publication ou son dernier renouvellement.`,
      en: `A post expires ${settings.expiryDays} days after it is published or last renewed.`,
    },
    {
      fr: 'Le texte d’un message relayé par e-mail (à une entreprise ou à un partenaire) est effacé de la file d’envoi dès sa remise.',
      en: 'A relayed message’s text (to a business or a partner) is erased from the mail queue as soon as it is delivered.',
    },
    {
      fr: `Les conversations sont conservées tant que l’annonce est ouverte, puis ${days(threadRetention)} jours après sa clôture ou son expiration.`,
      en: `Conversations are kept while the post is open, then ${days(threadRetention)} days after it closes or expires.`,
    },
    {
      fr: `Une image qu’aucune annonce n’utilise est effacée après ${hours(UNATTACHED_IMAGE_MS)} heures.`,
      en: `An image no post uses is erased after ${hours(UNATTACHED_IMAGE_MS)} hours.`,
    },
    {
      fr: 'Le profil d’entreprise (nom commercial, SIRET, secteur, commune) est conservé jusqu’à la suppression du compte.',
      en: 'The business profile (trade name, SIRET, sector, commune) is kept until the account is deleted.',
    },
  ];
}
