import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import { html } from 'lit';
import { mountWithSession } from '../testing/fixtures.ts';
import { apiError, issuedSession, me, mockApi, MOCK_TENANT, type MockApi } from '../testing/mock-api.ts';
import type { CivVote } from './vote.element.ts';
import { approvalVote, ballot, pollResults, singleVote, voteRoutes } from './vote.fixtures.ts';
import { en } from './i18n/en.ts';
import { fr } from './i18n/fr.ts';
import { budgetResults, districtBudget } from './vote.fixtures.ts';
import './vote.ts';
import { expectHiddenHoneypot, fillAsBot } from '../testing/honeypot.ts';

/** A translation's keys, recursively, and the arity of its functions: English must match French key for key. */
const shape = (value: unknown): unknown =>
  typeof value === 'function'
    ? `fn/${value.length}`
    : value && typeof value === 'object'
      ? Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, shape(inner)]))
      : typeof value;

const PARTICIPANT_KEY = `civique:${MOCK_TENANT}:participant`;
const TOKEN_KEY = `civique:${MOCK_TENANT}:token`;

const $ = <T extends Element = HTMLElement>(element: CivVote, selector: string) => element.shadowRoot!.querySelector<T>(selector);
const $$ = <T extends Element = HTMLElement>(element: CivVote, selector: string) => [...element.shadowRoot!.querySelectorAll<T>(selector)];
const text = (element: CivVote) => element.shadowRoot!.textContent!.replace(/\s+/g, ' ');
const button = (element: CivVote, label: string) => $$<HTMLButtonElement>(element, 'button').find((b) => b.textContent!.trim() === label);
const live = (element: CivVote) => $(element, '[aria-live="polite"]')!.textContent!;
const focused = (element: CivVote) => element.shadowRoot!.activeElement as HTMLElement | null;
const until = (check: () => unknown, message?: string) => waitUntil(() => Boolean(check()), message, { timeout: 4000 });

async function mount(routes: Parameters<typeof mockApi>[0], slug = 'vote-marche') {
  api = mockApi(routes);
  const mounted = await mountWithSession<CivVote>(html`<civ-vote consultation=${slug}></civ-vote>`);
  await until(() => $(mounted.element, 'h2'), 'the consultation shows');
  return mounted;
}

async function choose(element: CivVote, id: string) {
  $<HTMLInputElement>(element, `#vote-choice-${id}`)!.click();
  await element.updateComplete;
}

async function submit(element: CivVote) {
  $<HTMLFormElement>(element, 'form#vote')!.requestSubmit();
  await element.updateComplete;
}

let api: MockApi;
afterEach(() => {
  api?.restore();
  localStorage.clear();
  sessionStorage.clear();
});

