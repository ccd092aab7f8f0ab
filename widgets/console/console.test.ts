import { expect, waitUntil } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import { html } from 'lit';
import type { Consultation } from '../core/api-types.ts';
import { mountWithSession } from '../testing/fixtures.ts';
import { apiError, issuedSession, me, mockApi, MOCK_TENANT, type MockApi, type MockRoute } from '../testing/mock-api.ts';
import type { CivStaffConsole } from './console.element.ts';
import { editorSchemas, proposalsConsultation, retentionAhead, rightsLedger, staffProposal, staffProposals } from './console.fixtures.ts';
import './console.ts';

const TOKEN_KEY = `civique:${MOCK_TENANT}:token`;
const $ = <T extends Element = HTMLElement>(element: CivStaffConsole, selector: string) => element.shadowRoot!.querySelector<T>(selector);
const text = (element: CivStaffConsole) => element.shadowRoot!.textContent!.replace(/\s+/g, ' ');
const button = (element: CivStaffConsole, label: string | RegExp, within = element.shadowRoot!) =>
  [...within.querySelectorAll('button')].find((b) => {
    const content = b.textContent!.replace(/\s+/g, ' ').trim();
    return typeof label === 'string' ? content === label : label.test(content);
  })!;
const liveRegion = (element: CivStaffConsole) => $(element, '[role="status"][aria-live="polite"]')!.textContent!;
const focused = (element: CivStaffConsole) => element.shadowRoot!.activeElement as HTMLElement | null;
const until = (check: () => unknown, message?: string) => waitUntil(() => Boolean(check()), message, { timeout: 4000 });

async function type(element: CivStaffConsole, selector: string, value: string) {
  const input = $<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(element, selector);
  if (!input) throw new Error(`no ${selector}`);
  input.value = value;
  input.dispatchEvent(new Event(input instanceof HTMLSelectElement || input.type === 'datetime-local' ? 'change' : 'input', { bubbles: true }));
  await element.updateComplete;
}

const admin = me({ email: 'agent@montjoli.fr', staffOf: [{ tenant: MOCK_TENANT, roles: ['admin'] }] });
const moderator = me({ email: 'modo@montjoli.fr', staffOf: [{ tenant: MOCK_TENANT, roles: ['moderator'] }] });
const answerer = me({ email: 'elu@montjoli.fr', staffOf: [{ tenant: MOCK_TENANT, roles: ['answerer'] }] });

function consultation(overrides: Partial<Consultation> = {}): Consultation {
  return {
    slug: 'budget-2027',
    kind: 'budget',
    title: 'Budget participatif 2027',
    description: '',
    status: 'open',
    opensAt: '2027-03-01T08:00:00.000Z',
    closesAt: '2027-04-01T08:00:00.000Z',
    retentionEnd: '2027-10-01T08:00:00.000Z',
    privacyNotice: { purposes: ['Compter les votes'], recipients: ['La mairie'], retention: '6 mois' },
    allowAnonymous: false,
    requireVerifiedEmail: false,
    settings: {},
    ...overrides,
  };
}

/** The routes a signed-in console reads: its list, each count, the OpenAPI schemas, the release's manifest. */
function consoleRoutes(extra: Record<string, MockRoute> = {}): Record<string, MockRoute> {
  return {
    'GET consultations': {
      body: { consultations: [consultation(), consultation({ slug: 'avis-mobilite', kind: 'survey', title: 'Avis mobilité', status: 'upcoming' })] },
    },
    'GET consultations/budget-2027/results': {
      body: { kind: 'budget', mode: 'budget', status: 'open', final: false, ballots: 42, quarantined: 7, rejected: 0, method: 'm', options: [] },
    },
    'GET consultations/avis-mobilite/survey-results': { body: { status: 'upcoming', final: false, responses: 0, quarantined: 0, method: 'm', questions: [] } },
    'GET /v1/openapi.json': { body: { components: { schemas: editorSchemas } } },
    'GET /widgets/v1/manifest.json': {
      body: {
        release: '0.1.0-abcdef0123',
        alias: 'v1',
        entries: { 'civique.js': { integrity: 'sha384-TESTHASH', bytes: 1, page: ['civique.js'] } },
        elements: {},
      },
    },
    ...extra,
  };
}

async function signedIn(account = admin, extra: Record<string, MockRoute> = {}, shown = 'table') {
  sessionStorage.setItem(TOKEN_KEY, issuedSession().token);
  api = mockApi({ 'GET me': { body: account }, ...consoleRoutes(extra) });
  const mounted = await mountWithSession<CivStaffConsole>(html`<civ-staff-console></civ-staff-console>`);
  await until(() => $(mounted.element, shown), 'the first screen shows');
  return mounted;
}

let api: MockApi;
afterEach(async () => {
  api?.restore();
  localStorage.clear();
  sessionStorage.clear();
  document.documentElement.lang = '';
  await setViewport({ width: 800, height: 600 });
});

