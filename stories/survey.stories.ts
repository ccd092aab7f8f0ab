/**
 * Every state of `civ-survey`, on the real element against the mocked API: the first section, a condition
 * hidden and shown, answers resumed from this browser or from the account, the optional profile questions,
 * errors, the answers sent, a network failure whose answers are kept, results, an account required, before
 * opening, long French text and English.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { mobilitySurvey, serverDraft, surveyResults, surveyRoutes } from '../widgets/survey/survey.fixtures.ts';
import { me, type MockAnswer, type MockRoute } from '../widgets/testing/mock-api.ts';
import '../widgets/survey/survey.ts';
import { embedProblem, mockedApi, shadow, withSession } from './story-helpers.ts';

interface SurveyArgs {
  /** The consultation's identifier. */
  consultation: string;
  /** The element's `lang` attribute; the page is French. */
  lang: 'fr' | 'en';
  /** Where to sign in, for surveys that need an account. */
  signInUrl: string;
  /** `no-header`: the page already shows the title and introduction. */
  noHeader: boolean;
  /** `heading-level`: the level of the widget's title (2 to 6). */
  headingLevel: number;
}

function surveyElement({ consultation, lang, signInUrl, noHeader, headingLevel }: SurveyArgs): HTMLElement {
  const element = document.createElement('civ-survey');
  element.setAttribute('consultation', consultation);
  element.setAttribute('lang', lang);
  if (signInUrl) element.setAttribute('sign-in-url', signInUrl);
  element.toggleAttribute('no-header', noHeader);
  if (headingLevel !== 2) element.setAttribute('heading-level', String(headingLevel));
  return element;
}

/** The widget in a story's canvas, to act on it from `play`. */
const survey = (canvas: HTMLElement) => shadow(canvas.querySelector<HTMLElement>('civ-survey')!);

const never = (): Promise<MockAnswer> => new Promise(() => {});

const mobility = mobilitySurvey();
const routes = (extra: Record<string, MockRoute> = {}) => ({ ...surveyRoutes(mobility, surveyResults()), ...extra });
/** The answers of the first three sections, as this browser keeps them, and the section shown. */
const answered = (section: number, extra: Record<string, string> = {}) => ({
  'draft:survey:avis-mobilite': {
    values: {
      _section: String(section),
      mode: 'velo',
      motifs: 'travail loisirs',
      distance: '4,5',
      'velo-usage': 'oui',
      securite: '4',
      priorites: 'pistes bus',
      ...extra,
    },
    savedAt: Date.parse('2027-03-04T18:20:00.000Z'),
  },
});
const recorded = (counted = true): MockRoute => ({
  status: 201,
  body: {
    response: { status: counted ? 'accepted' : 'quarantined', counted, submittedAt: '2027-03-05T10:00:00.000Z', updatedAt: '2027-03-05T10:00:00.000Z' },
    replaced: false,
  },
});

const meta = {
  title: 'Widgets/civ-survey',
  component: 'civ-survey',
  args: { consultation: 'avis-mobilite', lang: 'fr', signInUrl: '', noHeader: false, headingLevel: 2 },
  argTypes: { lang: { control: 'inline-radio', options: ['fr', 'en'] }, headingLevel: { control: { type: 'number', min: 2, max: 6 } } },
  render: (args) => withSession(surveyElement(args)),
} satisfies Meta<SurveyArgs>;

export default meta;
type Story = StoryObj<SurveyArgs>;

/** Section 1 of 4: single choice, multiple choice with a maximum, a number with bounds and a unit; provisional results folded below ("Voir les résultats provisoires"). */
export const FirstSection: Story = {
  beforeEach: mockedApi({ routes: routes() }),
};

/**
 * Under the page's own `<h1>` and introduction (`no-header heading-level="2"`): no title repeated, the dates
 * stay, the form is named after the survey, and each section's title is an `<h2>`.
 */
export const InsideThePageOutline: Story = {
  args: { noHeader: true, headingLevel: 2 },
  beforeEach: mockedApi({ routes: routes() }),
};

/** "Faites-vous du vélo ?" not answered "Non": the follow-up question stays hidden. */
export const ConditionHidden: Story = {
  beforeEach: mockedApi({ routes: routes(), stored: answered(1) }),
};

