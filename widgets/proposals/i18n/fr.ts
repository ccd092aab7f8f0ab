import { fr as core } from '../../core/i18n/fr.ts';
import { pictureFr } from '../../core/i18n/picture.fr.ts';
import { participationFr } from '../../core/i18n/participation.fr.ts';
import type { AnswerStatus, Sort } from '../proposal-types.ts';
import { flagReasonsFr } from '../../core/i18n/moderation.fr.ts';
import type { Labels } from '../../core/api-enums.ts';

/** `civ-proposal-form` and `civ-proposals` in French (the default and the reference: `en.ts` has the same shape). */
export const fr = {
  ...core,
  ...participationFr,
  errors: {
    ...core.errors,
    ...participationFr.errors,
    proposal_not_found: 'Cette proposition est introuvable : elle a peut-être été retirée.',
    proposal_image_invalid: 'Cette image n’est pas acceptée. Choisissez une photo PNG, JPEG ou WebP.',
    proposal_subscription_not_found: 'Ce lien n’est plus valable : il a déjà servi ou a expiré.',
  },
  proposal: {
    title: 'Titre de votre proposition',
    text: 'Votre proposition',
    textHint: 'L’idée, où et pour qui ; sans données personnelles.',
    count: (n: number, max: number) => `${n} caractères sur ${max}.`,
    tooLong: (max: number) => `${max} caractères au plus.`,
    required: 'Remplissez ce champ.',
    category: 'Thème',
    quartier: 'Quartier',
    none: 'Non précisé',
    ...pictureFr,
    contact: 'La collectivité peut me contacter au sujet de cette proposition',
    contactHint: 'Pour vous demander des précisions.',
    email: 'Adresse e-mail pour être prévenu de la réponse (facultatif)',
    emailHint: 'Seulement pour vous prévenir de la réponse, après confirmation par un lien.',
    badEmail: 'Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.',
    submit: 'Envoyer ma proposition',
    sent: 'Merci ! Votre proposition est envoyée.',
    premoderated: 'Elle sera publiée après relecture par la collectivité.',
    published: 'Elle est publiée.',
    confirmPending: (email: string) => `Confirmation en attente : ouvrez le lien envoyé à ${email} pour être prévenu de la réponse.`,
  },
  list: {
    search: 'Rechercher',
    category: 'Thème',
    quartier: 'Quartier',
    answer: 'Réponse',
    all: 'Tous',
    sort: 'Trier par',
    /** The list's sorts, in the order offered (the keys are the API's `sort` values). */
    sorts: { newest: 'Les plus récentes', supported: 'Les plus soutenues', answered: 'Récemment répondues' } as Labels<Sort>,
    apply: 'Afficher',
    count: (n: number) => `${n} proposition${n < 2 ? '' : 's'}.`,
    empty: 'Aucune proposition publiée pour le moment.',
    noResult: 'Aucune proposition ne correspond.',
    more: 'Voir plus de propositions',
    back: 'Toutes les propositions',
    supports: (n: number) => (n < 2 ? `${n} soutien` : `${n} soutiens`),
    support: 'Soutenir',
    withdrawSupport: 'Retirer mon soutien',
    supportDone: 'Votre soutien est enregistré.',
    supportPending: 'Votre soutien sera compté après vérification.',
    supportWithdrawn: 'Votre soutien est retiré.',
    withdraw: 'Retirer ma proposition',
    withdrawn: 'Votre proposition est retirée.',
    postedOn: (date: string) => `Proposée le ${date}`,
    answerTitle: 'Réponse officielle',
    answeredBy: (body: string, date: string) => `${body}, le ${date}`,
    flag: 'Signaler',
    flagReason: 'Pourquoi signalez-vous cette proposition ?',
    flagSend: 'Envoyer le signalement',
    flagCancel: 'Annuler',
    flagged: 'Merci, votre signalement est transmis à la modération.',
    flagSignIn: 'Connectez-vous pour signaler.',
    reasons: flagReasonsFr,
    confirmed: 'Adresse confirmée : vous serez prévenu de la réponse.',
    subscription: 'Votre adresse e-mail',
    given: (email: string, title: string, date: string, confirmed: boolean) =>
      `${email}, donnée le ${date} pour être prévenu de la réponse à « ${title} »${confirmed ? '' : ' (non confirmée)'}.`,
    download: 'Télécharger (JSON)',
    erase: 'Effacer mon adresse',
    erased: 'Adresse effacée : plus rien ne vous sera envoyé.',
  },
  moderation: {
    submitted: 'En attente de relecture',
    published: 'Publiée',
    rejected: 'Refusée',
    hidden: 'Masquée',
    withdrawn: 'Retirée',
  },
  answers: {
    none: 'Sans réponse',
    under_study: 'À l’étude',
    accepted: 'Acceptée',
    refused: 'Refusée',
    selected: 'Retenue pour le budget participatif',
  } as Labels<AnswerStatus>,
};

export type ProposalsTranslation = typeof fr;
