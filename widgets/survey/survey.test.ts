import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import { html } from 'lit';
import { mountWithSession } from '../testing/fixtures.ts';
import { apiError, issuedSession, me, mockApi, MOCK_TENANT, type MockApi } from '../testing/mock-api.ts';
import type { CivSurvey } from './survey.element.ts';
import { mobilitySurvey, serverDraft, surveyResults, surveyRoutes } from './survey.fixtures.ts';
import { en } from './i18n/en.ts';
import { fr } from './i18n/fr.ts';
import './survey.ts';
import { expectHiddenHoneypot, fillAsBot } from '../testing/honeypot.ts';

const shape = (value: unknown): unknown =>
  typeof value === 'function'
    ? `fn/${value.length}`
    : value && typeof value === 'object'
      ? Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, shape(inner)]))
      : typeof value;

const TOKEN_KEY = `civique:${MOCK_TENANT}:token`;
const PARTICIPANT_KEY = `civique:${MOCK_TENANT}:participant`;
const DRAFT_KEY = `civique:${MOCK_TENANT}:draft:survey:avis-mobilite`;

const $ = <T extends Element = HTMLElement>(element: CivSurvey, selector: string) => element.shadowRoot!.querySelector<T>(selector);
const $$ = <T extends Element = HTMLElement>(element: CivSurvey, selector: string) => [...element.shadowRoot!.querySelectorAll<T>(selector)];
const text = (node: Element | null) => node!.textContent!.replace(/\s+/g, ' ').trim();
const live = (element: CivSurvey) => $(element, '[aria-live="polite"]')!.textContent!.replace(/\s+/g, ' ');
const focused = (element: CivSurvey) => element.shadowRoot!.activeElement as HTMLElement | null;
const button = (element: CivSurvey, label: string) => $$<HTMLButtonElement>(element, 'button').find((b) => b.textContent!.trim() === label);
const until = (check: () => unknown, message?: string) => waitUntil(() => Boolean(check()), message, { timeout: 5000 });

async function mount(routes: Parameters<typeof mockApi>[0] = surveyRoutes(mobilitySurvey())) {
  api = mockApi(routes);
  const mounted = await mountWithSession<CivSurvey>(html`<civ-survey consultation="avis-mobilite"></civ-survey>`);
  await until(() => $(mounted.element, 'form#survey'), 'the survey shows');
  return mounted;
}

async function click(element: CivSurvey, selector: string) {
  $<HTMLElement>(element, selector)!.click();
  await element.updateComplete;
}

async function type(element: CivSurvey, selector: string, value: string) {
  const input = $<HTMLInputElement>(element, selector)!;
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  await element.updateComplete;
}

async function next(element: CivSurvey) {
  $<HTMLFormElement>(element, 'form#survey')!.requestSubmit();
  await element.updateComplete;
  await element.updateComplete;
}

/** Answers the three sections (cycling, so no condition), and stops on the profile section. */
async function answerAll(element: CivSurvey) {
  await click(element, '#survey-mode-velo');
  await next(element);
  await click(element, '#survey-velo-usage-oui');
  await click(element, '#survey-securite-4');
  await next(element);
  await click(element, '#survey-priorites-bus-add');
  await click(element, '#survey-priorites-pistes-add');
  await next(element);
}

let api: MockApi;
afterEach(() => {
  api?.restore();
  localStorage.clear();
  sessionStorage.clear();
});

