/**
 * Every state of `civ-vote`, on the real element against the mocked API: a poll before opening, open, voted,
 * changed, withdrawn, closed with its results, results kept until closing, staff results; approval and
 * ranking; participatory budgets (over the cap, with districts, results); an account required; refusals and a
 * network failure whose choice is kept; long French text and English.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import type { Consultation } from '../widgets/core/api-types.ts';
import { apiError, me, MOCK_TENANT, type MockAnswer, type MockRoute } from '../widgets/testing/mock-api.ts';
import {
  approvalVote,
  ballot,
  budgetResults,
  budgetVote,
  districtBudget,
  pollResults,
  rankingVote,
  singleVote,
  voteRoutes,
} from '../widgets/vote/vote.fixtures.ts';
import type { BudgetSettings, VoteSettings } from '../widgets/vote/vote-types.ts';
import '../widgets/vote/vote.ts';
import { embedProblem, mockedApi, shadow, withSession, type StorySetup } from './story-helpers.ts';

interface VoteArgs {
  /** The consultation's identifier. */
  consultation: string;
  /** The element's `lang` attribute; the page is French. */
  lang: 'fr' | 'en';
  /** Where to sign in, for consultations that need an account. */
  signInUrl: string;
  /** `no-header`: the page already shows the title and introduction. */
  noHeader: boolean;
  /** `heading-level`: the level of the widget's title (2 to 6). */
  headingLevel: number;
}

function voteElement({ consultation, lang, signInUrl, noHeader, headingLevel }: VoteArgs): HTMLElement {
  const element = document.createElement('civ-vote');
  element.setAttribute('consultation', consultation);
  element.setAttribute('lang', lang);
  if (signInUrl) element.setAttribute('sign-in-url', signInUrl);
  element.toggleAttribute('no-header', noHeader);
  if (headingLevel !== 2) element.setAttribute('heading-level', String(headingLevel));
  return element;
}

/** The widget in a story's canvas, to act on it from `play`. */
const vote = (canvas: HTMLElement) => shadow(canvas.querySelector<HTMLElement>('civ-vote')!);

/** A request that never gets an answer. */
const never = (): Promise<MockAnswer> => new Promise(() => {});

/** The mocked API for `c`, signed in (my ballot is read with the account), no vote counted yet unless said otherwise. */
function api(
  c: Consultation<unknown>,
  o: { ballot?: ReturnType<typeof ballot>; results?: ReturnType<typeof pollResults>; routes?: Record<string, MockRoute> } & StorySetup = {},
) {
  const results =
    o.results ??
    (c.kind === 'budget'
      ? budgetResults(c as Consultation<BudgetSettings>, {})
      : pollResults(
          c as Consultation<VoteSettings>,
          (c as Consultation<VoteSettings>).settings.options.map(() => 0),
        ));
  return mockedApi({ account: o.account ?? me(), stored: o.stored, routes: { ...voteRoutes(c, { ...o, results }), ...o.routes } });
}

const market = singleVote();
const marketResults = pollResults(market, [12, 31, 8, 24]);
const cast = (choice: string[], changed = false, overrides: Partial<ReturnType<typeof ballot>> = {}): MockRoute => ({
  status: changed ? 200 : 201,
  body: { ballot: ballot(choice, { castAt: '2027-03-05T10:00:00.000Z', updatedAt: '2027-03-05T10:00:00.000Z', ...overrides }), changed },
});

const meta = {
  title: 'Widgets/civ-vote',
  component: 'civ-vote',
  args: { consultation: 'vote-marche', lang: 'fr', signInUrl: '', noHeader: false, headingLevel: 2 },
  argTypes: { lang: { control: 'inline-radio', options: ['fr', 'en'] }, headingLevel: { control: { type: 'number', min: 2, max: 6 } } },
  render: (args) => withSession(voteElement(args)),
} satisfies Meta<VoteArgs>;

export default meta;
type Story = StoryObj<VoteArgs>;

// A poll

/** Open, no vote yet: a radio group, the provisional results below. */
export const Open: Story = {
  beforeEach: api(market, { results: marketResults }),
};

