/**
 * What the banner says, French first (English in `consent-banner.strings.en.ts`). Kept beside the banner
 * instead of in `core/i18n/` so that consent.js stays small: it loads without the rest of the kit. The banner's proof of consent hashes these texts, so a
 * change of wording is a change of what citizens consented to.
 */
import type { ConsentStrings } from './consent-banner.strings.types.ts';

export type { ConsentStrings };

export const fr: ConsentStrings = {
  title: 'Vos choix sur les cookies',
  intro: 'Avec votre accord, ce site et ses partenaires utilisent des cookies pour :',
  change: 'Sans votre accord, aucun n’est déposé ; vous pourrez changer d’avis à tout moment.',
  exemptCookies: 'Exemptés de consentement, déposés d’emblée :',
  acceptAll: 'Tout accepter',
  refuseAll: 'Tout refuser',
  customise: 'Personnaliser',
  save: 'Enregistrer mes choix',
  close: 'Continuer sans accepter',
  accept: 'Accepter',
  refuse: 'Refuser',
  services: 'Services :',
  exempt: 'Mesure anonyme exemptée de consentement : cookies conservés 13 mois au plus, données 25 mois au plus.',
  object: 'Je m’oppose à cette mesure',
  reopen: 'Cookies',
  reopenLabel: 'Gérer mes cookies',
  privacy: 'Politique de confidentialité',
  proof: 'Identifiant de votre choix :',
  viewProof: 'Télécharger la preuve',
  eraseProof: 'Effacer la preuve',
  proofErased: 'Preuve effacée.',
  proofFailed: 'Échec de l’effacement, réessayez plus tard.',
};

/**
 * The strings for a page in `lang`. English is a separate chunk that only English pages fetch, so that
 * French pages — nearly all of a commune's — stay within consent.js's size budget.
 */
export const consentStrings = (lang: 'fr' | 'en'): Promise<ConsentStrings> =>
  lang == 'en' ? import('./consent-banner.strings.en.ts').then((m) => m.en) : Promise.resolve(fr);