describe('civ-survey', () => {
  it('is accessible: a section, the profile questions, the thanks and the results', async () => {
    const { element } = await mount({
      ...surveyRoutes(mobilitySurvey(), surveyResults()),
      'PUT consultations/avis-mobilite/response': {
        status: 201,
        body: {
          response: { status: 'accepted', counted: true, submittedAt: '2027-03-02T10:00:00.000Z', updatedAt: '2027-03-02T10:00:00.000Z' },
          replaced: false,
        },
      },
    });
    await until(() => $(element, '.results'));
    await expect(element).to.be.accessible();
    await answerAll(element);
    expect(text($(element, '#section-title'))).to.equal('À propos de vous (facultatif)');
    await expect(element).to.be.accessible();
    await next(element);
    await until(() => $(element, '#notice'));
    await expect(element).to.be.accessible();
  });

  it('shows one section at a time, with its progress in text and as a bar, and moves focus to each new section', async () => {
    const { element } = await mount();
    expect(text($(element, '#survey-progress'))).to.equal('Section 1 sur 4');
    const progress = $<HTMLProgressElement>(element, 'progress')!;
    expect([progress.value, progress.max, progress.getAttribute('aria-labelledby')]).to.deep.equal([1, 4, 'survey-progress']);
    expect(text($(element, '#section-title'))).to.equal('Vos habitudes de déplacement');
    expect(text($(element, 'form'))).to.include('Les questions marquées d’un * sont obligatoires.');
    await click(element, '#survey-mode-bus');
    await next(element);
    expect(text($(element, '#survey-progress'))).to.equal('Section 2 sur 4');
    await until(() => focused(element)?.id === 'section-title');
    await click(element, 'button.secondary');
    expect(text($(element, '#survey-progress'))).to.equal('Section 1 sur 4');
    expect($<HTMLInputElement>(element, '#survey-mode-bus')!.checked, 'answers stay when going back').to.equal(true);
  });

  it('marks required questions and will not go on without them: error on the question, announced, focused', async () => {
    const { element } = await mount();
    expect(text($(element, '#survey-mode legend'))).to.equal('Comment vous déplacez-vous le plus souvent ? *');
    await next(element);
    expect(text($(element, '#survey-mode-error'))).to.include('Répondez à cette question.');
    expect(live(element)).to.include('Un champ est à corriger. Répondez à cette question.');
    await until(() => focused(element)?.id === 'survey-mode-voiture');
    expect(text($(element, '#survey-progress'))).to.equal('Section 1 sur 4');
  });

  it('checks a number against its bounds, accepts a decimal comma, and states the unit', async () => {
    const { element } = await mount();
    await click(element, '#survey-mode-voiture');
    expect(text($(element, 'label[for="survey-distance"]'))).to.equal('Distance jusqu’au travail (km)');
    expect(text($(element, '#survey-distance-hint'))).to.equal('Entre 0 et 300.');
    await type(element, '#survey-distance', '400');
    await next(element);
    expect(text($(element, '#survey-distance-error'))).to.include('Entre 0 et 300.');
    expect($(element, '#survey-distance')!.getAttribute('aria-describedby')).to.equal('survey-distance-hint survey-distance-error');
    await type(element, '#survey-distance', 'loin');
    await next(element);
    expect(text($(element, '#survey-distance-error'))).to.include('Saisissez un nombre');
    await type(element, '#survey-distance', '4,5');
    await next(element);
    expect(text($(element, '#survey-progress'))).to.equal('Section 2 sur 4');
  });

  it('enforces the most choices of a multiple-choice question on the spot', async () => {
    const { element } = await mount();
    expect(text($(element, '#survey-motifs-hint'))).to.equal('2 réponses au plus.');
    await click(element, '#survey-motifs-travail');
    await click(element, '#survey-motifs-courses');
    await click(element, '#survey-motifs-loisirs');
    expect($<HTMLInputElement>(element, '#survey-motifs-loisirs')!.checked).to.equal(false);
    expect(text($(element, '#survey-motifs-error'))).to.include('Vous avez déjà choisi 2 réponses, le maximum');
  });

  it('shows a question only when an earlier answer calls for it, announces it, requires it only then, and never sends it hidden', async () => {
    const { element } = await mount({
      ...surveyRoutes(mobilitySurvey()),
      'PUT consultations/avis-mobilite/response': {
        status: 201,
        body: {
          response: { status: 'accepted', counted: true, submittedAt: '2027-03-02T10:00:00.000Z', updatedAt: '2027-03-02T10:00:00.000Z' },
          replaced: false,
        },
      },
    });
    await click(element, '#survey-mode-velo');
    await next(element);
    expect($(element, '#survey-velo-freins')).to.equal(null);
    await click(element, '#survey-velo-usage-non');
    expect($(element, '#survey-velo-freins')).to.exist;
    expect(live(element)).to.include('Nouvelle question : Qu’est-ce qui vous en empêche ?');
    await click(element, '#survey-securite-2');
    await next(element);
    expect(text($(element, '#survey-velo-freins-error')), 'required when shown').to.include('Répondez à cette question.');
    await click(element, '#survey-velo-freins-relief');
    await click(element, '#survey-velo-usage-oui');
    expect($(element, '#survey-velo-freins'), 'hidden again').to.equal(null);
    await next(element);
    expect(text($(element, '#survey-progress'))).to.equal('Section 3 sur 4');
    await click(element, '#survey-priorites-pistes-add');
    await click(element, '#survey-priorites-bus-add');
    await next(element);
    await next(element);
    await until(() => api.sent('PUT consultations/avis-mobilite/response').length === 1);
    const body = api.last('PUT consultations/avis-mobilite/response')!.body as { answers: Record<string, unknown> };
    expect(body.answers).to.deep.equal({ mode: 'velo', 'velo-usage': 'oui', securite: 2, priorites: ['pistes', 'bus'] });
  });

  it('shows a scale with its end labels, a ranking, and counts the characters of free text', async () => {
    const { element } = await mount();
    await click(element, '#survey-mode-marche');
    await next(element);
    expect(text($(element, '#survey-securite-hint'))).to.equal('1 : Pas du tout ; 5 : Tout à fait.');
    expect($$(element, '#survey-securite input[type="radio"]')).to.have.length(5);
    expect($(element, '#survey-securite')!.classList.contains('inline')).to.equal(true);
    await click(element, '#survey-velo-usage-oui');
    await click(element, '#survey-securite-5');
    await next(element);
    expect(text($(element, '#survey-idee-hint'))).to.equal('0 caractères sur 200.');
    await type(element, '#survey-idee', 'Plus de bancs');
    expect(text($(element, '#survey-idee-hint'))).to.equal('13 caractères sur 200.');
    expect($<HTMLTextAreaElement>(element, 'textarea#survey-idee')!.maxLength).to.equal(200);
    await next(element);
    expect(text($(element, '#survey-priorites-error'))).to.include('Répondez à cette question.');
    await click(element, '#survey-priorites-bus-add');
    await next(element);
    expect(text($(element, '#survey-priorites-error'))).to.include('Classez au moins 2 options.');
    await until(() => focused(element)?.id === 'survey-priorites');
  });

  it('sends the answers anonymously with the participant id, fires civ-survey-submitted, thanks and shows the results', async () => {
    const { element, root } = await mount({
      ...surveyRoutes(mobilitySurvey(), surveyResults()),
      'PUT consultations/avis-mobilite/response': {
        status: 201,
        body: {
          response: { status: 'accepted', counted: true, submittedAt: '2027-03-02T10:00:00.000Z', updatedAt: '2027-03-02T10:00:00.000Z' },
          replaced: false,
        },
      },
    });
    await answerAll(element);
    const submitted = oneEvent(root, 'civ-survey-submitted');
    await next(element);
    const event = await submitted;
    expect(event.detail).to.deep.equal({ consultation: 'avis-mobilite', replaced: false, counted: true });
    const put = api.last('PUT consultations/avis-mobilite/response')!;
    expect(put.headers.get('civique-participant')).to.equal(localStorage.getItem(PARTICIPANT_KEY));
    expect(put.body).to.deep.equal({ answers: { mode: 'velo', 'velo-usage': 'oui', securite: 4, priorites: ['bus', 'pistes'] } });
    await until(() => focused(element)?.id === 'notice');
    expect(text($(element, '#notice'))).to.equal('Merci ! Vos réponses sont enregistrées.');
    expect($(element, 'form#survey')).to.equal(null);
    expect(localStorage.getItem(DRAFT_KEY)).to.equal(null);
    await until(() => api.sent('GET consultations/avis-mobilite/survey-results').length === 2, 'results read again');
  });

  it('folds the provisional results under "Voir les résultats provisoires" until one has answered, then shows them', async () => {
    const { element } = await mount({
      ...surveyRoutes(mobilitySurvey(), surveyResults()),
      'PUT consultations/avis-mobilite/response': {
        status: 201,
        body: {
          response: { status: 'accepted', counted: true, submittedAt: '2027-03-02T10:00:00.000Z', updatedAt: '2027-03-02T10:00:00.000Z' },
          replaced: false,
        },
      },
    });
    await until(() => $(element, '.results'));
    const folded = $<HTMLDetailsElement>(element, 'details[part="results-toggle"]')!;
    expect(text(folded.querySelector('summary'))).to.equal('Voir les résultats provisoires');
    expect(folded.open).to.equal(false);
    expect(folded.contains($(element, '.results')), 'the results are inside the closed disclosure').to.equal(true);
    expect($(element, '.results')!.checkVisibility(), 'not shown').to.equal(false);
    await expect(element).to.be.accessible();
    folded.querySelector('summary')!.click();
    await until(() => $(element, '.results')!.checkVisibility(), 'shown to whoever asks');

    await answerAll(element);
    await next(element);
    await until(() => $(element, '#notice'));
    await element.updateComplete;
    expect(Boolean($(element, 'details[part="results-toggle"]')), 'after answering, no disclosure').to.equal(false);
    expect($(element, '.results')!.checkVisibility()).to.equal(true);
  });

  it("says each hint once: a help that already gives the rule's number replaces the rule", async () => {
    const c = mobilitySurvey();
    const motifs = c.settings.questions.find((q) => q.id === 'motifs')!;
    motifs.help = 'Deux réponses au plus.';
    const priorites = c.settings.questions.find((q) => q.id === 'priorites')!;
    priorites.help = 'Classez-en au moins deux.';
    const distance = c.settings.questions.find((q) => q.id === 'distance')!;
    distance.help = 'Laissez vide si vous ne travaillez pas.';
    const { element } = await mount(surveyRoutes(c));
    expect(text($(element, '#survey-motifs-hint'))).to.equal('Deux réponses au plus.');
    expect(text($(element, '#survey-distance-hint')), 'a help without the number keeps the rule').to.equal(
      'Laissez vide si vous ne travaillez pas. Entre 0 et 300.',
    );
    await click(element, '#survey-mode-velo');
    await next(element);
    await click(element, '#survey-velo-usage-oui');
    await click(element, '#survey-securite-4');
    await next(element);
    expect(text($(element, '#survey-priorites-hint'))).to.equal('Classez-en au moins deux.');
    await click(element, '#survey-priorites-bus-add');
    expect(text($(element, '.ranked li .label')), 'the ranked list shows positions').to.equal('1. Des bus plus fréquents');
  });

  it('profile questions: skippable (nothing sent), or answered and sent as numbers; the birth year is checked', async () => {
    const { element } = await mount({
      ...surveyRoutes(mobilitySurvey()),
      'PUT consultations/avis-mobilite/response': {
        status: 201,
        body: {
          response: { status: 'accepted', counted: true, submittedAt: '2027-03-02T10:00:00.000Z', updatedAt: '2027-03-02T10:00:00.000Z' },
          replaced: false,
        },
      },
    });
    await answerAll(element);
    expect(text($(element, 'form'))).to.include('Répondez à celles que vous voulez.');
    expect($$(element, '#survey-_quartier input').map((i) => (i as HTMLInputElement).value)).to.deep.equal([
      'Centre-ville',
      'Les Coteaux',
      'Le Val Fleuri',
      '',
    ]);
    expect(text($(element, 'label[for="survey-_pcsGroup-"]'))).to.equal('Je préfère ne pas répondre');
    await type(element, '#survey-_birthYear', '1850');
    await next(element);
    expect(text($(element, '#survey-_birthYear-error'))).to.include('Saisissez une année entre 1900 et');
    await type(element, '#survey-_birthYear', '1984');
    await click(element, '#survey-_gender-female');
    await click(element, '#survey-_pcsGroup-4');
    await click(element, '#survey-_quartier-Les Coteaux'.replace(' ', '\\ '));
    await next(element);
    await until(() => api.sent('PUT consultations/avis-mobilite/response').length === 1);
    expect((api.last('PUT consultations/avis-mobilite/response')!.body as { profile: unknown }).profile).to.deep.equal({
      birthYear: 1984,
      gender: 'female',
      quartier: 'Les Coteaux',
      pcsGroup: 4,
    });
  });

  it('fills the profile questions from the account only when the citizen asks', async () => {
    sessionStorage.setItem(TOKEN_KEY, 'tok_0123456789abcdefghijklmnopqrstuvwxyz');
    const { element } = await mount({
      ...surveyRoutes(mobilitySurvey()),
      'GET me': { body: me({}, { birthYear: 1990, gender: 'other', city: 'Montjoli', pcsGroup: 5 }) },
      'GET consultations/avis-mobilite/response-draft': { body: { draft: null } },
      'PUT consultations/avis-mobilite/response-draft': { body: { draft: serverDraft({}) } },
    });
    await answerAll(element);
    expect($<HTMLInputElement>(element, '#survey-_birthYear')!.value, 'not without asking').to.equal('');
    await click(element, '[part="prefill"]');
    expect($<HTMLInputElement>(element, '#survey-_birthYear')!.value).to.equal('1990');
    expect($<HTMLInputElement>(element, '#survey-_city')!.value).to.equal('Montjoli');
    expect($<HTMLInputElement>(element, '#survey-_gender-other')!.checked).to.equal(true);
    expect($<HTMLInputElement>(element, '#survey-_pcsGroup-5')!.checked).to.equal(true);
    expect(live(element)).to.include('Les informations de votre compte sont reprises');
  });

  it('keeps every answer in this browser as it goes: a reload resumes at the same section', async () => {
    const first = await mount();
    await click(first.element, '#survey-mode-bus');
    await next(first.element);
    await click(first.element, '#survey-velo-usage-non');
    const draft = JSON.parse(localStorage.getItem(DRAFT_KEY)!);
    expect(draft.values).to.include({ mode: 'bus', 'velo-usage': 'non', _section: '1' });
    api.restore();
    first.root.remove();

    const { element } = await mount();
    expect(text($(element, '#survey-progress'))).to.equal('Section 2 sur 4');
    expect($<HTMLInputElement>(element, '#survey-velo-usage-non')!.checked).to.equal(true);
    expect($(element, '#survey-velo-freins'), 'the condition holds after the reload').to.exist;
  });

  it('for a signed-in citizen, resumes the draft saved on their account when newer, and saves changes to it (debounced)', async () => {
    sessionStorage.setItem(TOKEN_KEY, 'tok_0123456789abcdefghijklmnopqrstuvwxyz');
    const { element } = await mount({
      ...surveyRoutes(mobilitySurvey()),
      'GET me': { body: me() },
      'GET consultations/avis-mobilite/response-draft': {
        body: { draft: serverDraft({ mode: 'marche', motifs: ['courses'] }, '2027-03-01T09:30:00.000Z', { birthYear: 1970 }) },
      },
      'PUT consultations/avis-mobilite/response-draft': (request) => ({
        body: { draft: { ...(request.body as object), profile: null, savedAt: '2027-03-02T10:00:00.000Z' } },
      }),
    });
    await until(() => $<HTMLInputElement>(element, '#survey-mode-marche')?.checked, 'the account’s draft is resumed');
    expect($<HTMLInputElement>(element, '#survey-motifs-courses')!.checked).to.equal(true);
    expect(text($(element, '#notice'))).to.include('Vous reprenez les réponses commencées le 1 mars 2027');
    await click(element, '#survey-mode-bus');
    await click(element, '#survey-motifs-travail');
    expect(api.sent('PUT consultations/avis-mobilite/response-draft'), 'not at each keystroke').to.have.length(0);
    await until(() => api.sent('PUT consultations/avis-mobilite/response-draft').length === 1, 'saved after a pause');
    expect(api.last('PUT consultations/avis-mobilite/response-draft')!.body).to.deep.equal({
      answers: { mode: 'bus', motifs: ['courses', 'travail'] },
      profile: { birthYear: 1970 },
    });
    await until(() => text($(element, '[part="saved"]')).includes('enregistrées sur votre compte'));
  });

  it('an older account draft does not overwrite newer answers kept in this browser', async () => {
    sessionStorage.setItem(TOKEN_KEY, 'tok_0123456789abcdefghijklmnopqrstuvwxyz');
    localStorage.setItem(`${DRAFT_KEY}:acc-1`, JSON.stringify({ values: { _section: '0', mode: 'voiture' }, savedAt: Date.now() }));
    const { element } = await mount({
      ...surveyRoutes(mobilitySurvey()),
      'GET me': { body: me() },
      'GET consultations/avis-mobilite/response-draft': { body: { draft: serverDraft({ mode: 'marche' }, '2020-01-01T00:00:00.000Z') } },
    });
    await until(() => api.sent('GET consultations/avis-mobilite/response-draft').length === 1);
    await element.updateComplete;
    expect($<HTMLInputElement>(element, '#survey-mode-voiture')!.checked).to.equal(true);
  });

  it('sends the server’s refusals to their questions, opening their section, focused', async () => {
    const { element } = await mount({
      ...surveyRoutes(mobilitySurvey()),
      'PUT consultations/avis-mobilite/response': apiError(422, 'survey_answers_invalid', [{ path: 'answers.mode', message: 'Unknown option "velo"' }]),
    });
    await answerAll(element);
    await next(element);
    await until(() => text($(element, '#survey-progress')) === 'Section 1 sur 4', 'back to the question’s section');
    expect(text($(element, '#survey-mode-error'))).to.include('Cette réponse n’est pas acceptée : vérifiez-la.');
    await until(() => focused(element)?.id === 'survey-mode-voiture');
  });

  it('on a network failure keeps the answers, offers to send them again, and sends them', async () => {
    const { element } = await mount({ ...surveyRoutes(mobilitySurvey()), 'PUT consultations/avis-mobilite/response': 'network-error' });
    await answerAll(element);
    await next(element);
    await until(() => $(element, '#survey-status'), 'the failure shows');
    expect(text($(element, '#survey-status'))).to.include('Le serveur n’a pas pu être joint');
    expect(JSON.parse(localStorage.getItem(DRAFT_KEY)!).failedAt).to.be.a('number');
    api.on('PUT consultations/avis-mobilite/response', {
      status: 201,
      body: {
        response: { status: 'quarantined', counted: false, submittedAt: '2027-03-02T10:00:00.000Z', updatedAt: '2027-03-02T10:00:00.000Z' },
        replaced: true,
      },
    });
    button(element, 'Réessayer l’envoi')!.click();
    await until(() => $(element, '#notice'));
    expect(text($(element, '#notice'))).to.include('Elles seront comptées après vérification');
  });

  it('shows public results: counts per option, a scale’s distribution with its mean, a ranking by points', async () => {
    const { element } = await mount(surveyRoutes(mobilitySurvey(), surveyResults()));
    await until(() => $(element, '.results'));
    const [mode, scale, ranking] = $$(element, '[part="question-results"]');
    expect(text(mode.querySelector('li'))).to.equal('En voiture 6 réponses (50 %)');
    expect([...scale.querySelectorAll('li')].map((li) => text(li))[3]).to.equal('4 4 réponses (40 %)');
    expect(text(scale)).to.include('Moyenne : 3,5. Médiane : 4.');
    expect(text(ranking.querySelector('li'))).to.equal('Des pistes cyclables 22 points, 5 fois en tête');
  });

  it("fits the host page's outline: heading-level sets its headings' levels, no-header hides its title and introduction but keeps the form named", async () => {
    api = mockApi(surveyRoutes(mobilitySurvey({ description: 'Dix minutes pour le plan de mobilité.' })));
    const levels = (element: CivSurvey) => $$(element, 'h2, h3, h4, h5, h6').map((h) => `${h.localName} ${text(h)}`);
    const plain = await mountWithSession<CivSurvey>(html`<civ-survey consultation="avis-mobilite"></civ-survey>`);
    await until(() => $(plain.element, 'form#survey'));
    expect(levels(plain.element)).to.deep.equal(['h2 Vos déplacements à Montjoli', 'h3 Vos habitudes de déplacement']);
    expect(text($(plain.element, '[part="header"]'))).to.include('Dix minutes pour le plan de mobilité.');

    const deeper = await mountWithSession<CivSurvey>(html`<civ-survey consultation="avis-mobilite" heading-level="5"></civ-survey>`);
    await until(() => $(deeper.element, 'form#survey'));
    expect(levels(deeper.element)).to.deep.equal(['h5 Vos déplacements à Montjoli', 'h6 Vos habitudes de déplacement']);

    const bare = await mountWithSession<CivSurvey>(html`<civ-survey consultation="avis-mobilite" no-header></civ-survey>`);
    await until(() => $(bare.element, 'form#survey'));
    expect(levels(bare.element), 'no title; the sections come at level 2').to.deep.equal(['h2 Vos habitudes de déplacement']);
    expect(text($(bare.element, '[part="header"]'))).not.to.include('Dix minutes');
    expect(text($(bare.element, '[part="header"]')), 'the dates stay').to.include('Ouvert jusqu’au');
    expect($(bare.element, 'form#survey')!.getAttribute('aria-label')).to.equal('Vos déplacements à Montjoli');
    await expect(bare.element).to.be.accessible();
  });

  it('has complete English translations, key for key, and speaks English on English pages', async () => {
    expect(shape(en)).to.deep.equal(shape(fr));
    api = mockApi(surveyRoutes(mobilitySurvey(), surveyResults()));
    const { element } = await mountWithSession<CivSurvey>(html`<civ-survey lang="en" consultation="avis-mobilite"></civ-survey>`);
    await until(() => $(element, '#survey-progress'));
    expect(text($(element, '#survey-progress'))).to.equal('Section 1 of 4');
    expect(button(element, 'Next section')).to.exist;
    await until(() => $(element, '.results'));
    expect(text($(element, '.results li'))).to.equal('En voiture 6 answers (50%)');
  });

  it('fits a 320 px wide screen without scrolling sideways', async () => {
    await setViewport({ width: 320, height: 640 });
    try {
      const { element } = await mount({ ...surveyRoutes(mobilitySurvey(), surveyResults()) });
      await answerAll(element);
      await until(() => $(element, '.results'));
      expect(element.scrollWidth).to.be.at.most(element.clientWidth);
      expect(document.documentElement.scrollWidth).to.be.at.most(320);
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });

  it('does not ask for results the survey keeps for its staff, and needs an account when it says so: signed out, the questions stay readable, only sending asks to sign in', async () => {
    api = mockApi({ ...surveyRoutes(mobilitySurvey({ allowAnonymous: false }, { resultsVisibility: 'staff' })), 'GET me': { body: me() } });
    const out = await mountWithSession<CivSurvey>(html`<civ-survey consultation="avis-mobilite" sign-in-url="/mon-compte.html"></civ-survey>`);
    const element = out.element;
    await until(() => $(element, 'h2'));
    expect(text($(element, '[part~="sign-in"]'))).to.include('Un compte est nécessaire pour participer.');
    expect(text($(element, 'form#survey')), 'the questions are readable').to.include('Comment vous déplacez-vous le plus souvent ?');
    expect(api.sent('GET consultations/avis-mobilite/survey-results')).to.have.length(0);
    await expect(element).to.be.accessible();
    await answerAll(element);
    expect(Boolean(button(element, 'Envoyer mes réponses')), 'no submit signed out').to.equal(false);
    expect($(element, 'form#survey [part~="sign-in"]'), 'the sign-in link stands where the submit would').to.exist;

    // Signed in on the account page, the citizen comes back: a new page, a new session; the answers are there.
    out.session.signedIn(issuedSession(me()), false);
    out.root.remove();
    api.on('GET consultations/avis-mobilite/response-draft', { body: { draft: null } });
    const again = await mountWithSession<CivSurvey>(html`<civ-survey consultation="avis-mobilite" sign-in-url="/mon-compte.html"></civ-survey>`);
    await until(() => button(again.element, 'Envoyer mes réponses'), 'signed in, on the last section, the submit is there');
    expect(text($(again.element, '#survey-progress')), 'back where they were').to.equal('Section 4 sur 4');
    button(again.element, 'Section précédente')!.click();
    await again.element.updateComplete;
    expect(text($(again.element, '.ranked')), 'the ranking kept').to.include('1. Des bus plus fréquents');
    expect(localStorage.getItem(DRAFT_KEY), "the signed-out draft became the account's").to.equal(null);
  });

  it('carries a honeypot hidden from people on every section; a bot that fills it sends it, a person never does', async () => {
    const { element } = await mount({
      ...surveyRoutes(mobilitySurvey()),
      'PUT consultations/avis-mobilite/response': {
        status: 201,
        body: {
          response: { status: 'quarantined', counted: false, submittedAt: '2027-03-02T10:00:00.000Z', updatedAt: '2027-03-02T10:00:00.000Z' },
          replaced: false,
        },
      },
    });
    fillAsBot(expectHiddenHoneypot(element.shadowRoot!, 'survey'));
    await expect(element).to.be.accessible();
    await answerAll(element);
    expect(expectHiddenHoneypot(element.shadowRoot!, 'survey').value, 'kept across sections').to.equal('http://promo.example');
    await next(element);
    await until(() => api.sent('PUT consultations/avis-mobilite/response').length === 1);
    expect((api.last('PUT consultations/avis-mobilite/response')!.body as { website?: string }).website).to.equal('http://promo.example');
  });
});
