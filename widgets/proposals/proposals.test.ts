import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import { html } from 'lit';
import { mountWithSession } from '../testing/fixtures.ts';
import { issuedSession, me, mockApi, MOCK_TENANT, type MockApi, type MockRoute } from '../testing/mock-api.ts';
import type { CivProposals } from './proposals.element.ts';
import { answeredProposal, proposal, proposalRoutes, SLUG } from './proposals.fixtures.ts';
import './proposals.ts';

const TOKEN_KEY = `civique:${MOCK_TENANT}:token`;
const LIST = `GET consultations/${SLUG}/proposals`;

const $ = <T extends Element = HTMLElement>(element: CivProposals, selector: string) => element.shadowRoot!.querySelector<T>(selector);
const $$ = <T extends Element = HTMLElement>(element: CivProposals, selector: string) => [...element.shadowRoot!.querySelectorAll<T>(selector)];
const text = (node: Element | null) => node!.textContent!.replace(/\s+/g, ' ').trim();
const until = (check: () => unknown, message?: string) => waitUntil(() => Boolean(check()), message, { timeout: 5000 });
const focused = (element: CivProposals) => element.shadowRoot!.activeElement as HTMLElement | null;
const button = (element: CivProposals, label: string) => $$<HTMLButtonElement>(element, 'button').find((b) => b.textContent!.trim() === label);

let api: MockApi;
afterEach(async () => {
  api?.restore();
  localStorage.clear();
  sessionStorage.clear();
  history.replaceState(null, '', location.pathname + location.search);
  await setViewport({ width: 800, height: 600 });
});

async function mount(routes: Record<string, MockRoute> = proposalRoutes(), account?: ReturnType<typeof me>) {
  if (account) {
    sessionStorage.setItem(TOKEN_KEY, issuedSession(account).token);
    routes = { 'GET me': { body: account }, ...routes };
  }
  api = mockApi(routes);
  const mounted = await mountWithSession<CivProposals>(html`<civ-proposals consultation=${SLUG}></civ-proposals>`);
  await until(() => $(mounted.element, '.header'), 'the consultation shows');
  return mounted;
}

async function choose(element: CivProposals, selector: string, value: string) {
  const select = $<HTMLSelectElement>(element, selector)!;
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
  await element.updateComplete;
}

