/**
 * The signed-in sections of `civ-account` in French (the reference: `en.ts` has the same shape). The
 * purposes are the privacy policies' own (`shared/seeds/`), shortened; what is shared, and for how long, is
 * said once above the profile.
 */
import type { Gender, Labels, ParticipationKind, ParticipationStatus } from '../../../core/api-enums.ts';

const contactPurpose = 'Pour que la collectivité ou ses partenaires puissent vous contacter au sujet d’une proposition que vous avez faite.';

export const fr = {
  title: 'Mon compte',
  signedInAs: (email: string) => `Connecté avec ${email}`,
  verify: {
    pending: (email: string) => `Confirmez votre adresse e-mail : cliquez sur le lien envoyé à ${email}.`,
    resend: 'Renvoyer le lien',
    resent: 'Un nouveau lien de confirmation vient de vous être envoyé.',
  },
  sections: {
    label: 'Rubriques de mon compte',
    profile: 'Mon profil',
    participations: 'Mes participations',
    security: 'Connexion et sécurité',
    data: 'Mes données et mes droits',
  },
  invalid: {
    pseudonym: 'Le pseudo doit faire entre 2 et 40 caractères.',
    phone: 'Saisissez un numéro de téléphone, par exemple : 06 12 34 56 78',
    birthYear: (year: number) => `Saisissez une année sur quatre chiffres, entre 1900 et ${year}.`,
    avatar: 'Cette image n’est pas acceptée. Choisissez un fichier PNG, JPEG ou WebP plus léger.',
  },
  profile: {
    intro:
      'Tous les champs sont facultatifs. Chaque information n’est utilisée que pour l’usage indiqué, et partagée avec la collectivité et ses partenaires le temps de la consultation.',
    publicGroup: 'Ce que les autres voient',
    contactGroup: 'Pour vous contacter',
    statsGroup: 'Pour la représentativité des consultations',
    pseudonym: 'Pseudo',
    pseudonymPurpose: 'Affiché à côté de vos participations, à la place de votre nom.',
    avatar: 'Avatar',
    avatarHint: 'Image PNG, JPEG ou WebP. Elle est réduite sur votre appareil avant l’envoi.',
    avatarPurpose: 'Peut être affiché à côté de vos participations.',
    avatarCurrent: 'Votre avatar actuel',
    avatarRemove: 'Retirer l’avatar',
    avatarUnreadable: 'Cette image n’a pas pu être lue. Choisissez un fichier PNG, JPEG ou WebP.',
    firstName: 'Prénom',
    lastName: 'Nom',
    phone: 'Téléphone',
    phoneHint: 'Par exemple : 06 12 34 56 78',
    postalAddress: 'Adresse postale',
    contactPurpose,
    birthYear: 'Année de naissance',
    birthYearHint: 'Quatre chiffres, par exemple : 1984',
    birthYearPurpose: 'Afficher votre âge à côté de votre pseudo (si vous le choisissez), travailler la représentativité, statistiques par tranche d’âge.',
    gender: 'Genre',
    genders: { female: 'Femme', male: 'Homme', other: 'Autre' } satisfies Labels<Gender>,
    genderPurpose: 'Afficher votre genre à côté de votre pseudo (si vous le choisissez), travailler la représentativité, statistiques par genre.',
    city: 'Ville',
    cityPurpose:
      'Afficher votre ville à côté de votre pseudo (si vous le choisissez), couvrir le territoire dans les études plus larges qu’une ville, statistiques par ville.',
    quartier: 'Quartier',
    quartierPurpose: 'Afficher votre quartier à côté de votre pseudo (si vous le choisissez), travailler la représentativité, statistiques par quartier.',
    pcsGroup: 'Catégorie socio-professionnelle',
    pcsGroupPurpose: 'Travailler la représentativité, statistiques par catégorie socio-professionnelle.',
    /** INSEE PCS 2020, groupes 1 à 8. */
    pcsGroups: [
      'Agriculteurs exploitants',
      'Artisans, commerçants, chefs d’entreprise',
      'Cadres et professions intellectuelles supérieures',
      'Professions intermédiaires',
      'Employés',
      'Ouvriers',
      'Retraités',
      'Autres personnes sans activité professionnelle',
    ],
    notSaid: 'Non renseigné',
    shownGroup: 'Ce qui est affiché à côté de mon pseudo',
    shownHint: 'Rien n’est affiché sans votre accord.',
    showAge: 'Mon âge',
    showGender: 'Mon genre',
    showCity: 'Ma ville',
    showQuartier: 'Mon quartier',
    submit: 'Enregistrer mon profil',
    saved: 'Votre profil est enregistré.',
  },
  participations: {
    count: (n: number) => (n === 0 ? 'Vous n’avez encore participé à aucune consultation.' : n === 1 ? '1 participation' : `${n} participations`),
    kinds: { ballot: 'Vote', surveyResponse: 'Réponse à un questionnaire', proposalSupport: 'Soutien à une proposition' } satisfies Labels<ParticipationKind>,
    /** A kind newer than these widgets. */
    otherKind: 'Participation',
    on: (date: string) => `le ${date}`,
    /** Said after the date; nothing for a counted participation. */
    statuses: { accepted: '', quarantined: 'en attente de vérification', rejected: 'écartée après vérification' } satisfies Labels<ParticipationStatus>,
  },
  security: {
    emailTitle: 'Changer d’adresse e-mail',
    newEmail: 'Nouvelle adresse e-mail',
    emailSubmit: 'Changer d’adresse e-mail',
    emailChanged: (email: string) =>
      `Un lien de confirmation a été envoyé à ${email}. Le changement prendra effet quand vous l’aurez ouvert ; votre ancienne adresse a été prévenue.`,
    pending: (pending: string, current: string) =>
      `Changement en attente : un lien de confirmation a été envoyé à ${pending}. D’ici là, votre adresse reste ${current}.`,
    passwordTitle: 'Changer de mot de passe',
    passwordSubmit: 'Changer le mot de passe',
    passwordChanged: 'Votre mot de passe est changé. Vos autres appareils ont été déconnectés.',
  },
  data: {
    exportTitle: 'Télécharger mes données',
    exportIntro: 'Toutes les données que nous avons sur vous, dans un fichier JSON lisible par une machine (droits d’accès et de portabilité).',
    exportButton: 'Télécharger mes données',
    exported: (file: string) => `Vos données sont téléchargées dans le fichier ${file}.`,
    rightsGroup: 'L’utilisation de mes données',
    restricted: 'Limiter l’utilisation de mes données',
    restrictedHint:
      'Vos données sont gardées mais plus utilisées : elles sortent des statistiques et vous ne recevez plus de courriels d’information. Utile par exemple le temps de faire corriger une information.',
    objected: 'Je m’oppose à l’utilisation de mes données',
    objectedHint: 'Vos données ne servent plus aux statistiques ni à vous écrire au sujet des consultations. Votre compte et vos participations restent.',
    rightsSaved: 'Votre choix est enregistré.',
    deleteTitle: 'Supprimer mon compte',
    deleteIntro: 'La suppression est définitive. Vous pouvez d’abord télécharger vos données.',
    deleteStart: 'Supprimer mon compte…',
    confirmTitle: 'Confirmer la suppression de votre compte',
    confirmText: [
      'Cette opération est irréversible : votre compte ne pourra pas être récupéré.',
      'Votre adresse e-mail, votre mot de passe et tout votre profil sont effacés.',
      'Vos contributions (votes, réponses, propositions) sont gardées sous une forme anonyme : plus rien ne les relie à vous.',
    ],
    proposalsChoice: 'Vos propositions à la boîte à idées',
    proposals: {
      keep_anonymous: 'Les laisser publiées, sans votre nom',
      delete: 'Les supprimer avec le compte',
    },
    confirmPassword: 'Votre mot de passe, pour confirmer',
    confirmSubmit: 'Supprimer définitivement mon compte',
  },
};

export type DashboardTranslation = typeof fr;
