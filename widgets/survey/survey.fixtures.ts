/**
 * A survey, its results and its drafts for `civ-survey`'s tests and stories, shaped as the API sends them,
 * and the mocked routes that serve them. Nothing here is bundled into the widget.
 *
 * @example
 * const api = mockApi(surveyRoutes(mobilitySurvey()));
 */
import type { Consultation } from '../core/api-types.ts';
import type { MockRoute } from '../testing/mock-api.ts';
import { consultation } from '../testing/consultation.ts';
import type { SurveyDraft, SurveyResults, SurveySettings } from './survey-types.ts';

/** Three sections, every question type, a condition (`velo-freins` when `velo-usage` is `non`), profile questions. */
export function mobilitySurvey(overrides: Partial<Consultation<SurveySettings>> = {}, settings: Partial<SurveySettings> = {}): Consultation<SurveySettings> {
  return consultation<SurveySettings>(
    'survey',
    'avis-mobilite',
    'Vos déplacements à Montjoli',
    {
      sections: [
        { id: 'habitudes', title: 'Vos habitudes de déplacement' },
        { id: 'velo', title: 'Le vélo et la marche', description: 'Quelques questions sur les déplacements doux.' },
        { id: 'avis', title: 'Vos priorités' },
      ],
      questions: [
        {
          id: 'mode',
          section: 'habitudes',
          type: 'single',
          label: 'Comment vous déplacez-vous le plus souvent ?',
          required: true,
          options: [
            { id: 'voiture', label: 'En voiture' },
            { id: 'bus', label: 'En bus' },
            { id: 'velo', label: 'À vélo' },
            { id: 'marche', label: 'À pied' },
          ],
        },
        {
          id: 'motifs',
          section: 'habitudes',
          type: 'multiple',
          label: 'Pour quelles raisons vous déplacez-vous ?',
          required: false,
          min: 1,
          max: 2,
          options: [
            { id: 'travail', label: 'Travail' },
            { id: 'courses', label: 'Courses' },
            { id: 'loisirs', label: 'Loisirs' },
          ],
        },
        { id: 'distance', section: 'habitudes', type: 'number', label: 'Distance jusqu’au travail', required: false, min: 0, max: 300, unit: 'km' },
        {
          id: 'velo-usage',
          section: 'velo',
          type: 'single',
          label: 'Faites-vous du vélo ?',
          required: true,
          options: [
            { id: 'oui', label: 'Oui' },
            { id: 'non', label: 'Non' },
          ],
        },
        {
          id: 'velo-freins',
          section: 'velo',
          type: 'multiple',
          label: 'Qu’est-ce qui vous en empêche ?',
          required: true,
          min: 1,
          max: 2,
          showIf: { question: 'velo-usage', equals: 'non' },
          options: [
            { id: 'securite', label: 'Je ne me sens pas en sécurité' },
            { id: 'stationnement', label: 'Je ne sais pas où le garer' },
            { id: 'relief', label: 'Les côtes' },
          ],
        },
        {
          id: 'securite',
          section: 'velo',
          type: 'scale',
          label: 'Vous sentez-vous en sécurité à pied ?',
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
          label: 'Classez ces projets',
          required: true,
          min: 2,
          max: 3,
          options: [
            { id: 'pistes', label: 'Des pistes cyclables' },
            { id: 'bus', label: 'Des bus plus fréquents' },
            { id: 'trottoirs', label: 'Des trottoirs plus larges' },
          ],
        },
        { id: 'idee', section: 'avis', type: 'text', label: 'Une idée pour vos déplacements ?', required: false, min: 0, max: 200, multiline: true },
      ],
      profileQuestions: true,
      resultsVisibility: 'public',
      ...settings,
    },
    {
      privacyNotice: {
        purposes: ['Connaître vos besoins de déplacement', 'Statistiques de représentativité'],
        recipients: ['Ville de Montjoli (service Mobilités)'],
        retention: 'Jusqu’à la fin de conservation, puis supprimées',
      },
      ...overrides,
    },
  );
}

export function surveyResults(overrides: Partial<SurveyResults> = {}): SurveyResults {
  return {
    status: 'open',
    final: false,
    responses: 12,
    questions: [
      {
        id: 'mode',
        section: 'habitudes',
        type: 'single',
        label: 'Comment vous déplacez-vous le plus souvent ?',
        answered: 12,
        options: [
          { id: 'voiture', label: 'En voiture', count: 6, share: 0.5 },
          { id: 'bus', label: 'En bus', count: 3, share: 0.25 },
          { id: 'velo', label: 'À vélo', count: 2, share: 0.1667 },
          { id: 'marche', label: 'À pied', count: 1, share: 0.0833 },
        ],
      },
      {
        id: 'securite',
        section: 'velo',
        type: 'scale',
        label: 'Vous sentez-vous en sécurité à pied ?',
        answered: 10,
        distribution: [1, 2, 3, 4, 5].map((value) => ({ value, count: [1, 1, 2, 4, 2][value - 1] })),
        mean: 3.5,
        median: 4,
      },
      {
        id: 'priorites',
        section: 'avis',
        type: 'ranking',
        label: 'Classez ces projets',
        answered: 9,
        options: [
          { id: 'pistes', label: 'Des pistes cyclables', count: 9, share: 1, firstPreferences: 5, bordaPoints: 22 },
          { id: 'bus', label: 'Des bus plus fréquents', count: 8, share: 0.8889, firstPreferences: 3, bordaPoints: 17 },
          { id: 'trottoirs', label: 'Des trottoirs plus larges', count: 7, share: 0.7778, firstPreferences: 1, bordaPoints: 11 },
        ],
      },
      { id: 'idee', section: 'avis', type: 'text', label: 'Une idée pour vos déplacements ?', answered: 4 },
    ],
    ...overrides,
  };
}

export function serverDraft(answers: Record<string, unknown>, savedAt = new Date().toISOString(), profile: Record<string, unknown> | null = null): SurveyDraft {
  return { answers, profile, savedAt };
}

/** The routes a survey page reads: the survey and its results (when given). */
export function surveyRoutes(c: Consultation<SurveySettings>, results?: SurveyResults | MockRoute): Record<string, MockRoute> {
  const base = `consultations/${c.slug}`;
  return {
    [`GET ${base}`]: { body: c },
    ...(results ? { [`GET ${base}/survey-results`]: typeof results === 'object' && 'questions' in results ? { body: results } : results } : {}),
  };
}
