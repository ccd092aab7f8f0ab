/**
 * The strings every widget shares, in French (the default and the reference: `en.ts` must have the same
 * shape). A widget's own strings spread these into its translation (see `account/i18n/fr.ts`).
 */
const seconds = (n: number) => (n < 2 ? `${n} seconde` : `${n} secondes`);
const minutes = (n: number) => (n < 2 ? `${n} minute` : `${n} minutes`);

/** "dans 45 secondes", "dans 15 minutes": how long a rate-limited citizen must wait. */
const wait = (totalSeconds: number) => (totalSeconds < 60 ? seconds(Math.ceil(totalSeconds)) : minutes(Math.ceil(totalSeconds / 60)));

export const fr = {
  lang: 'fr',
  common: {
    loading: 'Chargement…',
    retry: 'Réessayer',
    errorPrefix: 'Erreur : ',
    honeypot: 'Laissez ce champ vide.',
  },
  /** What an element shows instead of a blank box when the embed is misconfigured or the API is down. */
  embed: {
    missing_tenant: 'Ce service de participation n’est pas encore disponible sur cette page. Si le problème persiste, signalez-le à votre mairie.',
    tenant_not_found: 'Ce service de participation n’est pas encore disponible sur cette page. Si le problème persiste, signalez-le à votre mairie.',
    origin_not_allowed: 'Ce service de participation n’est pas encore autorisé sur ce site. Si le problème persiste, signalez-le à votre mairie.',
    network_error: 'Le service de participation ne répond pas. Vérifiez votre connexion à Internet, puis réessayez.',
    unavailable: 'Le service de participation est momentanément indisponible. Réessayez dans quelques instants.',
  },
  /**
   * By the server's error codes (see `server/errors.ts`), plus `network_error` when nothing answered. Codes only
   * one widget's requests get are in its own strings (`account/i18n/fr.ts`, `vote/i18n/fr.ts`).
   */
  errors: {
    network_error: 'Le serveur n’a pas pu être joint. Vérifiez votre connexion à Internet, puis réessayez.',
    rate_limited: (waitSeconds: number) => `Trop de tentatives. Réessayez dans ${wait(waitSeconds)}.`,
    validation_failed: 'Certaines informations ne sont pas acceptées. Corrigez les champs signalés.',
    unauthenticated: 'Votre session a expiré. Reconnectez-vous pour continuer.',
    origin_not_allowed: 'Ce service n’est pas autorisé sur ce site.',
    tenant_not_found: 'Cette collectivité n’est pas connue du service de participation.',
    forbidden: 'Vous n’avez pas accès à cette action.',
    account_required: 'Connectez-vous pour participer.',
    verified_email_required: 'Confirmez d’abord votre adresse e-mail, avec le lien reçu par courriel.',
    not_found: 'Cet élément est introuvable.',
    consultation_not_found: 'Cette consultation est introuvable.',
    consultation_not_open: 'Cette consultation n’est pas encore ouverte.',
    consultation_closed: 'Cette consultation est close.',
    payload_too_large: 'Les informations envoyées sont trop volumineuses : choisissez une image plus légère.',
    unsupported_media_type: 'Le service n’a pas compris la demande. Rechargez la page, puis réessayez.',
    conflict: 'Ces informations ont changé entre-temps. Rechargez la page, puis réessayez.',
    internal_error: 'Une erreur est survenue de notre côté. Réessayez dans quelques instants.',
    unknown: 'Une erreur inattendue est survenue. Réessayez dans quelques instants.',
  },
  form: {
    /** Announced after a refused submit. */
    invalidCount: (count: number) => (count < 2 ? 'Un champ est à corriger.' : `${count} champs sont à corriger.`),
    draftKept: 'Vos informations sont conservées sur cet appareil : vous pouvez réessayer dès que possible.',
    draftPending: 'Votre dernier envoi n’a pas abouti. Vos informations ont été conservées sur cet appareil.',
    retrySubmit: 'Réessayer l’envoi',
    sending: 'Envoi en cours…',
    forbiddenCharacter: 'Ce texte contient un caractère invisible ou qui inverse le sens de lecture (souvent venu d’un copier-coller). Retapez-le à la main.',
  },
};

export type CoreTranslation = typeof fr;
