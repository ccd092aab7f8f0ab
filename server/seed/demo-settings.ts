import { parseSettings } from '../consultation-settings.ts';
import type { ConsultationKind } from '../consultations/consultations.store.ts';

/**
 * Kind-specific settings of the demo consultations; each feature fills in its own kind. The seed writes them
 * straight to the store, so they go through the same parser as the API: stored exactly as staff would get them
 * (defaults written out), and a mistake here stops the start.
 */
export const demoSettings: Record<ConsultationKind, Record<string, unknown>> = {
  // vote-marche
  vote: parseSettings('vote', {
    mode: 'single',
    options: [
      { id: 'mardi', label: 'Mardi matin' },
      { id: 'mercredi', label: 'Mercredi matin', description: 'Pratique pour les familles : pas d’école le mercredi.' },
      { id: 'jeudi', label: 'Jeudi matin' },
      { id: 'vendredi', label: 'Vendredi après-midi', description: 'De 15 h à 20 h, pour faire ses courses en sortant du travail.' },
      { id: 'samedi', label: 'Samedi matin', description: 'Le jour actuel du marché.' },
      { id: 'dimanche', label: 'Dimanche matin' },
    ],
    resultsVisibility: 'always',
  }),

  // budget-2027: one budget per quartier of Montjoli (the ids match DEMO_TENANT.quartiers in demo.ts)
  budget: parseSettings('budget', {
    districts: [
      { id: 'centre-ville', name: 'Centre-ville', budget: 150_000 },
      { id: 'les-coteaux', name: 'Les Coteaux', budget: 100_000 },
      { id: 'val-fleuri', name: 'Le Val Fleuri', budget: 100_000 },
      { id: 'gare', name: 'Quartier de la Gare', budget: 120_000 },
      { id: 'pres-hauts', name: 'Les Prés Hauts', budget: 80_000 },
    ],
    projects: [
      {
        id: 'cv-fontaine',
        district: 'centre-ville',
        title: 'Rénover la fontaine de la place de la Mairie',
        cost: 65_000,
        description: 'Remise en eau, nouveau bassin et éclairage économe.',
      },
      {
        id: 'cv-arbres',
        district: 'centre-ville',
        title: 'Planter 40 arbres rue de la République',
        cost: 48_000,
        description: 'Des essences locales pour rafraîchir la rue l’été.',
      },
      { id: 'cv-boites-livres', district: 'centre-ville', title: 'Installer cinq boîtes à livres', cost: 7_500 },
      { id: 'cv-toilettes', district: 'centre-ville', title: 'Des toilettes publiques accessibles près des halles', cost: 85_000 },

      {
        id: 'co-city-stade',
        district: 'les-coteaux',
        title: 'Un city-stade derrière le gymnase',
        cost: 72_000,
        description: 'Terrain multisport en accès libre, avec éclairage jusqu’à 22 h.',
      },
      { id: 'co-bancs', district: 'les-coteaux', title: 'Des bancs et une table de pique-nique au belvédère', cost: 12_000 },
      { id: 'co-escalier', district: 'les-coteaux', title: 'Éclairer l’escalier des Vignes', cost: 26_000 },

      {
        id: 'vf-jardins',
        district: 'val-fleuri',
        title: 'Des jardins partagés le long du ru',
        cost: 35_000,
        description: 'Vingt parcelles, un cabanon et un récupérateur d’eau de pluie.',
      },
      { id: 'vf-aire-jeux', district: 'val-fleuri', title: 'Rénover l’aire de jeux du square Colette', cost: 58_000 },
      { id: 'vf-composteurs', district: 'val-fleuri', title: 'Des composteurs collectifs en pied d’immeuble', cost: 9_000 },
      { id: 'vf-fresque', district: 'val-fleuri', title: 'Une fresque avec les écoliers sur le mur du préau', cost: 15_000 },

      {
        id: 'ga-abri-velos',
        district: 'gare',
        title: 'Un abri vélos sécurisé de 60 places à la gare',
        cost: 90_000,
        description: 'Accès par badge, gonfleur et outils en libre-service.',
      },
      { id: 'ga-passage', district: 'gare', title: 'Sécuriser le passage piéton de l’avenue Jean-Jaurès', cost: 30_000 },
      { id: 'ga-wifi', district: 'gare', title: 'Une salle d’attente chauffée avec prises et wifi', cost: 45_000 },

      { id: 'ph-verger', district: 'pres-hauts', title: 'Un verger en libre cueillette', cost: 22_000 },
      { id: 'ph-piste', district: 'pres-hauts', title: 'Relier le quartier au collège par une piste cyclable', cost: 75_000 },
      { id: 'ph-boulodrome', district: 'pres-hauts', title: 'Un boulodrome ombragé', cost: 18_000 },
    ],
    maxProjects: 3,
    resultsVisibility: 'always',
  }),

  // avis-mobilite
  survey: parseSettings('survey', {
    sections: [
      { id: 'habitudes', title: 'Vos habitudes de déplacement' },
      { id: 'velo-marche', title: 'Le vélo et la marche' },
      { id: 'avis', title: 'Vos priorités' },
    ],
    questions: [
      {
        id: 'mode-principal',
        section: 'habitudes',
        type: 'single',
        label: 'Comment vous déplacez-vous le plus souvent dans Montjoli ?',
        required: true,
        options: [
          { id: 'voiture', label: 'En voiture' },
          { id: 'bus', label: 'En bus ou en train' },
          { id: 'velo', label: 'À vélo ou trottinette' },
          { id: 'marche', label: 'À pied' },
          { id: 'deux-roues', label: 'En deux-roues motorisé' },
          { id: 'covoiturage', label: 'En covoiturage' },
        ],
      },
      {
        id: 'motifs',
        section: 'habitudes',
        type: 'multiple',
        label: 'Pour quelles raisons vous déplacez-vous le plus ?',
        help: 'Trois réponses au plus.',
        required: false,
        max: 3,
        options: [
          { id: 'travail', label: 'Travail' },
          { id: 'etudes', label: 'Études' },
          { id: 'courses', label: 'Courses' },
          { id: 'loisirs', label: 'Loisirs et sport' },
          { id: 'sante', label: 'Santé' },
          { id: 'accompagner', label: 'Accompagner quelqu’un (enfants, proches)' },
        ],
      },
      {
        id: 'distance-travail',
        section: 'habitudes',
        type: 'number',
        label: 'Quelle distance parcourez-vous pour aller au travail ou à l’école (aller simple) ?',
        help: 'Laissez vide si vous ne vous y rendez pas.',
        required: false,
        min: 0,
        max: 300,
        unit: 'km',
      },
      {
        id: 'frequence-bus',
        section: 'habitudes',
        type: 'single',
        label: 'À quelle fréquence prenez-vous le bus ?',
        required: false,
        options: [
          { id: 'jamais', label: 'Jamais' },
          { id: 'rarement', label: 'Quelques fois par an' },
          { id: 'mois', label: 'Plusieurs fois par mois' },
          { id: 'semaine', label: 'Plusieurs fois par semaine' },
          { id: 'jour', label: 'Tous les jours' },
        ],
      },
      {
        id: 'velo-usage',
        section: 'velo-marche',
        type: 'single',
        label: 'Faites-vous du vélo ?',
        required: true,
        options: [
          { id: 'souvent', label: 'Oui, régulièrement' },
          { id: 'parfois', label: 'Oui, de temps en temps' },
          { id: 'non', label: 'Non' },
        ],
      },
      {
        id: 'velo-freins',
        section: 'velo-marche',
        type: 'multiple',
        label: 'Qu’est-ce qui vous empêche de faire du vélo ?',
        required: true,
        max: 3,
        showIf: { question: 'velo-usage', equals: 'non' },
        options: [
          { id: 'securite', label: 'Je ne me sens pas en sécurité' },
          { id: 'stationnement', label: 'Je ne sais pas où le garer' },
          { id: 'distance', label: 'Les distances sont trop longues' },
          { id: 'relief', label: 'Les côtes' },
          { id: 'sante', label: 'Ma santé ne me le permet pas' },
          { id: 'pas-de-velo', label: 'Je n’ai pas de vélo' },
        ],
      },
      {
        id: 'securite-pietons',
        section: 'velo-marche',
        type: 'scale',
        label: 'Vous sentez-vous en sécurité quand vous marchez dans Montjoli ?',
        required: true,
        min: 1,
        max: 5,
        minLabel: 'Pas du tout',
        maxLabel: 'Tout à fait',
      },
      {
        id: 'priorites',
        section: 'avis',
        type: 'ranking',
        label: 'Classez ces projets, du plus important au moins important pour vous',
        help: 'Classez-en au moins trois.',
        required: true,
        min: 3,
        options: [
          { id: 'pistes', label: 'Des pistes cyclables continues' },
          { id: 'bus', label: 'Des bus plus fréquents' },
          { id: 'trottoirs', label: 'Des trottoirs plus larges et accessibles' },
          { id: 'zone30', label: 'Des rues à 30 km/h' },
          { id: 'parkings', label: 'Des parkings relais aux entrées de ville' },
        ],
      },
      {
        id: 'note-globale',
        section: 'avis',
        type: 'scale',
        label: 'Quelle note donnez-vous aux déplacements à Montjoli ?',
        required: false,
        min: 0,
        max: 10,
        minLabel: 'Très mauvais',
        maxLabel: 'Excellent',
      },
      {
        id: 'idee',
        section: 'avis',
        type: 'text',
        label: 'Avez-vous une idée pour améliorer vos déplacements ?',
        required: false,
        max: 1000,
        multiline: true,
      },
    ],
    profileQuestions: true,
    resultsVisibility: 'public',
  }),

  // The "boîte à idées": quartier ids are the budget's district ids, so that selected ideas map to them as they are.
  proposals: {
    categories: [
      { id: 'mobilite', label: { fr: 'Mobilité', en: 'Getting around' } },
      { id: 'nature', label: { fr: 'Nature en ville', en: 'Nature in town' } },
      { id: 'commerces', label: { fr: 'Commerces et marché', en: 'Shops and market' } },
      { id: 'vivre-ensemble', label: { fr: 'Vivre ensemble', en: 'Living together' } },
    ],
    quartiers: [
      { id: 'centre-ville', label: { fr: 'Centre-ville' } },
      { id: 'les-coteaux', label: { fr: 'Les Coteaux' } },
      { id: 'val-fleuri', label: { fr: 'Le Val Fleuri' } },
      { id: 'gare', label: { fr: 'Quartier de la Gare' } },
      { id: 'pres-hauts', label: { fr: 'Les Prés Hauts' } },
    ],
    titleMax: 120,
    bodyMax: 3000,
    premoderation: true,
  },
  resources: {},
};
