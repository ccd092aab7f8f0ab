import { fr as core } from '../../core/i18n/fr.ts';
import { participationFr, rankingFr, resultsFr } from '../../core/i18n/participation.fr.ts';

const plural = (n: number, one: string, many: string) => (n < 2 ? one : many);

/** `civ-vote` in French (the default and the reference: `en.ts` has the same shape). */
export const fr = {
  ...core,
  ...participationFr,
  ranking: rankingFr,
  results: resultsFr,
  errors: {
    ...core.errors,
    ...participationFr.errors,
    ballot_unknown_option: 'Un de vos choix n’existe plus. Rechargez la page, puis votez à nouveau.',
    ballot_duplicate_option: 'Une option figure deux fois dans votre vote.',
    ballot_too_few_choices: 'Vous n’avez pas choisi assez d’options.',
    ballot_too_many_choices: 'Vous avez choisi trop d’options.',
    ballot_district_required: 'Choisissez votre quartier.',
    ballot_unknown_district: 'Ce quartier n’existe plus. Rechargez la page, puis réessayez.',
    ballot_district_not_allowed: 'Ce vote ne se fait pas par quartier. Rechargez la page, puis réessayez.',
    ballot_project_outside_district: 'Un projet choisi n’est pas dans votre quartier.',
    ballot_too_many_projects: 'Vous avez choisi trop de projets.',
    ballot_over_budget: 'Vos projets dépassent le budget : retirez-en un.',
    ballot_under_min_spend: 'Vos projets n’atteignent pas le minimum à dépenser : ajoutez-en un.',
    ballot_already_cast: 'Vous avez déjà voté. Rechargez la page pour voir votre vote.',
    ballot_not_found: 'Il n’y a pas de vote à retirer.',
  },
  vote: {
    legend: { single: 'Votre choix', approval: 'Vos choix', ranking: 'Votre classement' },
    single: 'Une seule réponse possible.',
    approval: (min: number, max: number) => (min < 2 ? `Choisissez jusqu’à ${max} options.` : `Choisissez de ${min} à ${max} options.`),
    none: 'Choisissez une option avant de voter.',
    tooFew: (min: number) => `Choisissez au moins ${min} options.`,
    tooMany: (max: number) => `Vous avez déjà choisi ${max} options, le maximum : décochez-en une pour en choisir une autre.`,
    submit: 'Voter',
    change: 'Modifier mon vote',
    withdraw: 'Retirer mon vote',
    withdrawAsk: 'Retirer votre vote ? Il ne sera plus compté ; vous pourrez voter à nouveau jusqu’à la clôture.',
    withdrawYes: 'Oui, retirer mon vote',
    withdrawNo: 'Non, garder mon vote',
    mine: (date: string) => `Vous avez voté le ${date}. Vous pouvez modifier ou retirer votre vote jusqu’à la clôture.`,
    pending: 'Il sera compté après vérification par la collectivité : plusieurs votes sont arrivés de la même connexion.',
    cast: 'Merci ! Votre vote est enregistré.',
    changed: 'Votre vote est modifié.',
    withdrawn: 'Votre vote est retiré.',
    votes: (n: number) => plural(n, `${n} vote`, `${n} votes`),
    /** How a ranking's points are counted, above its results. */
    borda: 'Points : sur chaque bulletin, le 1er choix reçoit autant de points que d’options classées, le 2e un de moins, etc.',
  },
  budget: {
    district: 'Dans quel quartier votez-vous ?',
    districtHint: 'Chaque quartier a son budget ; vous votez dans un seul. Changer de quartier retire les projets choisis.',
    districtBudget: (amount: string) => `Budget : ${amount}`,
    chooseDistrict: 'Choisissez d’abord votre quartier pour voir ses projets.',
    projects: (name?: string) => (name ? `Les projets du quartier ${name}` : 'Les projets'),
    cap: (amount: string) => `Budget à répartir : ${amount}.`,
    maxProjects: (n: number) => `${n} projets au plus.`,
    minSpend: (share: string, amount: string) => `Utilisez au moins ${share} du budget (${amount}).`,
    total: (spent: string, cap: string, left: string) => `Total : ${spent} sur ${cap}, il reste ${left}.`,
    doesNotFit: (title: string, cost: string, left: string) =>
      `« ${title} » coûte ${cost}, mais il ne reste que ${left} dans le budget : retirez d’abord un autre projet.`,
    tooMany: (n: number) => `Vous avez déjà choisi ${n} projets, le maximum : retirez-en un pour en choisir un autre.`,
    none: 'Choisissez au moins un projet.',
    underMin: (amount: string) => `Vos projets n’atteignent pas le minimum à dépenser (${amount}) : ajoutez-en un.`,
    funded: 'retenu',
    fundedTotal: (amount: string, cap: string) => `Projets retenus : ${amount} sur ${cap}.`,
  },
};

export type VoteTranslation = typeof fr;