describe('civ-vote', () => {
  it('is accessible: open, voted with results, before opening, closed', async () => {
    const c = singleVote();
    const { element } = await mount(voteRoutes(c, { results: pollResults(c, [1, 2, 3, 4]) }));
    await until(() => $(element, '.bars'));
    await expect(element).to.be.accessible();
    api.restore();

    localStorage.setItem(PARTICIPANT_KEY, 'q3Xk9vL2mN8pR4tW7yZ1aBcd');
    const voted = await mount(voteRoutes(c, { ballot: ballot(['samedi']), results: pollResults(c, [1, 2, 3, 4]) }));
    await until(() => $(voted.element, '.mine'));
    await expect(voted.element).to.be.accessible();
    api.restore();

    const upcoming = await mount(voteRoutes(singleVote({ status: 'upcoming' })));
    await expect(upcoming.element).to.be.accessible();
    api.restore();

    const closed = singleVote({ status: 'closed' });
    const done = await mount(voteRoutes(closed, { results: pollResults(closed, [3, 0, 5, 2]) }));
    await until(() => $(done.element, '.bars'));
    await expect(done.element).to.be.accessible();
  });

  it('shows a single choice as a radio group with its legend, descriptions tied to the options', async () => {
    const { element } = await mount(voteRoutes(singleVote()));
    const group = $(element, 'fieldset#vote-choice')!;
    expect(group.querySelector('legend')!.textContent).to.include('Votre choix');
    expect($$<HTMLInputElement>(element, 'input[type="radio"]')).to.have.length(4);
    const mercredi = $<HTMLInputElement>(element, '#vote-choice-mercredi')!;
    expect(mercredi.getAttribute('aria-describedby')).to.equal('vote-choice-mercredi-hint');
    expect($(element, '#vote-choice-mercredi-hint')!.textContent).to.include('pas d’école');
    expect(text(element)).to.include('Ouvert jusqu’au 31 mars 2027');
  });

  it('votes anonymously: a time-ordered 128-bit id is made and kept per tenant, sent in Civique-Participant; fires civ-vote-submitted', async () => {
    const before = Date.now();
    const c = singleVote();
    const routes = voteRoutes(c, { results: pollResults(c, [0, 0, 0, 1]) });
    routes['PUT consultations/vote-marche/ballot'] = { status: 201, body: { ballot: ballot(['samedi']), changed: false } };
    const { element, root } = await mount(routes);
    expect(api.sent('GET consultations/vote-marche/ballot'), 'no id yet: nothing to ask').to.have.length(0);
    await choose(element, 'samedi');
    const submitted = oneEvent(root, 'civ-vote-submitted');
    await submit(element);
    const event = await submitted;
    expect(event.detail).to.deep.equal({ consultation: 'vote-marche', choice: ['samedi'], district: null, changed: false, counted: true });
    expect(event.bubbles && event.composed).to.equal(true);

    const id = localStorage.getItem(PARTICIPANT_KEY)!;
    expect(id, 'creation time in hex, a dot, 128 random bits').to.match(/^[0-9a-f]{12}\.[A-Za-z0-9_-]{22}$/);
    expect(parseInt(id.slice(0, 12), 16)).to.be.within(before, Date.now());
    const put = api.last('PUT consultations/vote-marche/ballot')!;
    expect(put.body).to.deep.equal({ choice: ['samedi'] });
    expect(put.headers.get('civique-participant')).to.equal(id);
    expect(put.headers.get('authorization')).to.equal(null);
    await until(() => focused(element)?.id === 'notice', 'focus on the confirmation');
    expect($(element, '#notice')!.textContent).to.include('Merci ! Votre vote est enregistré.');
    await until(() => api.sent('GET consultations/vote-marche/results').length === 2, 'the results are read again');
  });

  it('changes and withdraws the vote, with the participant id; the form follows', async () => {
    localStorage.setItem(PARTICIPANT_KEY, 'q3Xk9vL2mN8pR4tW7yZ1aBcd');
    const c = singleVote();
    const routes = voteRoutes(c, { ballot: ballot(['samedi']) });
    routes['PUT consultations/vote-marche/ballot'] = { status: 200, body: { ballot: ballot(['mercredi']), changed: true } };
    routes['DELETE consultations/vote-marche/ballot'] = { status: 204 };
    const { element, root } = await mount(routes);
    await until(() => $(element, '.mine'));
    expect(api.last('GET consultations/vote-marche/ballot')!.headers.get('civique-participant')).to.equal('q3Xk9vL2mN8pR4tW7yZ1aBcd');
    expect($<HTMLInputElement>(element, '#vote-choice-samedi')!.checked, 'my vote is shown').to.equal(true);
    expect(text(element)).to.include('Vous avez voté le 28 février 2027');

    await choose(element, 'mercredi');
    expect(button(element, 'Modifier mon vote')).to.exist;
    const changed = oneEvent(root, 'civ-vote-submitted');
    await submit(element);
    expect((await changed).detail.changed).to.equal(true);
    expect(api.last('PUT consultations/vote-marche/ballot')!.headers.get('civique-participant')).to.equal('q3Xk9vL2mN8pR4tW7yZ1aBcd');
    await until(() => text(element).includes('Votre vote est modifié.'));

    // Asked first: "Non" keeps the vote, focus back where it was.
    button(element, 'Retirer mon vote')!.click();
    await until(() => focused(element)?.id === 'withdraw-yes', 'focus on the confirmation');
    expect(text(element)).to.include('Retirer votre vote ? Il ne sera plus compté');
    expect($(element, '[role="group"][aria-labelledby="withdraw-ask"]'), 'the question names the two buttons').to.exist;
    await expect(element).to.be.accessible();
    button(element, 'Non, garder mon vote')!.click();
    await until(() => focused(element)?.id === 'withdraw', 'focus back on "Retirer mon vote"');
    expect(api.sent('DELETE consultations/vote-marche/ballot')).to.have.length(0);

    button(element, 'Retirer mon vote')!.click();
    await until(() => button(element, 'Oui, retirer mon vote'));
    expect(api.sent('DELETE consultations/vote-marche/ballot'), 'nothing withdrawn before the confirmation').to.have.length(0);
    const withdrawn = oneEvent(root, 'civ-vote-withdrawn');
    button(element, 'Oui, retirer mon vote')!.click();
    expect((await withdrawn).detail).to.deep.equal({ consultation: 'vote-marche' });
    expect(api.last('DELETE consultations/vote-marche/ballot')!.headers.get('civique-participant')).to.equal('q3Xk9vL2mN8pR4tW7yZ1aBcd');
    await until(() => text(element).includes('Votre vote est retiré.'));
    await element.updateComplete;
    expect($$<HTMLInputElement>(element, 'input:checked')).to.have.length(0);
    expect(button(element, 'Voter')).to.exist;
    expect(button(element, 'Retirer mon vote')).to.equal(undefined);
  });

  it('votes with the account when signed in (token, no participant id)', async () => {
    sessionStorage.setItem(TOKEN_KEY, 'tok_0123456789abcdefghijklmnopqrstuvwxyz');
    const c = singleVote();
    const routes = voteRoutes(c, { ballot: null });
    routes['GET me'] = { body: me() };
    routes['PUT consultations/vote-marche/ballot'] = { status: 201, body: { ballot: ballot(['mardi']), changed: false } };
    const { element } = await mount(routes);
    await until(() => api.sent('GET consultations/vote-marche/ballot').length === 1, 'my ballot is asked with the account');
    expect(api.last('GET consultations/vote-marche/ballot')!.headers.get('authorization')).to.match(/^Bearer /);
    await choose(element, 'mardi');
    await submit(element);
    await until(() => api.sent('PUT consultations/vote-marche/ballot').length === 1);
    const put = api.last('PUT consultations/vote-marche/ballot')!;
    expect(put.headers.get('authorization')).to.match(/^Bearer /);
    expect(put.headers.get('civique-participant')).to.equal(null);
    expect(localStorage.getItem(PARTICIPANT_KEY)).to.equal(null);
  });

  it('asks for a choice before sending anything, on the group, announced, with focus', async () => {
    const { element } = await mount(voteRoutes(singleVote()));
    await submit(element);
    await element.updateComplete;
    expect($(element, '#vote-choice-error')!.textContent).to.include('Choisissez une option avant de voter.');
    const first = $<HTMLInputElement>(element, '#vote-choice-mardi')!;
    expect(first.getAttribute('aria-invalid')).to.equal('true');
    expect(first.getAttribute('aria-describedby')).to.include('vote-choice-error');
    expect(live(element)).to.include('Un champ est à corriger.');
    await until(() => focused(element) === first, 'focus on the first option');
    expect(api.sent('PUT consultations/vote-marche/ballot')).to.have.length(0);
  });

  it('approval: states the bounds and enforces the maximum on the spot, the minimum on submit', async () => {
    const { element } = await mount(voteRoutes(approvalVote()), 'jours-marche');
    expect($(element, '#vote-choice-hint')!.textContent).to.equal('Choisissez de 2 à 3 options.');
    expect($$(element, 'input[type="checkbox"]')).to.have.length(4);
    await choose(element, 'mardi');
    await submit(element);
    expect($(element, '#vote-choice-error')!.textContent).to.include('Choisissez au moins 2 options.');
    await choose(element, 'mercredi');
    await choose(element, 'vendredi');
    await choose(element, 'samedi');
    expect($<HTMLInputElement>(element, '#vote-choice-samedi')!.checked, 'a fourth is refused').to.equal(false);
    expect($(element, '#vote-choice-error')!.textContent).to.include('Vous avez déjà choisi 3 options, le maximum');
    expect(live(element)).to.include('le maximum');
    api.on('PUT consultations/jours-marche/ballot', { status: 201, body: { ballot: ballot(['mardi', 'mercredi', 'vendredi']), changed: false } });
    await submit(element);
    await until(() => api.sent('PUT consultations/jours-marche/ballot').length === 1);
    expect(api.last('PUT consultations/jours-marche/ballot')!.body).to.deep.equal({ choice: ['mardi', 'mercredi', 'vendredi'] });
  });

  it('before opening: options visible but disabled, with the opening date; no submit, no results', async () => {
    const { element } = await mount(voteRoutes(singleVote({ status: 'upcoming', opensAt: '2027-04-01T08:00:00.000Z' })));
    expect(text(element)).to.include('Ouverture le 1 avril 2027 à');
    expect($(element, 'fieldset#vote-choice')!.hasAttribute('disabled')).to.equal(true);
    expect($$(element, 'input[type="radio"]')).to.have.length(4);
    expect(button(element, 'Voter')).to.equal(undefined);
    expect(api.sent('GET consultations/vote-marche/results')).to.have.length(0);
  });

  it('after closing: the final results, no ballot', async () => {
    const c = singleVote({ status: 'closed' });
    const { element } = await mount(voteRoutes(c, { results: pollResults(c, [3, 0, 5, 2]) }));
    await until(() => $(element, '.bars'));
    expect($(element, 'form')).to.equal(null);
    expect($(element, '#results-title')!.textContent).to.equal('Résultats définitifs');
    expect(text(element)).to.include('Clos depuis le');
  });

  it('shows results as a list of bars whose numbers are text, best first', async () => {
    const c = singleVote();
    const { element } = await mount(voteRoutes(c, { results: pollResults(c, [1, 2, 0, 5]) }));
    await until(() => $(element, '.bars'));
    const rows = $$(element, '.bars > li');
    expect(rows.map((row) => row.querySelector('.bar-label')!.textContent)).to.deep.equal([
      'Samedi matin',
      'Mercredi matin',
      'Mardi matin',
      'Vendredi après-midi',
    ]);
    expect(rows[0].querySelector('.bar-value')!.textContent!.replace(/\s+/g, ' ')).to.equal('5 votes (62,5 %)');
    expect(rows[2].querySelector('.bar-value')!.textContent!.replace(/\s+/g, ' ')).to.equal('1 vote (12,5 %)');
    const meter = rows[0].querySelector('meter')!;
    expect([meter.value, meter.max, meter.getAttribute('aria-hidden')]).to.deep.equal([5, 8, 'true']);
    expect(text(element)).to.include('Résultats provisoires. 8 votes.');
  });

  it('hides results until closing when the consultation says so, and reads them for staff, with the quarantined count', async () => {
    const c = singleVote({}, { resultsVisibility: 'after_close' });
    const { element } = await mount(voteRoutes(c));
    expect(text(element)).to.include('Les résultats seront publiés à la clôture, le 31 mars 2027');
    expect(api.sent('GET consultations/vote-marche/results')).to.have.length(0);
    api.restore();
    sessionStorage.setItem(TOKEN_KEY, 'tok_0123456789abcdefghijklmnopqrstuvwxyz');
    const routes = voteRoutes(c, { results: pollResults(c, [1, 1, 1, 1], { quarantined: 3, rejected: 0 }) });
    routes['GET me'] = { body: me({ staffOf: [{ tenant: MOCK_TENANT, roles: ['admin'] }] }) };
    const staff = await mount(routes);
    await until(() => $(staff.element, '.bars'));
    expect(text(staff.element)).to.include('En attente de vérification, non compté : 3.');
  });

  it('says a quarantined ballot is kept but not yet counted', async () => {
    localStorage.setItem(PARTICIPANT_KEY, 'q3Xk9vL2mN8pR4tW7yZ1aBcd');
    const routes = voteRoutes(singleVote());
    routes['PUT consultations/vote-marche/ballot'] = {
      status: 201,
      body: { ballot: ballot(['mardi'], { status: 'quarantined', counted: false }), changed: false },
    };
    const { element } = await mount(routes);
    await choose(element, 'mardi');
    await submit(element);
    await until(() => $(element, '#notice'));
    expect($(element, '#notice')!.textContent).to.include('Il sera compté après vérification');
  });

  it('needs an account when the consultation says so: the options stay readable, only the submit gives way to a sign-in link that brings back here', async () => {
    api = mockApi(voteRoutes(singleVote({ allowAnonymous: false })));
    const { element } = await mountWithSession<CivVote>(html`<civ-vote consultation="vote-marche" sign-in-url="/mon-compte.html"></civ-vote>`);
    await until(() => $(element, 'h2'));
    expect(text(element)).to.include('Un compte est nécessaire pour participer.');
    const back = encodeURIComponent(location.href.split('#')[0]);
    expect($<HTMLAnchorElement>(element, 'a[part="sign-in-link"]')!.getAttribute('href')).to.equal(`/mon-compte.html?returnUrl=${back}`);
    expect($(element, 'fieldset#vote-choice')!.hasAttribute('disabled')).to.equal(false);
    expect($(element, 'form [part~="sign-in"]'), 'the sign-in notice stands where the submit would').to.exist;
    expect($(element, 'button[type="submit"]')).to.equal(null);
    expect(api.sent('GET consultations/vote-marche/ballot')).to.have.length(0);
    await expect(element).to.be.accessible();
  });

  it('keeps what was chosen signed out across the sign-in round trip: back on the page, signed in, the choice is there', async () => {
    const c = districtBudget();
    api = mockApi({ ...voteRoutes(c), 'GET me': { body: me() } });
    const out = await mountWithSession<CivVote>(html`<civ-vote consultation="budget-quartiers" sign-in-url="/mon-compte.html"></civ-vote>`);
    await until(() => $(out.element, '#vote-district-centre'));
    expect(text(out.element), 'projects readable signed out: descriptions and costs').to.include('150 000 €');
    $<HTMLInputElement>(out.element, '#vote-district-centre')!.click();
    await out.element.updateComplete;
    $<HTMLInputElement>(out.element, '#vote-choice-fontaine')!.click();
    await out.element.updateComplete;
    const back = encodeURIComponent(location.href.split('#')[0]);
    expect($<HTMLAnchorElement>(out.element, 'a[part="sign-in-link"]')!.getAttribute('href'), 'the sign-in page brings the citizen back').to.equal(
      `/mon-compte.html?returnUrl=${back}`,
    );

    // On the account page, civ-account signs in (the same call), then the citizen comes back: a new page, a new session.
    out.session.signedIn(issuedSession(me()), false);
    out.root.remove();
    const again = await mountWithSession<CivVote>(html`<civ-vote consultation="budget-quartiers" sign-in-url="/mon-compte.html"></civ-vote>`);
    await until(() => button(again.element, 'Voter'), 'signed in, the submit is there');
    expect($<HTMLInputElement>(again.element, '#vote-district-centre')!.checked, 'the district').to.equal(true);
    expect($<HTMLInputElement>(again.element, '#vote-choice-fontaine')!.checked, 'the project').to.equal(true);
    expect(localStorage.getItem(`civique:${MOCK_TENANT}:draft:vote:budget-quartiers`), "the signed-out draft became the account's").to.equal(null);
    expect(localStorage.getItem(`civique:${MOCK_TENANT}:draft:vote:budget-quartiers:acc-1`)).to.include('fontaine');
  });

  it('says when the embed names no consultation, or one of another kind, and tells the webmaster in the console', async () => {
    api = mockApi({});
    const errors: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args.join(' '));
    try {
      const { element } = await mountWithSession<CivVote>(html`<civ-vote></civ-vote>`);
      await element.updateComplete;
      expect(text(element)).to.include('ne peut pas être affichée ici');
      expect(errors.join()).to.include('consultation absente');
      api.on('GET consultations/avis', { body: { ...singleVote(), kind: 'survey', slug: 'avis' } });
      const wrong = await mountWithSession<CivVote>(html`<civ-vote consultation="avis"></civ-vote>`);
      await until(() => text(wrong.element).includes('ne peut pas être affichée ici'));
    } finally {
      console.error = original;
    }
  });

  it('shows an unknown consultation without a pointless retry, and names the slug and the tenant in one console line', async () => {
    api = mockApi({ 'GET consultations/inconnue': apiError(404, 'consultation_not_found') });
    const errors: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args.join(' '));
    try {
      const { element } = await mountWithSession<CivVote>(html`<civ-vote consultation="inconnue"></civ-vote>`);
      await until(() => text(element).includes('Cette consultation est introuvable.'));
      await element.updateComplete;
      expect(
        $$(element, 'button').map((b) => b.textContent!.trim()),
        'no retry',
      ).not.to.include('Réessayer');
      const lines = errors.filter((line) => line.startsWith('[civique]'));
      expect(lines).to.have.length(1);
      expect(lines[0]).to.include('consultation="inconnue"').and.to.include(`"${MOCK_TENANT}"`);
      element.requestUpdate();
      await element.updateComplete;
      expect(
        errors.filter((line) => line.startsWith('[civique]')),
        'once',
      ).to.have.length(1);
    } finally {
      console.error = original;
    }
  });

  it('shows a server down as an error with a retry', async () => {
    api = mockApi({ 'GET consultations/vote-marche': apiError(503, 'unavailable') });
    const { element } = await mountWithSession<CivVote>(html`<civ-vote consultation="vote-marche"></civ-vote>`);
    await until(() => button(element, 'Réessayer'));
    api.on('GET consultations/vote-marche', { body: singleVote() });
    button(element, 'Réessayer')!.click();
    await until(() => $(element, 'h2'));
  });

  it("shows the day the data's retention ends in its privacy notice", async () => {
    const { element } = await mount(voteRoutes(singleVote({ retentionEnd: '2028-04-05T17:00:00.000Z' })));
    const notice = $(element, '[part="privacy"]')!;
    expect(notice.textContent!.replace(/\s+/g, ' ')).to.include('Fin de conservation : 5 avril 2028.');
  });

  it("fits the host page's outline: heading-level sets its headings' levels, no-header hides its title and introduction but keeps the form named", async () => {
    const c = singleVote({ description: 'Les commerçants proposent d’autres jours.' });
    api = mockApi(voteRoutes(c, { results: pollResults(c, [1, 2, 3, 4]) }));
    const levels = (element: CivVote) => $$(element, 'h2, h3, h4, h5, h6').map((h) => `${h.localName} ${h.textContent!.trim()}`);

    const plain = await mountWithSession<CivVote>(html`<civ-vote consultation="vote-marche"></civ-vote>`);
    await until(() => $(plain.element, '.bars'));
    expect(levels(plain.element)).to.deep.equal(['h2 Quel jour pour le marché ?', 'h3 Résultats']);
    expect(text(plain.element)).to.include('Les commerçants proposent d’autres jours.');

    const deeper = await mountWithSession<CivVote>(html`<civ-vote consultation="vote-marche" heading-level="4"></civ-vote>`);
    await until(() => $(deeper.element, '.bars'));
    expect(levels(deeper.element)).to.deep.equal(['h4 Quel jour pour le marché ?', 'h5 Résultats']);

    const bare = await mountWithSession<CivVote>(html`<civ-vote consultation="vote-marche" no-header heading-level="3"></civ-vote>`);
    await until(() => $(bare.element, '.bars'));
    expect(levels(bare.element), 'no title; the results come at the given level').to.deep.equal(['h3 Résultats']);
    expect(text(bare.element)).not.to.include('Les commerçants proposent');
    expect(text(bare.element), 'the dates stay').to.include('Ouvert jusqu’au');
    expect($(bare.element, 'form#vote')!.getAttribute('aria-label')).to.equal('Quel jour pour le marché ?');
    expect($(plain.element, 'form#vote')!.hasAttribute('aria-label'), 'a visible title names the widget already').to.equal(false);
    await expect(bare.element).to.be.accessible();
  });

  it('has complete English translations, key for key', () => {
    expect(shape(en)).to.deep.equal(shape(fr));
  });

  it('fits a 320 px wide screen without scrolling sideways', async () => {
    await setViewport({ width: 320, height: 640 });
    try {
      sessionStorage.setItem(TOKEN_KEY, 'tok_0123456789abcdefghijklmnopqrstuvwxyz');
      const c = districtBudget();
      const { element } = await mount(
        { ...voteRoutes(c, { results: budgetResults(c, { fontaine: 3, 'city-stade': 2 }) }), 'GET me': { body: me() } },
        'budget-quartiers',
      );
      $<HTMLInputElement>(element, '#vote-district-centre')!.click();
      await element.updateComplete;
      await until(() => $(element, '.bars'));
      expect(element.scrollWidth).to.be.at.most(element.clientWidth);
      expect(document.documentElement.scrollWidth).to.be.at.most(320);
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });

  it('speaks English on English pages', async () => {
    const c = singleVote();
    api = mockApi(voteRoutes(c, { results: pollResults(c, [1, 0, 0, 1]) }));
    const { element } = await mountWithSession<CivVote>(html`<civ-vote lang="en" consultation="vote-marche"></civ-vote>`);
    await until(() => text(element).includes('Open until'));
    await until(() => $(element, '.bars'));
    expect(text(element)).to.include('Your choice');
    expect(text(element)).to.include('1 vote (50%)');
    expect(button(element, 'Vote')).to.exist;
  });

  it('carries a honeypot hidden from people; a bot that fills it sends it', async () => {
    const c = singleVote();
    const { element } = await mount(voteRoutes(c));
    const honeypot = expectHiddenHoneypot(element.shadowRoot!, 'vote');
    await expect(element).to.be.accessible();
    fillAsBot(honeypot);
    await choose(element, 'samedi');
    await submit(element);
    await until(() => api.sent('PUT consultations/vote-marche/ballot').length === 1);
    expect(api.last('PUT consultations/vote-marche/ballot')!.body).to.deep.equal({ choice: ['samedi'], website: 'http://promo.example' });
  });
});