describe('civ-proposals', () => {
  it('lists the published proposals with their state, and filters, sorts and searches through the API', async () => {
    const { element } = await mount();
    await until(() => $$(element, '.items > li').length === 2, 'two proposals');
    expect(text($(element, '[role="status"]'))).to.equal('2 propositions.');
    await expect(element).to.be.accessible();
    expect(text($$(element, '.items > li')[1]))
      .to.contain('Acceptée')
      .and.contain('Mobilité')
      .and.contain('48 soutiens');
    await choose(element, '#filter-category', 'nature');
    await choose(element, '#filter-answer', 'accepted');
    await choose(element, '#filter-sort', 'supported');
    await until(() => api.last(LIST)!.query.get('sort') === 'supported');
    const query = api.last(LIST)!.query;
    expect([query.get('category'), query.get('answer'), query.get('sort')]).to.deep.equal(['nature', 'accepted', 'supported']);
    api.on(LIST, { body: { items: [], nextCursor: null } });
    const search = $<HTMLInputElement>(element, '#filter-q')!;
    search.value = 'renover';
    search.dispatchEvent(new Event('input'));
    $<HTMLFormElement>(element, '.filters')!.requestSubmit();
    await until(() => api.last(LIST)!.query.get('q') === 'renover', 'the search is sent');
    await until(() => text($(element, '[role="status"]')).includes('Aucune proposition ne correspond'), 'no result is said');
  });

  it('starts from the answer the page asks for (answer="selected" on a budget page), which the citizen may change', async () => {
    api = mockApi(proposalRoutes());
    const { element } = await mountWithSession<CivProposals>(html`<civ-proposals consultation=${SLUG} answer="selected"></civ-proposals>`);
    await until(() => api.sent(LIST).length > 0);
    expect(api.sent(LIST).every((request) => request.query.get('answer') === 'selected')).to.equal(true);
    await until(() => $(element, '#filter-answer'));
    expect($<HTMLSelectElement>(element, '#filter-answer')!.value).to.equal('selected');
  });

  it('loads more with the cursor, appends, and moves the focus to the first new proposal', async () => {
    const { element } = await mount(proposalRoutes({ items: [proposal()], nextCursor: 'c2' }));
    await until(() => button(element, 'Voir plus de propositions'));
    api.on(LIST, (request) =>
      request.query.get('cursor') === 'c2' ? { body: { items: [answeredProposal()], nextCursor: null } } : { body: { items: [proposal()], nextCursor: 'c2' } },
    );
    button(element, 'Voir plus de propositions')!.click();
    await until(() => $$(element, '.items > li').length === 2, 'appended');
    expect(api.last(LIST)!.query.get('cursor')).to.equal('c2');
    await until(() => focused(element)?.id === 'item-prop-2', 'focus on the first new one');
    expect(button(element, 'Voir plus de propositions')).to.equal(undefined);
  });

  it('shows each proposal once when, sorted by supports, the next page brings back one already shown', async () => {
    const { element } = await mount(proposalRoutes({ items: [proposal()], nextCursor: 'c2' }));
    await until(() => button(element, 'Voir plus de propositions'));
    // prop-1 gained supports between the two pages: the server lists it again on the next one.
    api.on(LIST, (request) =>
      request.query.get('cursor') === 'c2'
        ? { body: { items: [proposal(), answeredProposal()], nextCursor: null } }
        : { body: { items: [proposal()], nextCursor: 'c2' } },
    );
    button(element, 'Voir plus de propositions')!.click();
    await until(() => focused(element)?.id === 'item-prop-2', 'focus on the first new one');
    expect($$(element, '.items > li').map((li) => li.querySelector('[id^="item-"]')?.id ?? li.id)).to.have.length(2);
    expect($$(element, '#item-prop-1')).to.have.length(1);
  });

  it('opens a proposal from the page’s address, with the official answer, the body that gave it and its date', async () => {
    history.replaceState(null, '', '#civique-proposal=prop-2');
    const { element } = await mount();
    await until(() => $(element, '.answer'), 'the answer shows');
    expect(text($(element, '#proposal-title'))).to.equal('Des arceaux à vélo devant la médiathèque');
    expect(text($(element, '.answer')))
      .to.contain('Réponse officielle')
      .and.contain('Douze arceaux')
      .and.contain('Conseil municipal, le 3 février 2027');
    await expect(element).to.be.accessible();
    await until(() => focused(element)?.id === 'proposal-title', 'focus on the proposal');
    button(element, 'Toutes les propositions')!.click();
    await until(() => $(element, '.items'), 'back to the list');
    expect(location.hash).to.equal('');
  });

  it('renders citizens’ text as text: markup stays inert, and only https addresses become links', async () => {
    const evil = proposal({
      id: 'prop-x',
      title: '<img src=x onerror="window.pwned=1">',
      text: '<script>window.pwned=1</script> javascript:alert(1) http://plain.example https://ok.example/a. <b>gras</b>',
    });
    history.replaceState(null, '', '#civique-proposal=prop-x');
    const { element } = await mount(proposalRoutes({ items: [evil] }));
    await until(() => $(element, '.text'), 'the proposal shows');
    const body = $(element, '.text')!;
    expect($(element, 'img'), 'no element made from the title').to.equal(null);
    expect(body.querySelector('script, b')).to.equal(null);
    expect(text($(element, '#proposal-title'))).to.equal('<img src=x onerror="window.pwned=1">');
    expect(text(body)).to.contain('<script>window.pwned=1</script>').and.contain('<b>gras</b>');
    expect([...body.querySelectorAll('a')].map((a) => a.getAttribute('href'))).to.deep.equal(['https://ok.example/a']);
    expect((window as { pwned?: number }).pwned).to.equal(undefined);
  });

  it('supports and withdraws the support of a proposal anonymously where allowed, the count following', async () => {
    history.replaceState(null, '', '#civique-proposal=prop-1');
    const { element } = await mount({
      ...proposalRoutes(),
      [`PUT consultations/${SLUG}/proposals/prop-1/support`]: { body: { supportCount: 13, supported: true, status: 'accepted' } },
      [`DELETE consultations/${SLUG}/proposals/prop-1/support`]: { body: { supportCount: 12, supported: false, status: null } },
    });
    await until(() => button(element, 'Soutenir'));
    const event = oneEvent(element, 'civ-proposal-supported');
    button(element, 'Soutenir')!.click();
    expect((await event).detail).to.deep.equal({ consultation: SLUG, proposalId: 'prop-1', supported: true });
    await until(() => button(element, 'Retirer mon soutien'), 'supported');
    expect(button(element, 'Retirer mon soutien')!.getAttribute('aria-pressed')).to.equal('true');
    expect(text($(element, '.detail'))).to.contain('13 soutiens');
    const anonymousId = api.last(`PUT consultations/${SLUG}/proposals/prop-1/support`)!.headers.get('civique-participant');
    expect(anonymousId).to.match(/^[0-9a-f]{12}\.[\w-]{22}$/);
    expect(text($(element, '#notice'))).to.equal('Votre soutien est enregistré.');
    button(element, 'Retirer mon soutien')!.click();
    await until(() => button(element, 'Soutenir'), 'withdrawn');
    expect(api.last(`DELETE consultations/${SLUG}/proposals/prop-1/support`)!.headers.get('civique-participant')).to.equal(anonymousId);
    expect(text($(element, '.detail'))).to.contain('12 soutiens');
  });

  it('reports a proposal with a reason from the list, signed in; a reason is required', async () => {
    history.replaceState(null, '', '#civique-proposal=prop-1');
    const { element } = await mount({ ...proposalRoutes(), [`POST consultations/${SLUG}/proposals/prop-1/flags`]: { status: 201, body: {} } }, me());
    await until(() => button(element, 'Signaler'));
    button(element, 'Signaler')!.click();
    await until(() => focused(element)?.id === 'flag-reason', 'focus on the reason');
    $<HTMLFormElement>(element, 'form.flag')!.requestSubmit();
    await until(() => $(element, '#flag-reason-error'), 'a reason is needed');
    expect(api.sent(`POST consultations/${SLUG}/proposals/prop-1/flags`)).to.have.length(0);
    await choose(element, '#flag-reason', 'personal_data');
    $<HTMLFormElement>(element, 'form.flag')!.requestSubmit();
    await until(() => api.sent(`POST consultations/${SLUG}/proposals/prop-1/flags`).length === 1);
    expect(api.last(`POST consultations/${SLUG}/proposals/prop-1/flags`)!.body).to.deep.equal({ reason: 'personal_data' });
    await until(() => text($(element, '#notice') ?? element).includes('signalement est transmis'));
  });

  it('confirms an anonymous author’s address from the mailed link, then shows the proposal', async () => {
    history.replaceState(null, '', '#civique-proposal-confirm=tok_abcdefghijklmnopqrstuvwxyz');
    const { element } = await mount({
      ...proposalRoutes(),
      'POST proposal-subscriptions/confirmation': { body: { proposalId: 'prop-2', slug: SLUG } },
    });
    await until(() => api.sent('POST proposal-subscriptions/confirmation').length === 1);
    expect(api.last('POST proposal-subscriptions/confirmation')!.body).to.deep.equal({ token: 'tok_abcdefghijklmnopqrstuvwxyz' });
    await until(() => $(element, '.answer'), 'the proposal opens');
    expect(location.hash).to.equal('#civique-proposal=prop-2');
    expect(text($(element, '#notice'))).to.contain('Adresse confirmée');
  });

  it('is usable 320 px wide: nothing overflows', async () => {
    await setViewport({ width: 320, height: 640 });
    history.replaceState(null, '', '#civique-proposal=prop-2');
    const { element } = await mount();
    await until(() => $(element, '.answer'));
    expect(element.scrollWidth).to.be.at.most(320);
  });
});