/** Answered "Non": the follow-up question appears, required, and is announced. */
export const ConditionShown: Story = {
  beforeEach: mockedApi({ routes: routes(), stored: answered(1) }),
  play: async ({ canvasElement }) => {
    const widget = survey(canvasElement);
    await widget.check('#survey-velo-usage-non');
    await widget.waitFor('#survey-velo-freins');
  },
};

/** Back after a reload: the answers kept in this browser, at the section left. */
export const Resumed: Story = {
  beforeEach: mockedApi({ routes: routes(), stored: answered(2, { idee: 'Un parking à vélos devant la médiathèque' }) }),
};

/** Signed in, answers begun on another device: resumed from the account, and said so. */
export const ResumedFromAccount: Story = {
  beforeEach: mockedApi({
    account: me(),
    routes: routes({
      'GET consultations/avis-mobilite/response-draft': {
        body: { draft: serverDraft({ mode: 'bus', motifs: ['courses'], distance: 12 }, '2027-03-04T18:20:00.000Z') },
      },
      'PUT consultations/avis-mobilite/response-draft': { body: { draft: serverDraft({}, '2027-03-05T10:00:00.000Z') } },
    }),
  }),
};

/** The optional profile questions, with the offer to fill them from the account. */
export const ProfileQuestions: Story = {
  beforeEach: mockedApi({
    account: me({}, { birthYear: 1984, gender: 'female', city: 'Montjoli', quartier: 'Les Coteaux', pcsGroup: 4 }),
    stored: { 'draft:survey:avis-mobilite:acc-1': answered(3)['draft:survey:avis-mobilite'] },
    routes: routes({ 'GET consultations/avis-mobilite/response-draft': { body: { draft: null } } }),
  }),
};

export const ProfileFilledFromAccount: Story = {
  ...ProfileQuestions,
  play: async ({ canvasElement }) => {
    const widget = survey(canvasElement);
    await widget.click('Reprendre les informations de mon compte');
    await widget.waitFor('#survey-_gender-female:checked');
  },
};

/** "Section suivante" without the required answer: the error on the question, focused. */
export const RequiredMissing: Story = {
  beforeEach: mockedApi({ routes: routes() }),
  play: async ({ canvasElement }) => {
    const widget = survey(canvasElement);
    await widget.submit('survey');
    await widget.waitFor('#survey-mode-error');
  },
};

export const OutOfBounds: Story = {
  beforeEach: mockedApi({ routes: routes() }),
  play: async ({ canvasElement }) => {
    const widget = survey(canvasElement);
    await widget.check('#survey-mode-voiture');
    await widget.fill('#survey-distance', '400');
    await widget.submit('survey');
    await widget.waitFor('#survey-distance-error');
  },
};

/** A third answer where two at most are allowed: refused, and said on the question. */
export const MaximumAnswers: Story = {
  beforeEach: mockedApi({ routes: routes() }),
  play: async ({ canvasElement }) => {
    const widget = survey(canvasElement);
    (await widget.waitFor('#survey-motifs-travail')).click();
    (await widget.waitFor('#survey-motifs-courses')).click();
    (await widget.waitFor('#survey-motifs-loisirs')).click();
    await widget.waitFor('#survey-motifs-error');
  },
};

/** The section with a ranking: options added with buttons, their order shown, moved up and down. */
export const RankingSection: Story = {
  beforeEach: mockedApi({ routes: routes(), stored: answered(2, { priorites: '' }) }),
  play: async ({ canvasElement }) => {
    const widget = survey(canvasElement);
    (await widget.waitFor<HTMLButtonElement>('#survey-priorites-bus-add')).click();
    (await widget.waitFor<HTMLButtonElement>('#survey-priorites-pistes-add')).click();
    await widget.waitFor('#survey-priorites-pistes-up');
  },
};

/** Sent: thanks, and the results where the survey publishes them. */
export const Submitted: Story = {
  beforeEach: mockedApi({ routes: routes({ 'PUT consultations/avis-mobilite/response': recorded() }), stored: answered(3) }),
  play: async ({ canvasElement }) => {
    const widget = survey(canvasElement);
    await widget.submit('survey');
    await widget.until('Merci ! Vos réponses sont enregistrées.');
  },
};

