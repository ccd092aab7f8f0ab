/**
 * Every screen and state of `civ-staff-console`, on the real element against the mocked API: sign-in (and back to
 * it when the session expired), an account that is not staff, the consultations of an admin and of a moderator,
 * the generated budget form and its live preview, a server refusal on its field, the snippet, quarantine clusters and the effect of
 * accepting one, results and representativeness, the team and the audit log, the moderation queue, the official
 * answers (list, a refused draft, a bulk publication), the data-rights ledger, English.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import {
  auditPage,
  budgetResults,
  clusterPreview,
  consultationsList,
  editorSchemas,
  moderationQueue,
  quarantineClusters,
  releaseManifest,
  retentionAhead,
  rightsLedger,
  staffList,
  staffProposal,
  staffProposals,
  statistics,
  surveyResults,
} from '../widgets/console/console.fixtures.ts';
import '../widgets/console/console.ts';
import { apiError, me, MOCK_TENANT, type MockRoute } from '../widgets/testing/mock-api.ts';
import { embedProblem, mockedApi, shadow, withSession, type StorySetup } from './story-helpers.ts';

interface ConsoleArgs {
  /** The element's `lang` attribute; the page is French. */
  lang: 'fr' | 'en';
}

const admin = me({ email: 'agent@montjoli.fr', staffOf: [{ tenant: MOCK_TENANT, roles: ['admin'] }] });
const moderator = me({ email: 'modo@montjoli.fr', staffOf: [{ tenant: MOCK_TENANT, roles: ['moderator'] }] });
const answerer = me({ email: 'elu@montjoli.fr', staffOf: [{ tenant: MOCK_TENANT, roles: ['answerer'] }] });

/** What a signed-in console reads, as the API answers it. */
const routes: Record<string, MockRoute> = {
  'GET consultations': { body: consultationsList },
  'GET consultations/budget-2027/results': { body: budgetResults },
  'GET consultations/avis-mobilite/survey-results': { body: surveyResults },
  'GET consultations/budget-2027/statistics': { body: statistics },
  'GET consultations/budget-2027/quarantine/clusters': { body: quarantineClusters },
  'POST consultations/budget-2027/quarantine/clusters/c7f3a91e02bd/preview': { body: clusterPreview },
  'GET staff': { body: staffList },
  'GET origins': { body: { allowedOrigins: ['https://www.montjoli.fr'], staffOrigins: ['https://intranet.montjoli.fr'] } },
  'GET audit-events': { body: auditPage },
  'GET moderation/queue': { body: moderationQueue },
  'GET consultations/idees-centre-ville/proposals/staff': { body: staffProposals },
  'GET rights-requests': { body: rightsLedger },
  'GET retention-ends': { body: retentionAhead },
  'GET /v1/openapi.json': { body: { components: { schemas: editorSchemas } } },
  'GET /widgets/v1/manifest.json': { body: releaseManifest },
};

const signedIn = (account = admin, setup: StorySetup = {}) => mockedApi({ account, ...setup, routes: { ...routes, ...setup.routes } });

/** The console in a story's canvas, to act on it from `play`. */
const staffConsole = (canvas: HTMLElement) => shadow(canvas.querySelector<HTMLElement>('civ-staff-console')!);

const meta: Meta<ConsoleArgs> = {
  title: 'Widgets/civ-staff-console',
  component: 'civ-staff-console',
  args: { lang: 'fr' },
  argTypes: { lang: { control: 'inline-radio', options: ['fr', 'en'] } },
  render: ({ lang }) => {
    const element = document.createElement('civ-staff-console');
    element.setAttribute('lang', lang);
    return withSession(element);
  },
};
export default meta;
type Story = StoryObj<ConsoleArgs>;

export const SignIn: Story = { beforeEach: mockedApi() };

/** A wrong password: the answer lands on the password field, announced. */
export const SignInRefused: Story = {
  beforeEach: mockedApi({ routes: { 'POST auth/sign-in': apiError(401, 'invalid_credentials') } }),
  play: async ({ canvasElement }) => {
    const widget = staffConsole(canvasElement);
    await widget.fill('#staff-sign-in-email', 'agent@montjoli.fr');
    await widget.fill('#staff-sign-in-password', 'pas le bon');
    await widget.submit('staff-sign-in');
    await widget.waitFor('#staff-sign-in-password-error');
  },
};

/** Signed in with an account that holds no role in this collectivité. */
export const NotStaff: Story = { beforeEach: mockedApi({ account: me(), routes }) };

export const Consultations: Story = { beforeEach: signedIn() };

/** A moderator reads the list and takes snippets; creating, closing and deleting are for admins. */
export const ConsultationsAsModerator: Story = { beforeEach: signedIn(moderator) };

/** The budget form, generated from the budget's settings schema, with one project. */
export const NewBudgetConsultation: Story = {
  beforeEach: signedIn(),
  play: async ({ canvasElement }) => {
    const widget = staffConsole(canvasElement);
    await widget.click('Créer une consultation');
    await widget.waitFor('#cf-settings');
    await widget.fill('#cf-kind', 'budget');
    await widget.click('Ajouter : Projets');
    await widget.fill('#cf-settings-projects-0-title', 'Un parc pour le Val Fleuri');
  },
};

