/**
 * What every consultation widget says, in French: a consultation's dates, who may take part, its privacy
 * notice, when results are published, and the server's codes common to ballots, survey responses and proposals.
 * Each widget spreads these into its own translation (`vote/i18n/fr.ts`, `survey/i18n/fr.ts`); the results'
 * strings (`resultsFr`) and the keyboard ranking's (`rankingFr`), below, only where there are results or a ranking.
 */
export const participationFr = {
  consultation: {
    /** Shown when the embed names no consultation, or one of another kind; the console says which. */
    unavailable: 'Cette consultation ne peut pas être affichée ici. Si le problème persiste, signalez-le à votre mairie.',
    opensOn: (date: string) => `Ouverture le ${date}.`,
    openUntil: (date: string) => `Ouvert jusqu’au ${date}.`,
    closedOn: (date: string) => `Clos depuis le ${date}.`,
    accountRequired: 'Un compte est nécessaire pour participer.',
    signIn: 'Se connecter ou créer un compte',
    signInHere: 'Connectez-vous avec votre compte sur ce site, puis revenez sur cette page.',
    privacy: 'Vos données personnelles',
    purposes: 'Pourquoi elles sont traitées :',
    recipients: 'Qui les reçoit :',
    retention: 'Combien de temps :',
    retentionEnd: (date: string) => `Fin de conservation : ${date}.`,
    resultsHiddenUntil: (date: string) => `Les résultats seront publiés à la clôture, le ${date}.`,
  },
  /** The server's codes for ballots and survey responses (see `server/votes`, `server/surveys`). */
  errors: {
    participant_required: 'Votre participation n’a pas pu être identifiée. Rechargez la page, puis réessayez.',
    consultation_not_configured: 'Cette consultation n’est pas encore prête. Réessayez plus tard.',
  },
};

export type ParticipationTranslation = typeof participationFr;

/** The results' strings (`core/result-bars.ts` and each widget's results view), for the widgets that show results. */
export const resultsFr = {
  title: 'Résultats',
  final: 'Résultats définitifs',
  provisional: 'Résultats provisoires',
  /** Staff only. */
  quarantined: (n: number) => `En attente de vérification, non compté : ${n}.`,
  points: (points: number, first: number) => `${points} points, ${first} fois en tête`,
};

export type ResultsTranslation = typeof resultsFr;

/** The keyboard ranking's strings (`core/ranking.ts`), for the widgets that rank: `civ-vote` and `civ-survey`. */
export const rankingFr = {
  ranked: 'Votre classement',
  unranked: 'À classer',
  add: 'Ajouter',
  up: 'Monter',
  down: 'Descendre',
  remove: 'Retirer',
  position: (label: string, position: number, total: number) => `${label} : position ${position} sur ${total}.`,
  removed: (label: string) => `${label} : retiré du classement.`,
  full: (max: number) => `Classement complet (${max} au plus) : retirez une option pour en ajouter une autre.`,
  bounds: (min: number, max: number) => `Classez ${min === max ? min : `de ${min} à ${max}`} options, de la préférée à la moins appréciée, avec les boutons.`,
  tooFew: (min: number) => `Classez au moins ${min} option${min < 2 ? '' : 's'}.`,
};

export type RankingTranslation = typeof rankingFr;