/** No answer from the server: the answers stay on this device, a retry is offered. */
export const NetworkFailureDraftKept: Story = {
  beforeEach: mockedApi({ routes: routes({ 'PUT consultations/avis-mobilite/response': 'network-error' }), stored: answered(3) }),
  play: async ({ canvasElement }) => {
    const widget = survey(canvasElement);
    await widget.submit('survey');
    await widget.until('Réessayer l’envoi');
  },
};

const closed = mobilitySurvey({ status: 'closed', closesAt: '2027-02-28T18:00:00.000Z' });
export const ClosedWithResults: Story = {
  beforeEach: mockedApi({ routes: surveyRoutes(closed, surveyResults({ status: 'closed', final: true })) }),
};

/** Staff read the free-text answers and what awaits verification. */
export const StaffResults: Story = {
  beforeEach: mockedApi({
    account: me({ staffOf: [{ tenant: 'montjoli', roles: ['admin'] }] }),
    routes: surveyRoutes(
      closed,
      surveyResults({
        status: 'closed',
        final: true,
        quarantined: 3,
        questions: [
          ...surveyResults().questions.slice(0, 3),
          {
            id: 'idee',
            section: 'avis',
            type: 'text',
            label: 'Une idée pour vos déplacements ?',
            answered: 2,
            textAnswers: ['Plus de bancs', 'Un bus le dimanche'],
          },
        ],
      }),
    ),
  }),
};

export const BeforeOpening: Story = {
  beforeEach: mockedApi({ routes: surveyRoutes(mobilitySurvey({ status: 'upcoming', opensAt: '2027-04-01T08:00:00.000Z' })) }),
};

export const AccountRequired: Story = {
  args: { signInUrl: '/mon-compte.html' },
  beforeEach: mockedApi({ routes: surveyRoutes(mobilitySurvey({ allowAnonymous: false }, { resultsVisibility: 'after_close' })) }),
};

export const Loading: Story = {
  tags: ['stays-busy'],
  beforeEach: mockedApi({ routes: { 'GET consultations/avis-mobilite': never } }),
};

export const LongFrenchText: Story = {
  beforeEach: mockedApi({
    routes: surveyRoutes(
      mobilitySurvey({
        title: 'Enquête sur les déplacements quotidiens des habitantes et des habitants de Montjoli et de son agglomération',
        description:
          'Cette enquête prépare le plan de mobilité 2028. Elle prend une dizaine de minutes. Vos réponses restent anonymes si vous répondez sans compte : elles servent uniquement à établir des statistiques.',
      }),
    ),
  }),
};

export const English: Story = {
  args: { lang: 'en' },
  beforeEach: mockedApi({ routes: routes(), stored: answered(1) }),
};

// A misconfigured embed

/** The snippet without `data-tenant`. */
export const WithoutTenant: Story = {
  tags: ['embed-problem:missing_tenant'],
  beforeEach: mockedApi({ routes: routes() }),
  render: (args) => withSession(surveyElement(args), null),
};

/** The site is not among the collectivité's allowed origins. */
export const OriginNotAllowed: Story = {
  tags: ['embed-problem:origin_not_allowed'],
  beforeEach: embedProblem('origin_not_allowed', { routes: routes() }),
};

export const TenantNotFound: Story = {
  tags: ['embed-problem:tenant_not_found'],
  beforeEach: embedProblem('tenant_not_found', { routes: routes() }),
};

/** The API does not answer at all (after the client's own retries): a retry button. */
export const ApiUnreachable: Story = {
  tags: ['embed-problem:network_error'],
  beforeEach: embedProblem('network_error', { routes: routes() }),
  play: async ({ canvasElement }) => {
    await survey(canvasElement).until('Le service de participation ne répond pas');
  },
};

/** The API answers with a server error: a retry button. */
export const ApiUnavailable: Story = {
  tags: ['embed-problem:unavailable'],
  beforeEach: embedProblem('unavailable', { routes: routes() }),
  play: async ({ canvasElement }) => {
    await survey(canvasElement).until('momentanément indisponible');
  },
};
