import { expect, waitUntil } from '@open-wc/testing';
import { html } from 'lit';
import { mountWithSession } from '../testing/fixtures.ts';
import { apiError, me, mockApi, MOCK_TENANT, type MockAnswer, type MockApi } from '../testing/mock-api.ts';
import type { CivVote } from './vote.element.ts';
import { budgetVote, singleVote, voteRoutes } from './vote.fixtures.ts';
import './vote.ts';

const PARTICIPANT_KEY = `civique:${MOCK_TENANT}:participant`;
const DRAFT_KEY = `civique:${MOCK_TENANT}:draft:vote:vote-marche`;

const $ = <T extends Element = HTMLElement>(element: CivVote, selector: string) => element.shadowRoot!.querySelector<T>(selector);
const text = (node: Element | null) => node!.textContent!.replace(/\s+/g, ' ').trim();
const live = (element: CivVote) => $(element, '[aria-live="polite"]')!.textContent!;
const focused = (element: CivVote) => element.shadowRoot!.activeElement as HTMLElement | null;
const button = (element: CivVote, label: string) => [...element.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.trim() === label);
const until = (check: () => unknown, message?: string) => waitUntil(() => Boolean(check()), message, { timeout: 6000 });

async function mount(answer: MockAnswer) {
  api = mockApi({ ...voteRoutes(singleVote()), 'PUT consultations/vote-marche/ballot': answer });
  const mounted = await mountWithSession<CivVote>(html`<civ-vote consultation="vote-marche"></civ-vote>`);
  await until(() => $(mounted.element, 'form#vote'));
  return mounted;
}

/** Chooses Samedi, sends, and waits for the answer to be shown. */
async function voteSamedi(element: CivVote) {
  $<HTMLInputElement>(element, '#vote-choice-samedi')!.click();
  await element.updateComplete;
  $<HTMLFormElement>(element, 'form#vote')!.requestSubmit();
  await until(() => $(element, '#vote-status') || $(element, '#vote-choice-error'), 'the refusal shows');
  await element.updateComplete;
}

let api: MockApi;
afterEach(() => {
  api?.restore();
  localStorage.clear();
  sessionStorage.clear();
});