/**
 * Under the page's own `<h1>` and introduction (`no-header heading-level="2"`): no title repeated, the dates
 * stay, the form is named after the consultation, and the results heading is an `<h2>`.
 */
export const InsideThePageOutline: Story = {
  args: { noHeader: true, headingLevel: 2 },
  beforeEach: api(market, { results: marketResults }),
};

/** Not open yet: the options are shown, disabled, with the opening date. */
export const BeforeOpening: Story = {
  beforeEach: api(singleVote({ status: 'upcoming', opensAt: '2027-04-01T08:00:00.000Z' })),
};

/** The citizen already voted: their choice is shown, to change or withdraw. */
export const Voted: Story = {
  beforeEach: api(market, { ballot: ballot(['samedi']), results: marketResults }),
};

export const Changed: Story = {
  beforeEach: api(market, { ballot: ballot(['samedi']), results: marketResults, routes: { 'PUT consultations/vote-marche/ballot': cast(['mercredi'], true) } }),
  play: async ({ canvasElement }) => {
    const widget = vote(canvasElement);
    await widget.check('#vote-choice-mercredi');
    await widget.submit('vote');
    await widget.until('Votre vote est modifié.');
  },
};

/** "Retirer mon vote" asks first: confirm, or keep the vote. */
export const WithdrawConfirmation: Story = {
  beforeEach: api(market, { ballot: ballot(['samedi']), results: marketResults }),
  play: async ({ canvasElement }) => {
    const widget = vote(canvasElement);
    await widget.click('Retirer mon vote');
    await widget.until('Retirer votre vote ?');
  },
};

export const Withdrawn: Story = {
  beforeEach: api(market, { ballot: ballot(['samedi']), results: marketResults, routes: { 'DELETE consultations/vote-marche/ballot': { status: 204 } } }),
  play: async ({ canvasElement }) => {
    const widget = vote(canvasElement);
    await widget.click('Retirer mon vote');
    await widget.click('Oui, retirer mon vote');
    await widget.until('Votre vote est retiré.');
  },
};

/** Kept but not counted yet: many votes came from one connection. */
export const VoteAwaitingVerification: Story = {
  beforeEach: api(market, {
    results: marketResults,
    routes: { 'PUT consultations/vote-marche/ballot': cast(['vendredi'], false, { status: 'quarantined', counted: false }) },
  }),
  play: async ({ canvasElement }) => {
    const widget = vote(canvasElement);
    await widget.check('#vote-choice-vendredi');
    await widget.submit('vote');
    await widget.until('Il sera compté après vérification');
  },
};

const closed = singleVote({ status: 'closed', closesAt: '2027-02-28T18:00:00.000Z' });
export const ClosedWithResults: Story = {
  beforeEach: api(closed, { results: pollResults(closed, [12, 31, 8, 24]) }),
};

/** The consultation publishes its results when it closes. */
export const ResultsHiddenUntilClosing: Story = {
  beforeEach: api(singleVote({}, { resultsVisibility: 'after_close' })),
};

/** Staff read hidden results, and how many ballots await verification. */
export const StaffResults: Story = {
  beforeEach: (() => {
    const c = singleVote({}, { resultsVisibility: 'after_close' });
    return api(c, {
      account: me({ staffOf: [{ tenant: MOCK_TENANT, roles: ['admin'] }] }),
      results: pollResults(c, [12, 31, 8, 24], { quarantined: 7, rejected: 2 }),
    });
  })(),
};

// Other kinds of poll

const approval = approvalVote();
export const Approval: Story = {
  args: { consultation: 'jours-marche' },
  beforeEach: api(approval, { results: pollResults(approval, [20, 35, 12, 30], { ballots: 40 }) }),
  play: async ({ canvasElement }) => {
    const widget = vote(canvasElement);
    await widget.check('#vote-choice-mardi');
    await widget.check('#vote-choice-samedi');
  },
};

const ranking = rankingVote();
/** Ordered with buttons (no drag and drop): two options ranked, one left. */
export const Ranking: Story = {
  args: { consultation: 'priorites' },
  beforeEach: api(ranking, { results: pollResults(ranking, [14, 9, 6]) }),
  play: async ({ canvasElement }) => {
    const widget = vote(canvasElement);
    (await widget.waitFor<HTMLButtonElement>('#vote-choice-vendredi-add')).click();
    (await widget.waitFor<HTMLButtonElement>('#vote-choice-mardi-add')).click();
    await widget.waitFor('#vote-choice-mardi-up');
  },
};

