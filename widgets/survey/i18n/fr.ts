import { fr as core } from '../../core/i18n/fr.ts';
import { participationFr, rankingFr } from '../../core/i18n/participation.fr.ts';

/** `civ-survey` in French (the default and the reference: `en.ts` has the same shape). */
export const fr = {
  ...core,
  ...participationFr,
  ranking: rankingFr,
  errors: {
    ...core.errors,
    ...participationFr.errors,
    survey_answers_invalid: 'Cette réponse n’est pas acceptée : vérifiez-la.',
  },
  survey: {
    progress: (n: number, total: number) => `Section ${n} sur ${total}`,
    previous: 'Section précédente',
    next: 'Section suivante',
    submit: 'Envoyer mes réponses',
    required: 'Répondez à cette question.',
    requiredNote: 'Les questions marquées d’un * sont obligatoires.',
    between: (min: number, max: number) => (min < 2 ? `${max} réponses au plus.` : `Entre ${min} et ${max} réponses.`),
    tooFew: (min: number) => `Choisissez au moins ${min} réponses.`,
    /** A help that gives a rule's number in words already states the rule. */
    numbers: ['zéro', 'une?', 'deux', 'trois', 'quatre', 'cinq', 'six', 'sept', 'huit', 'neuf', 'dix'],
    tooMany: (max: number) => `Vous avez déjà choisi ${max} réponses, le maximum : décochez-en une pour en choisir une autre.`,
    ends: (min: number, minLabel: string, max: number, maxLabel: string) => `${min} : ${minLabel} ; ${max} : ${maxLabel}.`,
    number: 'Saisissez un nombre, par exemple 12 ou 4,5.',
    integer: 'Saisissez un nombre entier.',
    range: (min?: number, max?: number) => (min === undefined ? `Au plus ${max}.` : max === undefined ? `Au moins ${min}.` : `Entre ${min} et ${max}.`),
    length: (n: number, max: number) => `${n} caractères sur ${max}.`,
    tooShort: (min: number) => `Écrivez au moins ${min} caractères.`,
    shown: (label: string) => `Nouvelle question : ${label}`,
    savedHere: 'Vos réponses sont enregistrées au fur et à mesure sur cet appareil.',
    savedAccount: (date: string) => `Vos réponses sont enregistrées sur votre compte (${date}).`,
    resumed: (date: string) => `Vous reprenez les réponses commencées le ${date}.`,
    done: 'Merci ! Vos réponses sont enregistrées.',
    pending: 'Elles seront comptées après vérification par la collectivité : plusieurs réponses sont arrivées de la même connexion.',
    answers: (n: number) => (n < 2 ? `${n} réponse` : `${n} réponses`),
    mean: (mean: string, median: string) => `Moyenne : ${mean}. Médiane : ${median}.`,
    texts: 'Réponses libres (agents seulement)',
    showResults: 'Voir les résultats provisoires',
  },
  profile: {
    title: 'À propos de vous (facultatif)',
    intro: 'Ces questions servent seulement à vérifier que les réponses représentent bien les habitants. Répondez à celles que vous voulez.',
    prefill: 'Reprendre les informations de mon compte',
    prefilled: 'Les informations de votre compte sont reprises : vous pouvez les modifier.',
    birthYear: 'Année de naissance',
    badYear: (max: number) => `Saisissez une année entre 1900 et ${max}, par exemple 1985.`,
    gender: 'Genre',
    genders: { female: 'Femme', male: 'Homme', other: 'Autre' } as Record<string, string>,
    city: 'Commune de résidence',
    quartier: 'Quartier',
    pcsGroup: 'Catégorie socio-professionnelle',
    pcs: [
      'Agriculteurs exploitants',
      'Artisans, commerçants, chefs d’entreprise',
      'Cadres et professions intellectuelles supérieures',
      'Professions intermédiaires',
      'Employés',
      'Ouvriers',
      'Retraités',
      'Autres personnes sans activité professionnelle',
    ],
    none: 'Je préfère ne pas répondre',
  },
};

export type SurveyTranslation = typeof fr;