/** The server refuses an option without a label: the message is on that generated field. */
export const ConsultationRefused: Story = {
  beforeEach: signedIn(admin, {
    routes: { 'POST consultations': apiError(400, 'validation_failed', [{ path: 'settings.options.0.label', message: 'Too small' }]) },
  }),
  play: async ({ canvasElement }) => {
    const widget = staffConsole(canvasElement);
    await widget.click('Créer une consultation');
    await widget.waitFor('#cf-settings-options');
    await widget.fill('#cf-slug', 'fete-2027');
    await widget.fill('#cf-title', 'Date de la fête');
    await widget.click('Ajouter : Options');
    await widget.submit('consultation-editor');
    await widget.waitFor('#cf-settings-options-0-label-error');
  },
};

/** The snippet to paste, pinned to the release with its integrity hash. */
export const Snippet: Story = {
  beforeEach: signedIn(),
  play: async ({ canvasElement }) => {
    const widget = staffConsole(canvasElement);
    await widget.click('Code à coller : Budget participatif 2027');
    await widget.waitFor('#snippet-code');
  },
};

/** Quarantined ballots by network cluster, and the effect of accepting one before deciding. */
export const QuarantineReview: Story = {
  beforeEach: signedIn(moderator),
  play: async ({ canvasElement }) => {
    const widget = staffConsole(canvasElement);
    await widget.click('Vérifications');
    await widget.click('Accepter le groupe c7f3a91e02bd');
    await widget.waitFor('#preview-title');
  },
};

export const ResultsAndStatistics: Story = {
  beforeEach: signedIn(moderator),
  play: async ({ canvasElement }) => {
    const widget = staffConsole(canvasElement);
    await widget.click('Résultats et statistiques');
    await widget.waitFor('#district-0');
  },
};

export const Team: Story = {
  beforeEach: signedIn(),
  play: async ({ canvasElement }) => {
    const widget = staffConsole(canvasElement);
    await widget.click('Équipe et journal');
    await widget.waitFor('#roles-acc-2-moderator');
  },
};

export const Moderation: Story = {
  beforeEach: signedIn(moderator),
  play: async ({ canvasElement }) => {
    const widget = staffConsole(canvasElement);
    await widget.click('Modération');
    await widget.waitFor('#moderation-caption');
  },
};

/** Official answers: each proposal's published answer, its draft, and how its author is (or was) told. */
export const Answers: Story = {
  beforeEach: signedIn(answerer),
  play: async ({ canvasElement }) => {
    await staffConsole(canvasElement).waitFor('#answers-caption');
  },
};

/** The citizens' widget previewed from the form being filled in (inert, sending nothing). */
export const ConsultationPreview: Story = {
  beforeEach: signedIn(),
  play: async ({ canvasElement }) => {
    const widget = staffConsole(canvasElement);
    await widget.click('Créer une consultation');
    await widget.fill('#cf-title', 'Date de la fête');
    await widget.click('Ajouter : Options');
    await widget.click('Ajouter : Options');
    await widget.fill('#cf-settings-options-0-id', 'samedi');
    await widget.fill('#cf-settings-options-0-label', 'Samedi');
    await widget.fill('#cf-settings-options-1-id', 'dimanche');
    await widget.fill('#cf-settings-options-1-label', 'Dimanche');
    await widget.click('Afficher l’aperçu');
    await widget.waitFor('#citizen-preview civ-vote');
  },
};

/** An answer being written, refused by the server on its text: the message on the field, what was typed kept. */
export const AnswerRefused: Story = {
  beforeEach: signedIn(answerer, {
    routes: {
      'PUT consultations/idees-centre-ville/proposals/p-banc/answer': apiError(400, 'validation_failed', [
        { path: 'text', message: 'Too big: expected string to have <=10000 characters' },
      ]),
    },
  }),
  play: async ({ canvasElement }) => {
    const widget = staffConsole(canvasElement);
    await widget.click('Modifier le brouillon : Des bancs place du marché');
    await widget.submit('answer');
    await widget.waitFor('#answer-text-error');
  },
};

/** Drafts chosen and published together: the answer says how many mails were queued. */
export const AnswersPublished: Story = {
  beforeEach: signedIn(answerer, {
    routes: {
      'POST consultations/idees-centre-ville/answers/publication': { body: { published: ['p-banc', 'p-arbres'], mails: 1 } },
      'PUT consultations/idees-centre-ville/proposals/p-banc/answer': { body: staffProposal('p-banc', 'Des bancs place du marché') },
    },
  }),
  play: async ({ canvasElement }) => {
    const widget = staffConsole(canvasElement);
    await widget.click('Choisir les 2 brouillons');
    await widget.click('Publier 2 brouillons choisis');
  },
};

/** The data-rights ledger (one request overdue) and the retention ends ahead. */
export const RightsLedger: Story = {
  beforeEach: signedIn(),
  play: async ({ canvasElement }) => {
    const widget = staffConsole(canvasElement);
    await widget.click('Droits et conservation');
    await widget.waitFor('#retention-caption');
  },
};

export const English: Story = { args: { lang: 'en' }, beforeEach: signedIn() };

/** The API cannot be reached: a polite message and a retry, never a blank box. */
export const NetworkError: Story = { tags: ['embed-problem:network_error'], beforeEach: embedProblem('network_error') };