describe('civ-proposals, an anonymous author’s address', () => {
  it('shows what the mailed link’s address gave, without an account, downloads it, and erases it', async () => {
    const token = 'Sub_0123456789abcdefghijklmnopqrstuv';
    history.replaceState(null, '', `#civique-proposal-subscription=${token}`);
    const subscription = {
      email: 'camille@example.fr',
      locale: 'fr',
      confirmed: true,
      createdAt: '2027-01-12T10:00:00.000Z',
      confirmedAt: '2027-01-12T10:05:00.000Z',
      notifiedAt: null,
      proposal: { id: 'prop-1', slug: SLUG, title: 'Rénover la fontaine de la place du marché' },
    };
    const { element } = await mount({
      ...proposalRoutes(),
      [`GET proposal-subscriptions/${token}`]: { body: subscription },
      [`GET proposal-subscriptions/${token}/export`]: { body: subscription },
      [`DELETE proposal-subscriptions/${token}`]: { status: 204 },
    });
    await until(() => $(element, '[part="subscription"]'), 'the address shows');
    expect(location.hash, 'the token leaves the address bar').to.equal('');
    expect(text($(element, '[part="subscription"]')))
      .to.contain('camille@example.fr')
      .and.contain('12 janvier 2027')
      .and.contain('Rénover la fontaine');
    await until(() => focused(element)?.id === 'subscription-title');
    let saved: string | undefined;
    const click = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      saved = this.download;
    };
    try {
      button(element, 'Télécharger (JSON)')!.click();
      await until(() => saved, 'the file is handed to the downloads');
    } finally {
      HTMLAnchorElement.prototype.click = click;
    }
    expect(saved).to.equal('civique-adresse-proposition.json');
    expect(api.requests.find((r) => r.path === `proposal-subscriptions/${token}/export`)!.headers.get('authorization')).to.equal(null);
    button(element, 'Effacer mon adresse')!.click();
    await until(() => api.sent(`DELETE proposal-subscriptions/${token}`).length === 1);
    await until(() => !$(element, '[part="subscription"]'), 'gone');
    expect(text($(element, '#notice'))).to.contain('Adresse effacée');
  });
});