// Participatory budgets

const budget = budgetVote();
export const Budget: Story = {
  args: { consultation: 'budget-2027' },
  beforeEach: api(budget, { results: budgetResults(budget, { fontaine: 14, arbres: 11, livres: 20, toilettes: 6 }) }),
  play: async ({ canvasElement }) => {
    const widget = vote(canvasElement);
    await widget.check('#vote-choice-arbres');
    await widget.check('#vote-choice-livres');
  },
};

/** A project that does not fit what is left: refused, the reason beside it. */
export const BudgetOverTheCap: Story = {
  args: { consultation: 'budget-2027' },
  beforeEach: api(budget),
  play: async ({ canvasElement }) => {
    const widget = vote(canvasElement);
    await widget.check('#vote-choice-fontaine');
    await widget.check('#vote-choice-arbres');
    (await widget.waitFor<HTMLInputElement>('#vote-choice-toilettes')).click();
    await widget.waitFor('#vote-choice-toilettes-note');
  },
};

/** Spending less than the minimum share: said on submit. */
export const BudgetUnderTheMinimum: Story = {
  args: { consultation: 'budget-2027' },
  beforeEach: api(budget),
  play: async ({ canvasElement }) => {
    const widget = vote(canvasElement);
    await widget.check('#vote-choice-livres');
    await widget.submit('vote');
    await widget.waitFor('#vote-choice-error');
  },
};

const districts = districtBudget();
/** One budget per district: the district first, then its projects. */
export const BudgetWithDistricts: Story = {
  args: { consultation: 'budget-quartiers' },
  beforeEach: api(districts),
  play: async ({ canvasElement }) => {
    const widget = vote(canvasElement);
    await widget.check('#vote-district-coteaux');
    await widget.check('#vote-choice-city-stade');
    await widget.check('#vote-choice-bancs');
  },
};

export const BudgetDistrictNotChosen: Story = {
  args: { consultation: 'budget-quartiers' },
  beforeEach: api(districts),
};

const closedBudget = districtBudget({ status: 'closed', closesAt: '2027-02-28T18:00:00.000Z' });
export const BudgetResults: Story = {
  args: { consultation: 'budget-quartiers' },
  beforeEach: api(closedBudget, {
    results: budgetResults(closedBudget, { fontaine: 48, arbres: 40, livres: 52, toilettes: 21, 'city-stade': 30, bancs: 25, escalier: 12 }),
  }),
};

/** Signed out on a consultation that needs an account: said, with the way to sign in; the projects can be read. */
export const AccountRequired: Story = {
  args: { consultation: 'budget-2027', signInUrl: '/mon-compte.html' },
  beforeEach: mockedApi({ routes: voteRoutes(budget, { results: budgetResults(budget, { livres: 3 }) }) }),
};

// Refusals and failures

/** "Voter" with no option chosen: "Choisissez une option", on the group, focused. */
export const NothingChosen: Story = {
  beforeEach: api(market, { results: marketResults }),
  play: async ({ canvasElement }) => {
    const widget = vote(canvasElement);
    await widget.submit('vote');
    await widget.until('Choisissez une option');
  },
};

export const ServerRefusal: Story = {
  beforeEach: api(market, { results: marketResults, routes: { 'PUT consultations/vote-marche/ballot': apiError(409, 'consultation_closed') } }),
  play: async ({ canvasElement }) => {
    const widget = vote(canvasElement);
    await widget.check('#vote-choice-mardi');
    await widget.submit('vote');
    await widget.until('Cette consultation est close.');
  },
};

export const RuleRefusal: Story = {
  args: { consultation: 'budget-2027' },
  beforeEach: api(budget, {
    routes: { 'PUT consultations/budget-2027/ballot': apiError(422, 'ballot_over_budget', [{ path: 'choice', message: 'Over budget' }]) },
  }),
  play: async ({ canvasElement }) => {
    const widget = vote(canvasElement);
    await widget.check('#vote-choice-fontaine');
    await widget.check('#vote-choice-arbres');
    await widget.submit('vote');
    await widget.waitFor('#vote-choice-error');
  },
};