describe('civ-vote, refusals and failures', () => {
  it('is accessible with a refusal shown and the retry offered', async () => {
    const { element } = await mount('network-error');
    await voteSamedi(element);
    await expect(element).to.be.accessible();
  });

  const refusals: [string, MockAnswer, string][] = [
    ['consultation_closed', apiError(409, 'consultation_closed'), 'Cette consultation est close.'],
    ['consultation_not_open', apiError(409, 'consultation_not_open'), 'Cette consultation n’est pas encore ouverte.'],
    ['account_required', apiError(403, 'account_required'), 'Connectez-vous pour participer.'],
    ['verified_email_required', apiError(403, 'verified_email_required'), 'Confirmez d’abord votre adresse e-mail'],
    ['ballot_already_cast', apiError(412, 'ballot_already_cast'), 'Vous avez déjà voté.'],
    [
      'participant_required',
      apiError(400, 'participant_required', [{ path: 'Civique-Participant', message: 'Required' }]),
      'Votre participation n’a pas pu être identifiée.',
    ],
    ['rate_limited', apiError(429, 'rate_limited', undefined, { 'Retry-After': '120' }), 'Trop de tentatives. Réessayez dans 2 minutes.'],
    ['internal_error', apiError(500, 'internal_error'), 'Une erreur est survenue de notre côté.'],
    ['an unknown code', apiError(400, 'something_new'), 'Une erreur inattendue est survenue.'],
  ];
  for (const [code, answer, message] of refusals) {
    it(`says ${code} in plain French, focused, and keeps the choice`, async () => {
      const { element } = await mount(answer);
      await voteSamedi(element);
      expect(text($(element, '#vote-status'))).to.include(message);
      await until(() => focused(element)?.id === 'vote-status');
      expect(live(element)).to.include(message.slice(0, 20));
      expect($<HTMLInputElement>(element, '#vote-choice-samedi')!.checked).to.equal(true);
      expect(JSON.parse(localStorage.getItem(DRAFT_KEY)!).values.choice).to.equal('samedi');
    });
  }

  const ruleRefusals: [string, string][] = [
    ['ballot_unknown_option', 'Un de vos choix n’existe plus.'],
    ['ballot_duplicate_option', 'Une option figure deux fois dans votre vote.'],
    ['ballot_too_many_choices', 'Vous avez choisi trop d’options.'],
    ['ballot_over_budget', 'Vos projets dépassent le budget : retirez-en un.'],
    ['ballot_under_min_spend', 'Vos projets n’atteignent pas le minimum à dépenser'],
    ['ballot_too_many_projects', 'Vous avez choisi trop de projets.'],
    ['ballot_project_outside_district', 'Un projet choisi n’est pas dans votre quartier.'],
  ];
  for (const [code, message] of ruleRefusals) {
    it(`shows ${code} on the choice, focused`, async () => {
      const { element } = await mount(apiError(422, code, [{ path: 'choice.0', message: 'English for developers' }]));
      await voteSamedi(element);
      expect(text($(element, '#vote-choice-error'))).to.include(message);
      await until(() => focused(element)?.id === 'vote-choice-mardi');
      expect(live(element)).to.include('Un champ est à corriger.');
    });
  }

  it('shows district refusals on the district', async () => {
    sessionStorage.setItem(`civique:${MOCK_TENANT}:token`, 'tok_0123456789abcdefghijklmnopqrstuvwxyz');
    const c = budgetVote(
      {},
      {
        budget: undefined,
        districts: [{ id: 'centre', name: 'Centre-ville', budget: 150_000 }],
        projects: budgetVote().settings.projects.map((p) => ({ ...p, district: 'centre' })),
      },
    );
    api = mockApi({
      ...voteRoutes(c),
      'GET me': { body: me() },
      'PUT consultations/budget-2027/ballot': apiError(422, 'ballot_unknown_district', [{ path: 'district', message: 'Unknown district' }]),
    });
    const { element } = await mountWithSession<CivVote>(html`<civ-vote consultation="budget-2027"></civ-vote>`);
    await until(() => $(element, '#vote-district-centre'));
    $<HTMLInputElement>(element, '#vote-district-centre')!.click();
    await element.updateComplete;
    for (const id of ['fontaine', 'arbres']) {
      $<HTMLInputElement>(element, `#vote-choice-${id}`)!.click();
      await element.updateComplete;
    }
    $<HTMLFormElement>(element, 'form#vote')!.requestSubmit();
    await until(() => $(element, '#vote-district-error'));
    expect(text($(element, '#vote-district-error'))).to.include('Ce quartier n’existe plus.');
  });

  it('on a network failure keeps the choice in this browser, offers to send it again, and sends it', async () => {
    const { element } = await mount('network-error');
    await voteSamedi(element);
    expect(text($(element, '#vote-status'))).to.include('Le serveur n’a pas pu être joint');
    expect(text($(element, '#vote-status'))).to.include('Vos informations sont conservées sur cet appareil');
    const draft = JSON.parse(localStorage.getItem(DRAFT_KEY)!);
    expect(draft.values.choice).to.equal('samedi');
    expect(draft.failedAt).to.be.a('number');
    const id = localStorage.getItem(PARTICIPANT_KEY);

    api.on('PUT consultations/vote-marche/ballot', {
      status: 201,
      body: {
        ballot: {
          choice: ['samedi'],
          district: null,
          status: 'accepted',
          counted: true,
          castAt: '2027-03-02T10:00:00.000Z',
          updatedAt: '2027-03-02T10:00:00.000Z',
        },
        changed: false,
      },
    });
    button(element, 'Réessayer l’envoi')!.click();
    await until(() => $(element, '#notice'));
    expect(api.last('PUT consultations/vote-marche/ballot')!.headers.get('civique-participant'), 'the same participant').to.equal(id);
    expect(localStorage.getItem(DRAFT_KEY), 'the draft goes once the server took it').to.equal(null);
  });

  it('after a failed vote and a reload, the choice is back and the retry offered', async () => {
    const first = await mount('network-error');
    await voteSamedi(first.element);
    api.restore();
    first.root.remove();

    const { element } = await mount({
      status: 201,
      body: {
        ballot: {
          choice: ['samedi'],
          district: null,
          status: 'accepted',
          counted: true,
          castAt: '2027-03-02T10:00:00.000Z',
          updatedAt: '2027-03-02T10:00:00.000Z',
        },
        changed: false,
      },
    });
    await until(() => $<HTMLInputElement>(element, '#vote-choice-samedi')?.checked, 'the choice is restored');
    expect(text($(element, '#vote-status'))).to.include('Votre dernier envoi n’a pas abouti');
    button(element, 'Réessayer l’envoi')!.click();
    await until(() => api.sent('PUT consultations/vote-marche/ballot').length === 1);
    expect(api.last('PUT consultations/vote-marche/ballot')!.body).to.deep.equal({ choice: ['samedi'] });
  });

  it('keeps an unsent choice across a reload too', async () => {
    const first = await mount({ status: 201 });
    $<HTMLInputElement>(first.element, '#vote-choice-mercredi')!.click();
    await first.element.updateComplete;
    api.restore();
    first.root.remove();
    const { element } = await mount({ status: 201 });
    await until(() => $<HTMLInputElement>(element, '#vote-choice-mercredi')?.checked);
  });

  it('says why a withdrawal failed, and keeps the vote', async () => {
    localStorage.setItem(PARTICIPANT_KEY, 'q3Xk9vL2mN8pR4tW7yZ1aBcd');
    api = mockApi({
      ...voteRoutes(singleVote(), {
        ballot: {
          choice: ['samedi'],
          district: null,
          status: 'accepted',
          counted: true,
          castAt: '2027-03-02T10:00:00.000Z',
          updatedAt: '2027-03-02T10:00:00.000Z',
        },
      }),
      'DELETE consultations/vote-marche/ballot': apiError(409, 'consultation_closed'),
    });
    const { element } = await mountWithSession<CivVote>(html`<civ-vote consultation="vote-marche"></civ-vote>`);
    await until(() => button(element, 'Retirer mon vote'));
    button(element, 'Retirer mon vote')!.click();
    await until(() => button(element, 'Oui, retirer mon vote'));
    button(element, 'Oui, retirer mon vote')!.click();
    await until(() => $(element, '#notice'));
    expect(text($(element, '#notice'))).to.equal('Cette consultation est close.');
    await until(() => focused(element)?.id === 'notice');
    expect(button(element, 'Retirer mon vote')).to.exist;
  });
});