describe('civ-staff-console', () => {
  it('signs a staff member in (never remembered), then shows the consultations with their counts, focus on the title', async () => {
    api = mockApi({ 'POST auth/sign-in': { body: issuedSession(admin) }, ...consoleRoutes() });
    const { element } = await mountWithSession<CivStaffConsole>(html`<civ-staff-console></civ-staff-console>`);
    expect($(element, 'h1')!.textContent).to.equal('Connexion des agents');
    await expect(element).to.be.accessible();
    await type(element, '#staff-sign-in-email', 'agent@montjoli.fr');
    await type(element, '#staff-sign-in-password', 'Le chat de Montjoli dort 3 fois');
    $<HTMLFormElement>(element, 'form#staff-sign-in')!.requestSubmit();
    await until(() => $(element, 'tr[data-slug="budget-2027"]'));
    expect(api.last('POST auth/sign-in')!.body).to.deep.equal({ email: 'agent@montjoli.fr', password: 'Le chat de Montjoli dort 3 fois', remember: false });
    expect(sessionStorage.getItem(TOKEN_KEY)).to.equal(issuedSession().token);
    expect(localStorage.getItem(TOKEN_KEY)).to.equal(null);
    expect($(element, 'h1')!.textContent).to.equal('Consultations');
    await until(() => focused(element)?.id === 'screen-title', 'focus on the screen title');
    await until(() => $(element, 'tr[data-slug="budget-2027"]')!.textContent!.includes('42 comptées'));
    expect($(element, 'tr[data-slug="budget-2027"]')!.textContent).to.include('7 en attente de vérification');
    expect($(element, 'tr[data-slug="budget-2027"]')!.textContent).to.include('Ouverte');
    await expect(element).to.be.accessible();
  });

  it('tells a signed-in account without roles here that it is not staff, and shows nothing else', async () => {
    sessionStorage.setItem(TOKEN_KEY, issuedSession().token);
    api = mockApi({ 'GET me': { body: me() }, ...consoleRoutes() });
    const { element } = await mountWithSession<CivStaffConsole>(html`<civ-staff-console></civ-staff-console>`);
    await until(() => text(element).includes('n’est pas agent de Ville de Montjoli'));
    expect($(element, 'nav')).to.equal(null);
    expect(api.sent('GET consultations')).to.have.length(0);
  });

  it('gives a moderator the screens and actions of their role only', async () => {
    const { element } = await signedIn(moderator);
    // Booleans: a failing comparison with an element would have chai print the whole element.
    expect(Boolean(button(element, 'Créer une consultation'))).to.equal(false);
    expect(Boolean(button(element, /^Supprimer/))).to.equal(false);
    expect(Boolean(button(element, /^Code à coller/)), 'the snippet is for every role').to.equal(true);
    expect([...element.shadowRoot!.querySelectorAll('nav button')].map((b) => b.textContent!.trim())).to.deep.equal([
      'Consultations',
      'Vérifications',
      'Résultats et statistiques',
      'Modération',
    ]);
  });

  it('opens the official answers screen only to an answerer', async () => {
    sessionStorage.setItem(TOKEN_KEY, issuedSession().token);
    api = mockApi({
      'GET me': { body: answerer },
      ...consoleRoutes({
        'GET consultations': { body: { consultations: [consultation(), proposalsConsultation as Consultation] } },
        'GET consultations/idees-centre-ville/proposals/staff': { body: staffProposals },
      }),
    });
    const { element } = await mountWithSession<CivStaffConsole>(html`<civ-staff-console></civ-staff-console>`);
    await until(() => $(element, '#answers-caption'));
    expect([...element.shadowRoot!.querySelectorAll('nav button')].map((b) => b.textContent!.trim())).to.deep.equal(['Réponses officielles']);
    expect(api.sent('GET consultations/budget-2027/results')).to.have.length(0);
  });

  it('answers proposals: each with its published answer, draft and how its author is told; a draft written, its errors announced', async () => {
    const saved = staffProposal('p-fontaine', 'Rallumer la fontaine', {
      notification: 'none',
      draftAnswer: { status: 'refused', text: 'Le réseau d’eau ne le permet pas.', answeringBody: 'Conseil municipal', updatedAt: '2027-03-10T09:00:00.000Z' },
    });
    let refuse = true;
    const { element } = await signedIn(
      answerer,
      {
        'GET consultations': { body: { consultations: [consultation(), proposalsConsultation as Consultation] } },
        'GET consultations/idees-centre-ville/proposals/staff': { body: staffProposals },
        'PUT consultations/idees-centre-ville/proposals/p-fontaine/answer': () =>
          refuse ? apiError(400, 'validation_failed', [{ path: 'text', message: 'Too big: expected string to have <=10000 characters' }]) : { body: saved },
      },
      '#answers-caption',
    );
    expect(api.last('GET consultations/idees-centre-ville/proposals/staff')!.search).to.equal('?limit=100');
    const row = (id: string) => $(element, `tr[data-proposal="${id}"]`)!.textContent!.replace(/\s+/g, ' ');
    expect(row('p-banc')).to.include('Pas encore de réponse').and.include('Acceptée').and.include('Prévenu par e-mail à la publication');
    expect(row('p-arbres')).to.include('Adresse en attente de confirmation');
    expect(row('p-piste')).to.include('À l’étude').and.include('Commission mobilités').and.include('E-mail envoyé');
    expect(row('p-parking')).to.include('Refusée').and.include('Échec de l’envoi de l’e-mail');
    expect(row('p-fontaine')).to.include('Pas d’adresse : l’auteur ne sera pas prévenu');
    expect($(element, '#pick-p-piste'), 'only drafts are published').to.equal(null);
    await expect(element).to.be.accessible();

    button(element, 'Rédiger la réponse : Rallumer la fontaine').click();
    await until(() => focused(element)?.id === 'answer-title');
    $<HTMLFormElement>(element, 'form#answer')!.requestSubmit();
    await until(() => $(element, '#answer-answeringBody-error'));
    expect(liveRegion(element)).to.include('3 champs sont à corriger.');
    expect(api.sent('PUT consultations/idees-centre-ville/proposals/p-fontaine/answer')).to.have.length(0);
    await until(() => focused(element)?.id === 'answer-answeringBody');

    await type(element, '#answer-answeringBody', 'Conseil municipal');
    await type(element, '#answer-status', 'refused');
    await type(element, '#answer-text', 'Le réseau d’eau ne le permet pas.');
    $<HTMLFormElement>(element, 'form#answer')!.requestSubmit();
    await until(() => $(element, '#answer-text-error'));
    await until(() => focused(element)?.id === 'answer-text');
    expect(liveRegion(element)).to.include('Un champ est à corriger.');
    expect($<HTMLTextAreaElement>(element, '#answer-text')!.getAttribute('aria-describedby')).to.include('answer-text-error');
    expect($<HTMLInputElement>(element, '#answer-answeringBody')!.value, 'nothing typed is lost').to.equal('Conseil municipal');
    await expect(element).to.be.accessible();

    refuse = false;
    $<HTMLFormElement>(element, 'form#answer')!.requestSubmit();
    await until(() => liveRegion(element).includes('Brouillon de réponse à « Rallumer la fontaine » enregistré.'));
    expect(api.last('PUT consultations/idees-centre-ville/proposals/p-fontaine/answer')!.body).to.deep.equal({
      status: 'refused',
      text: 'Le réseau d’eau ne le permet pas.',
      answeringBody: 'Conseil municipal',
    });
    await until(() => focused(element)?.id === 'screen-title');
    expect(localStorage.getItem(`civique:${MOCK_TENANT}:draft:console:answer:p-fontaine`)).to.equal(null);
  });

  it('publishes the chosen drafts together, and says so; publishing none is refused with a message', async () => {
    const { element } = await signedIn(
      answerer,
      {
        'GET consultations': { body: { consultations: [proposalsConsultation as Consultation] } },
        'GET consultations/idees-centre-ville/proposals/staff': { body: staffProposals },
        'POST consultations/idees-centre-ville/answers/publication': { body: { published: ['p-banc', 'p-arbres'], mails: 1 } },
      },
      '#answers-caption',
    );
    $<HTMLFormElement>(element, 'form#answers-publish')!.requestSubmit();
    await until(() => focused(element)?.id === 'publish-error');
    expect(liveRegion(element)).to.include('Choisissez au moins un brouillon à publier.');
    expect(api.sent('POST consultations/idees-centre-ville/answers/publication')).to.have.length(0);

    $<HTMLInputElement>(element, '#pick-p-banc')!.click();
    await element.updateComplete;
    expect(button(element, 'Publier 1 brouillon choisi')).to.exist;
    button(element, 'Choisir les 2 brouillons').click();
    await element.updateComplete;
    expect($<HTMLInputElement>(element, '#pick-p-arbres')!.checked).to.equal(true);
    button(element, 'Publier 2 brouillons choisis').click();
    await until(() => liveRegion(element).includes('2 réponses publiées ; 1 e-mail en file d’attente.'));
    expect(api.last('POST consultations/idees-centre-ville/answers/publication')!.body).to.deep.equal({ proposalIds: ['p-banc', 'p-arbres'] });
    await until(() => focused(element)?.id === 'screen-title');
  });

  it('when the session expires while saving an answer, returns to sign-in, then back to the answer with what was typed', async () => {
    let expired = true;
    const { element } = await signedIn(
      answerer,
      {
        'GET consultations': { body: { consultations: [proposalsConsultation as Consultation] } },
        'GET consultations/idees-centre-ville/proposals/staff': { body: staffProposals },
        'PUT consultations/idees-centre-ville/proposals/p-fontaine/answer': () =>
          expired ? apiError(401, 'unauthenticated') : { body: staffProposal('p-fontaine', 'Rallumer la fontaine') },
        'POST auth/sign-in': { body: issuedSession(answerer) },
      },
      '#answers-caption',
    );
    button(element, 'Rédiger la réponse : Rallumer la fontaine').click();
    await until(() => $(element, 'form#answer'));
    await type(element, '#answer-answeringBody', 'Conseil municipal');
    await type(element, '#answer-status', 'selected');
    await type(element, '#answer-text', 'Retenue pour le budget participatif.');
    $<HTMLFormElement>(element, 'form#answer')!.requestSubmit();
    await until(() => $(element, 'form#staff-sign-in'), 'back to sign-in');
    expect(localStorage.getItem(`civique:${MOCK_TENANT}:draft:console:answer:p-fontaine`)).to.include('Retenue pour le budget');

    expired = false;
    await type(element, '#staff-sign-in-password', 'Le chat de Montjoli dort 3 fois');
    $<HTMLFormElement>(element, 'form#staff-sign-in')!.requestSubmit();
    await until(() => $(element, 'form#answer'), 'back to the answer');
    expect($<HTMLTextAreaElement>(element, '#answer-text')!.value).to.equal('Retenue pour le budget participatif.');
    expect($<HTMLSelectElement>(element, '#answer-status')!.value).to.equal('selected');
    expect($(element, '#answer-status-error')).to.equal(null);
    $<HTMLFormElement>(element, 'form#answer')!.requestSubmit();
    await until(() => liveRegion(element).includes('enregistré'));
    expect(api.last('PUT consultations/idees-centre-ville/proposals/p-fontaine/answer')!.body).to.deep.include({ status: 'selected' });
  });

  it('moves between screens with the focus on each screen’s title, current screen marked', async () => {
    const { element } = await signedIn(admin, { 'GET consultations/budget-2027/quarantine/clusters': { body: { clusters: [], unclustered: 0 } } });
    button(element, 'Vérifications').click();
    await until(() => $(element, 'h1')?.textContent === 'Vérifications');
    await until(() => focused(element)?.id === 'screen-title');
    expect(button(element, 'Vérifications').getAttribute('aria-current')).to.equal('page');
    expect(button(element, 'Consultations').getAttribute('aria-current')).to.equal('false');
    await until(() => text(element).includes('Aucune participation en attente'));
  });

  it('creates a budget consultation with the form generated from its settings schema', async () => {
    const { element } = await signedIn(admin, { 'POST consultations': { status: 201, body: consultation({ slug: 'budget-2028', status: 'upcoming' }) } });
    button(element, 'Créer une consultation').click();
    await until(() => $(element, '#cf-settings'), 'the settings are generated');
    await until(() => focused(element)?.id === 'editor-title');
    await type(element, '#cf-kind', 'budget');
    await until(() => $(element, '#cf-settings-projects'), 'the budget schema: projects');
    await type(element, '#cf-slug', 'budget-2028');
    await type(element, '#cf-title', 'Budget participatif 2028');
    await type(element, '#cf-opensAt', '2028-03-01T09:00');
    await type(element, '#cf-closesAt', '2028-04-01T18:00');
    await type(element, '#cf-privacyNotice-purposes', 'Compter les votes\n\nPublier les résultats');
    await type(element, '#cf-privacyNotice-recipients', 'Service démocratie locale');
    await type(element, '#cf-privacyNotice-retention', '6 mois après la clôture');
    button(element, 'Ajouter : Projets').click();
    await element.updateComplete;
    await type(element, '#cf-settings-projects-0-id', 'parc');
    await type(element, '#cf-settings-projects-0-title', 'Un parc pour le Val Fleuri');
    await type(element, '#cf-settings-projects-0-cost', '150000');
    await type(element, '#cf-settings-budget', '500000');
    await type(element, '#cf-settings-minSpendShare', '0.5');
    $<HTMLFormElement>(element, 'form#consultation-editor')!.requestSubmit();
    await until(() => api.sent('POST consultations').length === 1);
    const body = api.last('POST consultations')!.body as Record<string, any>;
    expect(body).to.deep.include({ kind: 'budget', slug: 'budget-2028', title: 'Budget participatif 2028', allowAnonymous: false });
    expect(body.opensAt).to.equal(new Date('2028-03-01T09:00').toISOString());
    expect(body.privacyNotice).to.deep.equal({
      purposes: ['Compter les votes', 'Publier les résultats'],
      recipients: ['Service démocratie locale'],
      retention: '6 mois après la clôture',
    });
    expect(body.settings).to.deep.equal({ projects: [{ id: 'parc', title: 'Un parc pour le Val Fleuri', cost: 150000 }], budget: 500000, minSpendShare: 0.5 });
    await until(() => liveRegion(element).includes('Consultation « Budget participatif 2028 » créée.'));
    await until(() => focused(element)?.id === 'screen-title');
  });

  it('previews the citizens’ widget from the values being edited, loaded on demand, inert, sending nothing', async () => {
    const { element } = await signedIn(admin);
    button(element, 'Créer une consultation').click();
    await until(() => $(element, '#cf-settings'));
    await type(element, '#cf-slug', 'fete-2028');
    await type(element, '#cf-title', 'Date de la fête');
    await type(element, '#cf-opensAt', '2028-03-01T09:00');
    await type(element, '#cf-closesAt', '2028-04-01T18:00');
    expect(customElements.get('civ-vote'), 'not loaded before it is asked for').to.equal(undefined);
    button(element, 'Afficher l’aperçu').click();
    await until(() => $(element, '#preview-incomplete'), 'no options yet: no preview, and why');
    expect($(element, '#citizen-preview')!.children).to.have.length(0);
    button(element, 'Ajouter : Options').click();
    await element.updateComplete;
    button(element, 'Ajouter : Options').click();
    await element.updateComplete;
    await type(element, '#cf-settings-options-0-id', 'samedi');
    await type(element, '#cf-settings-options-0-label', 'Samedi');
    await type(element, '#cf-settings-options-1-id', 'dimanche');
    await type(element, '#cf-settings-options-1-label', 'Dimanche');
    const preview = () => $(element, '#citizen-preview civ-vote') as (HTMLElement & { shadowRoot: ShadowRoot }) | null;
    const previewText = () => preview()?.shadowRoot?.textContent?.replace(/\s+/g, ' ') ?? '';
    await until(() => previewText().includes('Samedi') && previewText().includes('Dimanche'), 'the real civ-vote, from the form');
    expect(previewText()).to.include('Date de la fête');
    expect($(element, '#citizen-preview')!.hasAttribute('inert')).to.equal(true);
    expect(button(element, 'Masquer l’aperçu').getAttribute('aria-expanded')).to.equal('true');
    await expect(element).to.be.accessible();

    // It follows the form as it changes.
    await type(element, '#cf-settings-options-1-label', 'Dimanche midi');
    await until(() => previewText().includes('Dimanche midi'));
    // Whatever it tried, nothing of it reached the API.
    expect(api.requests.filter((r) => r.path.includes('fete-2028'))).to.deep.equal([]);
  });

  it('generates the survey form: sections, questions, their options and a condition behind its checkbox', async () => {
    const { element } = await signedIn(admin, { 'POST consultations': { status: 201, body: consultation({ slug: 'avis-2028', kind: 'survey' }) } });
    button(element, 'Créer une consultation').click();
    await until(() => $(element, '#cf-settings'));
    await type(element, '#cf-kind', 'survey');
    await until(() => $(element, '#cf-settings-sections'));
    for (const [id, value] of Object.entries({ slug: 'avis-2028', title: 'Votre avis', opensAt: '2028-03-01T09:00', closesAt: '2028-04-01T18:00' })) {
      await type(element, `#cf-${id}`, value);
    }
    button(element, 'Ajouter : Sections').click();
    await element.updateComplete;
    await type(element, '#cf-settings-sections-0-id', 's1');
    await type(element, '#cf-settings-sections-0-title', 'Vos trajets');
    for (const n of [0, 1]) {
      button(element, 'Ajouter : Questions').click();
      await element.updateComplete;
      await type(element, `#cf-settings-questions-${n}-id`, `q${n + 1}`);
      await type(element, `#cf-settings-questions-${n}-section`, 's1');
    }
    await type(element, '#cf-settings-questions-0-type', 'single');
    await type(element, '#cf-settings-questions-0-label', 'Venez-vous à vélo ?');
    button(element, 'Ajouter : Options').click();
    await element.updateComplete;
    button(element, 'Ajouter : Options').click();
    await element.updateComplete;
    await type(element, '#cf-settings-questions-0-options-0-id', 'oui');
    await type(element, '#cf-settings-questions-0-options-0-label', 'Oui');
    await type(element, '#cf-settings-questions-0-options-1-id', 'non');
    await type(element, '#cf-settings-questions-0-options-1-label', 'Non');
    await type(element, '#cf-settings-questions-1-type', 'text');
    await type(element, '#cf-settings-questions-1-label', 'Où le garez-vous ?');
    expect($(element, '#cf-settings-questions-1-showIf-question'), 'the condition waits for its checkbox').to.equal(null);
    $<HTMLInputElement>(element, '#cf-settings-questions-1-showIf-enabled')!.click();
    await element.updateComplete;
    await type(element, '#cf-settings-questions-1-showIf-question', 'q1');
    await type(element, '#cf-settings-questions-1-showIf-equals', 'oui');
    $<HTMLFormElement>(element, 'form#consultation-editor')!.requestSubmit();
    await until(() => api.sent('POST consultations').length === 1);
    expect((api.last('POST consultations')!.body as { settings: unknown }).settings).to.deep.equal({
      sections: [{ id: 's1', title: 'Vos trajets' }],
      questions: [
        {
          id: 'q1',
          section: 's1',
          type: 'single',
          label: 'Venez-vous à vélo ?',
          options: [
            { id: 'oui', label: 'Oui' },
            { id: 'non', label: 'Non' },
          ],
        },
        { id: 'q2', section: 's1', type: 'text', label: 'Où le garez-vous ?', showIf: { question: 'q1', equals: 'oui' } },
      ],
    });
  });

  it('edits a consultation as configured, sending its kind and what the form holds', async () => {
    const configured = {
      ...consultation({
        kind: 'vote',
        slug: 'fete',
        title: 'Date de la fête',
        settings: {
          mode: 'single',
          options: [
            { id: 'sam', label: 'Samedi' },
            { id: 'dim', label: 'Dimanche' },
          ],
        },
      }),
      id: '9',
      stuffingPolicy: { requireVerifiedEmail: false, perIp: { max: 20, windowMinutes: 1440 }, perPrefix: null, perSite: { max: 200, windowMinutes: 1440 } },
      purgedAt: null,
      archivedAt: null,
      createdAt: '2027-01-01T00:00:00.000Z',
      updatedAt: '2027-01-01T00:00:00.000Z',
    };
    const { element } = await signedIn(admin, {
      'GET consultations': { body: { consultations: [consultation({ kind: 'vote', slug: 'fete', title: 'Date de la fête' })] } },
      'GET consultations/fete/results': { body: { kind: 'vote', mode: 'single', status: 'open', final: false, ballots: 0, method: 'm', options: [] } },
      'GET consultations/fete/configuration': { body: configured },
      'PATCH consultations/fete': { body: configured },
    });
    button(element, /^Modifier : Date de la fête$/).click();
    await until(() => $<HTMLInputElement>(element, '#cf-settings-options-1-label')?.value === 'Dimanche');
    expect($<HTMLSelectElement>(element, '#cf-kind')!.disabled, 'the kind cannot change').to.equal(true);
    expect($<HTMLInputElement>(element, '#cf-stuffingPolicy-perPrefix-enabled')!.checked).to.equal(false);
    expect($<HTMLInputElement>(element, '#cf-stuffingPolicy-perIp-max')!.value).to.equal('20');
    await type(element, '#cf-settings-options-1-label', 'Dimanche midi');
    $<HTMLFormElement>(element, 'form#consultation-editor')!.requestSubmit();
    await until(() => api.sent('PATCH consultations/fete').length === 1);
    const body = api.last('PATCH consultations/fete')!.body as Record<string, any>;
    expect(body.slug, 'an unchanged slug is not sent').to.equal(undefined);
    expect(body.kind).to.equal('vote');
    expect(body.settings.options[1]).to.deep.equal({ id: 'dim', label: 'Dimanche midi' });
    expect(body.stuffingPolicy.perPrefix).to.equal(null);
    await until(() => liveRegion(element).includes('enregistrée'));
  });

  it('shows the server’s refusal on the generated field it names, in French, announced, focus on it, input kept', async () => {
    const { element } = await signedIn(admin, {
      'POST consultations': apiError(400, 'validation_failed', [
        { path: 'settings.options.1.label', message: 'Too small: expected string to have >=1 characters', code: 'too_small' },
        { path: 'retentionEnd', message: 'Give a retention end: this collectivité has no default retention in its settings', code: 'retention_required' },
      ]),
    });
    button(element, 'Créer une consultation').click();
    await until(() => $(element, '#cf-settings-options'));
    await type(element, '#cf-slug', 'fete-2028');
    await type(element, '#cf-title', 'Date de la fête');
    await type(element, '#cf-opensAt', '2028-03-01T09:00');
    await type(element, '#cf-closesAt', '2028-04-01T18:00');
    button(element, 'Ajouter : Options').click();
    await element.updateComplete;
    button(element, 'Ajouter : Options').click();
    await element.updateComplete;
    await type(element, '#cf-settings-options-0-id', 'samedi');
    await type(element, '#cf-settings-options-0-label', 'Samedi');
    await type(element, '#cf-settings-options-1-id', 'dimanche');
    $<HTMLFormElement>(element, 'form#consultation-editor')!.requestSubmit();
    await until(() => $(element, '#cf-settings-options-1-label-error'));
    const input = $<HTMLInputElement>(element, '#cf-settings-options-1-label')!;
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    expect(input.getAttribute('aria-describedby')).to.include('cf-settings-options-1-label-error');
    expect($(element, '#cf-settings-options-1-label-error')!.textContent).to.include('Trop court, ou trop petit.');
    expect($(element, '#cf-retentionEnd-error')!.textContent).to.include('Indiquez une fin de conservation');
    expect(text(element)).not.to.include('Give a retention end');
    expect(liveRegion(element)).to.include('2 champs sont à corriger.');
    // The first field to correct in the form's order gets the focus.
    await until(() => focused(element)?.id === 'cf-retentionEnd');
    expect($<HTMLInputElement>(element, '#cf-settings-options-0-label')!.value).to.equal('Samedi');
    await expect(element).to.be.accessible();
  });

  it('when the session expires while saving, returns to sign-in, then back to the form with what was typed', async () => {
    let expired = true;
    const { element } = await signedIn(admin, {
      'POST consultations': () => (expired ? apiError(401, 'unauthenticated') : { status: 201, body: consultation({ slug: 'fete-2028' }) }),
      'POST auth/sign-in': { body: issuedSession(admin) },
    });
    button(element, 'Créer une consultation').click();
    await until(() => $(element, '#cf-settings'));
    await type(element, '#cf-slug', 'fete-2028');
    await type(element, '#cf-title', 'Date de la fête');
    await type(element, '#cf-opensAt', '2028-03-01T09:00');
    await type(element, '#cf-closesAt', '2028-04-01T18:00');
    $<HTMLFormElement>(element, 'form#consultation-editor')!.requestSubmit();
    await until(() => $(element, 'form#staff-sign-in'), 'back to sign-in');
    expect(text(element)).to.include('Votre session a expiré');
    await until(() => focused(element)?.id === 'screen-title');
    expect($<HTMLInputElement>(element, '#staff-sign-in-email')!.value).to.equal('agent@montjoli.fr');
    // Kept on this device too, should the page be reloaded.
    expect(localStorage.getItem(`civique:${MOCK_TENANT}:draft:console:consultation:new`)).to.include('Date de la fête');

    expired = false;
    await type(element, '#staff-sign-in-password', 'Le chat de Montjoli dort 3 fois');
    $<HTMLFormElement>(element, 'form#staff-sign-in')!.requestSubmit();
    await until(() => $(element, '#consultation-editor'), 'back to the form');
    expect($<HTMLInputElement>(element, '#cf-title')!.value).to.equal('Date de la fête');
    expect($<HTMLInputElement>(element, '#cf-slug')!.value).to.equal('fete-2028');
    $<HTMLFormElement>(element, 'form#consultation-editor')!.requestSubmit();
    await until(() => liveRegion(element).includes('créée'));
    expect(localStorage.getItem(`civique:${MOCK_TENANT}:draft:console:consultation:new`)).to.equal(null);
  });

  it('gives the snippet pinned to the release, with its integrity hash, and copies it', async () => {
    const { element } = await signedIn();
    let copied = '';
    const clipboard = Object.getOwnPropertyDescriptor(Navigator.prototype, 'clipboard')!;
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: async (value: string) => void (copied = value) } });
    try {
      button(element, /^Code à coller : Budget participatif 2027$/).click();
      await until(() => $<HTMLTextAreaElement>(element, '#snippet-code'));
      await until(() => focused(element)?.id === 'snippet-title');
      const snippet = $<HTMLTextAreaElement>(element, '#snippet-code')!.value;
      expect(snippet).to.equal(
        '<script type="module" src="https://api.civique.test/widgets/0.1.0-abcdef0123/civique.js"\n' +
          '  integrity="sha384-TESTHASH" crossorigin="anonymous" data-tenant="montjoli"></script>\n' +
          '<civ-vote consultation="budget-2027"></civ-vote>',
      );
      button(element, 'Copier le code').click();
      await until(() => liveRegion(element).includes('Code copié'));
      expect(copied).to.equal(snippet);
      await expect(element).to.be.accessible();
    } finally {
      delete (navigator as { clipboard?: unknown }).clipboard;
      Object.defineProperty(Navigator.prototype, 'clipboard', clipboard);
    }
  });

  it('deletes a consultation only with the password typed again, and says why when refused', async () => {
    const { element } = await signedIn(admin, { 'DELETE consultations/avis-mobilite': apiError(403, 'wrong_password') });
    button(element, /^Supprimer : Avis mobilité$/).click();
    await until(() => focused(element)?.id === 'confirm-title');
    await type(element, '#confirm-password', 'pas le bon');
    $<HTMLFormElement>(element, 'form#confirm')!.requestSubmit();
    await until(() => $(element, '#confirm-password-error'));
    expect(api.last('DELETE consultations/avis-mobilite')!.body).to.deep.equal({ password: 'pas le bon' });
    expect($(element, '#confirm-password-error')!.textContent).to.include('Mot de passe incorrect.');
    await until(() => focused(element)?.id === 'confirm-password');

    api.on('DELETE consultations/avis-mobilite', { status: 204 });
    await type(element, '#confirm-password', 'Le chat de Montjoli dort 3 fois');
    $<HTMLFormElement>(element, 'form#confirm')!.requestSubmit();
    await until(() => liveRegion(element).includes('« Avis mobilité » a été supprimée.'));
  });

  it('closes an open consultation and opens an upcoming one now', async () => {
    const { element } = await signedIn(admin, {
      'POST consultations/budget-2027/close': { body: {} },
      'PATCH consultations/avis-mobilite': { body: {} },
    });
    button(element, /^Clore : Budget participatif 2027$/).click();
    await until(() => $(element, 'form#confirm'));
    $<HTMLFormElement>(element, 'form#confirm')!.requestSubmit();
    await until(() => liveRegion(element).includes('est close'));
    expect(api.sent('POST consultations/budget-2027/close')).to.have.length(1);
    button(element, /^Ouvrir maintenant : Avis mobilité$/).click();
    await until(() => $(element, 'form#confirm'));
    $<HTMLFormElement>(element, 'form#confirm')!.requestSubmit();
    await until(() => liveRegion(element).includes('est ouverte'));
    const opensAt = (api.last('PATCH consultations/avis-mobilite')!.body as { opensAt: string }).opensAt;
    expect(Math.abs(Date.parse(opensAt) - Date.now())).to.be.below(60_000);
  });

  it('reviews a quarantine cluster after showing its effect, deciding exactly the previewed participations', async () => {
    const cluster = { cluster: 'c-7f3a', count: 3, firstAt: '2027-03-02T10:00:00.000Z', lastAt: '2027-03-02T10:05:00.000Z' };
    const { element } = await signedIn(moderator, {
      'GET consultations/budget-2027/quarantine/clusters': { body: { clusters: [cluster], unclustered: 0 } },
      'POST consultations/budget-2027/quarantine/clusters/c-7f3a/preview': {
        body: { cluster: 'c-7f3a', decision: 'accept', participationIds: ['11', '12', '13'], before: { ballots: 42 }, after: { ballots: 45 } },
      },
      'POST consultations/budget-2027/quarantine/clusters/c-7f3a': { body: { cluster: 'c-7f3a', decision: 'accept', reviewed: 3, skipped: 0 } },
    });
    button(element, 'Vérifications').click();
    await until(() => $(element, '#clusters-caption'));
    expect(text(element)).to.include('c-7f3a');
    button(element, /^Accepter le groupe c-7f3a$/).click();
    await until(() => focused(element)?.id === 'preview-title');
    expect(text(element)).to.include('Accepter ce groupe ajouterait 3 participations : 45 participations comptées au total.');
    await expect(element).to.be.accessible();
    api.on('GET consultations/budget-2027/quarantine/clusters', { body: { clusters: [], unclustered: 0 } });
    $<HTMLFormElement>(element, 'form#cluster-review')!.requestSubmit();
    await until(() => liveRegion(element).includes('3 participations acceptées.'));
    expect(api.last('POST consultations/budget-2027/quarantine/clusters/c-7f3a')!.body).to.deep.equal({
      decision: 'accept',
      participationIds: ['11', '12', '13'],
    });
  });

  it('lists proposal consultations for quarantine review (supports held back), not for results', async () => {
    const ideas = consultation({ slug: 'idees', kind: 'proposals', title: 'Boîte à idées' });
    const { element } = await signedIn(moderator, {
      'GET consultations': { body: { consultations: [ideas] } },
      'GET consultations/idees/quarantine/clusters': {
        body: { clusters: [{ cluster: 'c-idee', count: 2, firstAt: '2027-03-02T10:00:00.000Z', lastAt: '2027-03-02T10:01:00.000Z' }], unclustered: 0 },
      },
      'POST consultations/idees/quarantine/clusters/c-idee/preview': {
        body: {
          cluster: 'c-idee',
          decision: 'accept',
          participationIds: ['4', '5'],
          before: { supports: 7, proposals: [{ id: 'p1', title: 'Un banc', supportCount: 7 }] },
          after: { supports: 9, proposals: [{ id: 'p1', title: 'Un banc', supportCount: 9 }] },
        },
      },
    });
    button(element, 'Vérifications').click();
    await until(() => $(element, '#clusters-caption'));
    expect($<HTMLSelectElement>(element, '#quarantine-consultation')!.value).to.equal('idees');
    button(element, /^Accepter le groupe c-idee$/).click();
    await until(() => focused(element)?.id === 'preview-title');
    expect(text(element)).to.include('Accepter ce groupe ajouterait 2 participations : 9 participations comptées au total.');
  });

  it('draws results and representativeness as SVG bars, each with its data table, small cells hidden, and downloads the CSV', async () => {
    const results = {
      kind: 'budget',
      mode: 'budget',
      status: 'open',
      final: false,
      ballots: 40,
      quarantined: 7,
      rejected: 0,
      method: 'm',
      options: [],
      districts: [
        {
          id: null,
          name: null,
          budget: 500000,
          ballots: 40,
          fundedCost: 150000,
          projects: [
            { id: 'parc', title: 'Un parc', cost: 150000, votes: 30, share: 0.75, funded: true },
            { id: 'banc', title: 'Des bancs', cost: 400000, votes: 10, share: 0.25, funded: false },
          ],
        },
      ],
    };
    const dimension = (cells: { value: string; label: string; count: number | null }[], total: number | null = 40) => ({ total, cells });
    const statistics = {
      participants: 40,
      minCellSize: 5,
      ageReferenceYear: 2027,
      dimensions: {
        ageBracket: dimension([
          { value: '18-29', label: '18–29 ans', count: 12 },
          { value: '30-44', label: '30–44 ans', count: null },
        ]),
        gender: dimension([], null),
        city: dimension([{ value: 'Montjoli', label: 'Montjoli', count: 40 }]),
        quartier: dimension([], null),
        pcsGroup: dimension([], null),
      },
      participationByDay: [
        { day: '2027-03-01', count: 20 },
        { day: '2027-03-02', count: 0 },
        { day: '2027-03-03', count: 5 },
      ],
    };
    const { element } = await signedIn(moderator, {
      'GET consultations/budget-2027/statistics': { body: statistics },
      'GET consultations/budget-2027/results': { body: results },
      'GET consultations/budget-2027/results/export': {
        body: 'option;votes\r\n',
        headers: { 'content-type': 'text/csv', 'content-disposition': 'attachment; filename="budget-2027-results.csv"' },
      },
    });
    button(element, 'Résultats et statistiques').click();
    await until(() => $(element, '#district-0'));
    await until(() => focused(element)?.id === 'screen-title');
    const chart = $(element, '#district-0')!;
    expect(chart.querySelector('figcaption')!.textContent).to.match(/150\s000 € financés sur 500\s000 €/);
    const bars = [...chart.querySelectorAll('rect')].map((r) => r.getAttribute('width'));
    expect(bars).to.deep.equal(['100%', `${(10 / 30) * 100}%`]);
    expect(chart.querySelector('ol')!.getAttribute('aria-hidden')).to.equal('true');
    const table = [...chart.querySelectorAll('table tbody tr')].map((tr) => [...tr.children].map((cell) => cell.textContent!.trim()).join(' | '));
    expect(table[0]).to.match(/^Un parc \(150\s000 €\) \| 30 \(75\s%\) — financé$/);
    const ages = $(element, '#dimension-ageBracket')!;
    expect(ages.querySelectorAll('rect')).to.have.length(1, 'no bar for a suppressed cell');
    expect(ages.querySelector('table')!.textContent).to.include('masqué (trop peu de personnes)');
    expect(text(element)).to.include('Genre — trop peu de réponses pour être montré.');
    const perDay = $(element, '#participation-by-day')!;
    expect(perDay.querySelector('figcaption')!.textContent).to.equal('Participations par jour (heure de Paris)');
    expect([...perDay.querySelectorAll('rect')].map((r) => r.getAttribute('height'))).to.deep.equal(['100%', '0%', '25%']);
    expect([...perDay.querySelectorAll('table tbody tr')].map((tr) => tr.textContent!.replace(/\s+/g, ' ').trim())).to.deep.equal([
      'lun. 1 mars 20',
      'mar. 2 mars 0',
      'mer. 3 mars 5',
    ]);
    await expect(element).to.be.accessible();

    button(element, 'Résultats (CSV)').click();
    await until(() => liveRegion(element).includes('budget-2027-results.csv'));
    expect(api.last('GET consultations/budget-2027/results/export')!.search).to.equal('?format=csv');
    expect(api.last('GET consultations/budget-2027/results/export')!.headers.get('authorization')).to.match(/^Bearer /);
  });

  it('lets an admin invite, change roles, remove, and read the audit log with its filters', async () => {
    const members = [
      { accountId: 'acc-1', email: 'agent@montjoli.fr', roles: ['admin'] },
      { accountId: 'acc-2', email: 'modo@montjoli.fr', roles: ['moderator'] },
    ];
    const event = {
      id: '7',
      at: '2027-03-02T10:00:00.000Z',
      actor: { kind: 'staff', accountId: 'acc-1', formerStaffNumber: null, label: { fr: 'membre du personnel acc-1', en: 'staff member acc-1' } },
      role: 'admin',
      action: 'staff invite',
      target: 'account:acc-2',
      before: { roles: [] },
      after: { roles: ['moderator'] },
    };
    const { element } = await signedIn(admin, {
      'GET staff': { body: { staff: members } },
      'GET audit-events': { body: { events: [event], next: null } },
      'POST staff': { status: 201, body: { accountId: 'acc-3', email: 'nouvelle@montjoli.fr', roles: ['moderator'] } },
      'PUT staff/acc-2': { body: { accountId: 'acc-2', email: 'modo@montjoli.fr', roles: ['moderator', 'answerer'] } },
      'DELETE staff/acc-2': { body: { accountId: 'acc-2', email: 'modo@montjoli.fr', roles: [] } },
      'GET origins': { body: { allowedOrigins: ['https://www.montjoli.fr'], staffOrigins: [] } },
      'POST origins': ({ body }) =>
        (body as { origin: string }).origin.includes('/agenda')
          ? apiError(400, 'validation_failed', [{ path: 'origin', message: 'no path' }])
          : { body: { allowedOrigins: ['https://www.montjoli.fr'], staffOrigins: ['https://intranet.montjoli.fr'] } },
    });
    button(element, 'Équipe et journal').click();
    await until(() => $(element, '#roles-acc-2-answerer'));
    await until(() => focused(element)?.id === 'screen-title');
    await until(() => $(element, '#audit-caption')?.closest('table')!.textContent!.includes('staff invite'));
    await expect(element).to.be.accessible();

    await type(element, '#invite-email', 'nouvelle@montjoli.fr');
    await type(element, '#invite-role', 'moderator');
    $<HTMLFormElement>(element, 'form#invite')!.requestSubmit();
    await until(() => liveRegion(element).includes('Invitation envoyée à nouvelle@montjoli.fr.'));
    expect(api.last('POST staff')!.body).to.deep.equal({ email: 'nouvelle@montjoli.fr', role: 'moderator' });

    $<HTMLInputElement>(element, '#roles-acc-2-answerer')!.click();
    await element.updateComplete;
    button(element, 'Enregistrer les rôles modo@montjoli.fr').click();
    await until(() => liveRegion(element).includes('Rôles de modo@montjoli.fr enregistrés.'));
    expect(api.last('PUT staff/acc-2')!.body).to.deep.equal({ roles: ['moderator', 'answerer'] });

    button(element, 'Retirer de l’équipe modo@montjoli.fr').click();
    await until(() => focused(element)?.id === 'remove-title');
    button(element, 'Confirmer').click();
    await until(() => liveRegion(element).includes('modo@montjoli.fr ne fait plus partie de l’équipe.'));
    expect(api.sent('DELETE staff/acc-2')).to.have.length(1);

    await type(element, '#origin-value', 'https://intranet.montjoli.fr/agenda');
    $<HTMLFormElement>(element, 'form#origin-add')!.requestSubmit();
    await until(() => $(element, '#origin-value-error'));
    await until(() => focused(element)?.id === 'origin-value');
    await type(element, '#origin-value', 'https://intranet.montjoli.fr');
    $<HTMLFormElement>(element, 'form#origin-add')!.requestSubmit();
    await until(() => liveRegion(element).includes('https://intranet.montjoli.fr ajoutée.'));
    expect(api.last('POST origins')!.body).to.deep.equal({ list: 'staff', origin: 'https://intranet.montjoli.fr' });
    expect(text(element)).to.include('Origines de la console (intranet)');

    await type(element, '#audit-actor', 'operator');
    await type(element, '#audit-target', 'consultation:budget-2027');
    await type(element, '#audit-from', '2027-03-01T00:00');
    $<HTMLFormElement>(element, 'form#audit-filters')!.requestSubmit();
    await until(() => api.sent('GET audit-events').some((r) => r.search.includes('actor=operator')));
    const query = new URLSearchParams(api.last('GET audit-events')!.search);
    expect(query.get('target')).to.equal('consultation:budget-2027');
    expect(query.get('from')).to.equal(new Date('2027-03-01T00:00').toISOString());
    expect(query.has('to')).to.equal(false);
  });

  it('moderates the queue: publish at once, hide only with a statement of reasons', async () => {
    const item = (targetId: string, flags = 0) => ({
      kind: 'proposal',
      targetId,
      state: 'submitted',
      flags,
      countingFlags: flags,
      createdAt: '2027-03-02T10:00:00.000Z',
      updatedAt: '2027-03-02T10:00:00.000Z',
    });
    const { element } = await signedIn(moderator, {
      'GET moderation/queue': { body: { items: [item('p1'), item('p2', 3)] } },
      'POST moderation/proposal/p1/decision': { body: {} },
      'POST moderation/proposal/p2/decision': { body: {} },
    });
    button(element, 'Modération').click();
    await until(() => $(element, '#moderation-caption'));
    expect(api.last('GET moderation/queue')!.search).to.equal('?state=submitted');
    expect(text(element)).to.include('3 signalements (3 d’adresses confirmées)');
    await expect(element).to.be.accessible();

    button(element, 'Publier : Proposition p1').click();
    await until(() => focused(element)?.id === 'decision-title');
    $<HTMLFormElement>(element, 'form#decision')!.requestSubmit();
    await until(() => liveRegion(element).includes('Contenu publié.'));
    expect(api.last('POST moderation/proposal/p1/decision')!.body).to.deep.equal({ state: 'published' });

    button(element, 'Masquer : Proposition p2').click();
    await until(() => $(element, 'form#decision'));
    $<HTMLFormElement>(element, 'form#decision')!.requestSubmit();
    await until(() => $(element, '#decision-statement-error'));
    expect(api.sent('POST moderation/proposal/p2/decision')).to.have.length(0);
    await until(() => focused(element)?.id === 'decision-statement');
    await type(element, '#decision-statement', 'Propos injurieux envers un voisin (charte, article 2).');
    $<HTMLFormElement>(element, 'form#decision')!.requestSubmit();
    await until(() => liveRegion(element).includes('Contenu masqué'));
    expect(api.last('POST moderation/proposal/p2/decision')!.body).to.deep.equal({
      state: 'hidden',
      statement: 'Propos injurieux envers un voisin (charte, article 2).',
    });

    $<HTMLInputElement>(element, '#moderation-flagged')!.click();
    $<HTMLFormElement>(element, 'form#moderation-filters')!.requestSubmit();
    await until(() => api.last('GET moderation/queue')!.search.includes('flagged=true'));
  });

  it('shows an admin the data-rights ledger with due dates, overdue requests said, and the retention ends ahead', async () => {
    const { element } = await signedIn(admin, {
      'GET rights-requests': { body: rightsLedger },
      'GET retention-ends': ({ search }) =>
        new URLSearchParams(search).get('days') === '30' ? { body: retentionAhead } : { body: { days: 90, consultations: [] } },
    });
    button(element, 'Droits et conservation').click();
    await until(() => $(element, '#rights-caption') && $(element, '#retention-caption'));
    await until(() => focused(element)?.id === 'screen-title');
    const row = (id: string) => $(element, `tr[data-request="${id}"]`)!.textContent!.replace(/\s+/g, ' ').trim();
    expect(row('r-1')).to.match(/^Accès \(téléchargement\) 10 janv\. 2027 9 févr\. 2027 En retard$/);
    expect(row('r-2')).to.include('Rectification').and.include('22 mars 2027').and.include('En cours');
    expect(row('r-3')).to.include('Effacement du compte').and.include('Traitée');
    expect(text(element)).to.include('1 demande a dépassé son échéance d’un mois.');
    expect($(element, 'tr[data-slug="fete-2026"]')!.textContent).to.include('20 mars 2027');
    await expect(element).to.be.accessible();

    await type(element, '#retention-days', '0');
    $<HTMLFormElement>(element, 'form#retention-filter')!.requestSubmit();
    await until(() => $(element, '#retention-days-error'));
    await until(() => focused(element)?.id === 'retention-days');
    expect(liveRegion(element)).to.include('Indiquez un nombre de jours entre 1 et 366.');
    expect(api.sent('GET retention-ends')).to.have.length(1);
    await type(element, '#retention-days', '90');
    $<HTMLFormElement>(element, 'form#retention-filter')!.requestSubmit();
    await until(() => text(element).includes('Aucune consultation n’atteint sa fin de conservation dans les 90 prochains jours.'));
    expect(api.last('GET retention-ends')!.search).to.equal('?days=90');
  });

  it('opens the rights ledger to admins only', async () => {
    const { element } = await signedIn(moderator);
    expect(Boolean(button(element, 'Droits et conservation'))).to.equal(false);
  });

  it('keeps every screen within 320 px (a 640 px window at 200 % zoom), reachable from the keyboard, axe clean', async () => {
    await setViewport({ width: 320, height: 640 });
    const { element } = await signedIn();
    const screens = [...element.shadowRoot!.querySelectorAll<HTMLButtonElement>('nav button')].map((b) => b.textContent!.trim());
    expect(screens.length).to.be.at.least(7);
    for (const name of screens) {
      const entry = button(element, name)!;
      entry.focus();
      entry.click();
      await until(() => focused(element)?.id === 'screen-title' && $(element, 'h1')!.textContent!.trim().length > 0, `${name}: focus on its title`);
      await until(() => !$(element, '.loading'), `${name}: loaded`);
      await expect(element, name).to.be.accessible();
      expect(document.documentElement.scrollWidth, `${name} scrolls sideways`).to.be.at.most(320);
    }
  });

  it('works at 320 px, and in English', async () => {
    await setViewport({ width: 320, height: 640 });
    document.documentElement.lang = 'en';
    const { element } = await signedIn();
    await until(() => $(element, 'h1')?.textContent === 'Consultations' && text(element).includes('Create a consultation'));
    expect(text(element)).to.include('Participatory budget');
    await expect(element).to.be.accessible();
    // Nothing but the table's own box scrolls sideways.
    expect(document.documentElement.scrollWidth).to.be.at.most(320);
  });
});