/** No answer from the server: the choice is kept on this device and a retry offered. */
export const NetworkFailureDraftKept: Story = {
  beforeEach: api(market, { results: marketResults, routes: { 'PUT consultations/vote-marche/ballot': 'network-error' } }),
  play: async ({ canvasElement }) => {
    const widget = vote(canvasElement);
    await widget.check('#vote-choice-vendredi');
    await widget.submit('vote');
    await widget.until('Réessayer l’envoi');
  },
};

/** The page was reloaded after that failure: the choice is back, the retry offered. */
export const DraftRestoredAfterReload: Story = {
  beforeEach: api(market, {
    results: marketResults,
    stored: { 'draft:vote:vote-marche:acc-1': { values: { district: '', choice: 'vendredi' }, savedAt: Date.now(), failedAt: Date.now() } },
  }),
};

/** The consultation is still loading. */
export const Loading: Story = {
  tags: ['stays-busy'],
  beforeEach: mockedApi({ routes: { 'GET consultations/vote-marche': never } }),
};

// Text

const longText: Consultation<VoteSettings> = singleVote(
  {
    title: 'Quel jour de la semaine préférez-vous pour l’organisation du marché forain hebdomadaire du centre-ville historique de Montjoli ?',
    description:
      'Après la concertation menée avec l’association des commerçants non sédentaires, le conseil municipal propose de déplacer le marché. Votre avis compte : il sera présenté au conseil municipal avant toute décision définitive.',
  },
  {
    options: [
      {
        id: 'mardi',
        label: 'Le mardi matin, de huit heures à treize heures, place de la République et rue des Halles',
        description: 'Permet de libérer la place le samedi pour les manifestations culturelles et associatives organisées par la Ville.',
      },
      { id: 'samedi', label: 'Le samedi matin, comme aujourd’hui', description: 'Aucun changement pour les habitudes des habitants et des commerçants.' },
    ],
  },
);
export const LongFrenchText: Story = {
  beforeEach: api(longText, { results: pollResults(longText, [1234, 5678]) }),
};

export const English: Story = {
  args: { lang: 'en' },
  beforeEach: api(market, { ballot: ballot(['samedi']), results: marketResults }),
};

export const EnglishBudget: Story = {
  args: { lang: 'en', consultation: 'budget-quartiers' },
  beforeEach: api(districts),
  play: async ({ canvasElement }) => {
    const widget = vote(canvasElement);
    await widget.check('#vote-district-centre');
    await widget.check('#vote-choice-fontaine');
  },
};

// A misconfigured embed

/** The snippet without `data-tenant`. */
export const WithoutTenant: Story = {
  tags: ['embed-problem:missing_tenant'],
  beforeEach: api(market),
  render: (args) => withSession(voteElement(args), null),
};

/** The site is not among the collectivité's allowed origins. */
export const OriginNotAllowed: Story = {
  tags: ['embed-problem:origin_not_allowed'],
  beforeEach: embedProblem('origin_not_allowed', { routes: voteRoutes(market, { results: marketResults }) }),
};

export const TenantNotFound: Story = {
  tags: ['embed-problem:tenant_not_found'],
  beforeEach: embedProblem('tenant_not_found', { routes: voteRoutes(market, { results: marketResults }) }),
};

/** The API does not answer at all (after the client's own retries): a retry button. */
export const ApiUnreachable: Story = {
  tags: ['embed-problem:network_error'],
  beforeEach: embedProblem('network_error', { routes: voteRoutes(market, { results: marketResults }) }),
  play: async ({ canvasElement }) => {
    await vote(canvasElement).until('Le service de participation ne répond pas');
  },
};

/** The API answers with a server error: a retry button. */
export const ApiUnavailable: Story = {
  tags: ['embed-problem:unavailable'],
  beforeEach: embedProblem('unavailable', { routes: voteRoutes(market, { results: marketResults }) }),
  play: async ({ canvasElement }) => {
    await vote(canvasElement).until('momentanément indisponible');
  },
};
