import { expect, fixtureCleanup, waitUntil } from '@open-wc/testing';
import { html } from 'lit';
import type { CivAccount } from '../account/account.element.ts';
import '../account/account.ts';
import { mountWithSession } from '../testing/fixtures.ts';
import { issuedSession, me, mockApi, MOCK_TENANT, type MockApi } from '../testing/mock-api.ts';
import { DraftStore } from './draft-store.ts';

const KEY = `civique:${MOCK_TENANT}:draft:account:profile:acc-1`;
const until = (check: () => unknown) => waitUntil(() => Boolean(check()), undefined, { timeout: 4000 });
const $ = <T extends Element = HTMLElement>(element: CivAccount, selector: string) => element.shadowRoot!.querySelector<T>(selector);

/** The "mon compte" page, (re)loaded with a signed-in session: what a reload does to a widget. */
async function loadPage() {
  sessionStorage.setItem(`civique:${MOCK_TENANT}:token`, issuedSession().token);
  const { element } = await mountWithSession<CivAccount>(html`<civ-account></civ-account>`);
  await until(() => $(element, '#profile-city'));
  return element;
}

let api: MockApi;
afterEach(() => {
  api?.restore();
  localStorage.clear();
  sessionStorage.clear();
});

describe('DraftStore', () => {
  it('keeps values per tenant, widget, form and account, marks failures, and forgets on success', () => {
    const drafts = new DraftStore<{ city: string }>('montjoli', 'account', 'profile', 'acc-1');
    expect(drafts.key).to.equal(KEY);
    expect(drafts.load()).to.equal(undefined);
    drafts.save({ city: 'Mont' });
    expect(drafts.load()!.values).to.deep.equal({ city: 'Mont' });
    expect(drafts.load()!.failedAt).to.equal(undefined);
    drafts.fail({ city: 'Montjoli' });
    drafts.save({ city: 'Montjoli-le-Haut' });
    expect(drafts.load()!.values.city).to.equal('Montjoli-le-Haut');
    expect(drafts.load()!.failedAt, 'a failure stays marked while typing').to.be.a('number');
    expect(new DraftStore('voisine', 'account', 'profile', 'acc-1').load(), 'another tenant’s drafts are not seen').to.equal(undefined);
    drafts.clear();
    expect(localStorage.getItem(KEY)).to.equal(null);
    localStorage.setItem(KEY, 'not json');
    expect(drafts.load()).to.equal(undefined);
  });

  it('never loses input: a failed submit is kept across a reload, offered again, and sent on retry', async () => {
    api = mockApi({ 'GET me': { body: me() }, 'PATCH me': 'network-error' });
    let page = await loadPage();
    await expect(page).to.be.accessible();
    const city = $<HTMLInputElement>(page, '#profile-city')!;
    city.value = 'Montjoli';
    city.dispatchEvent(new Event('input'));
    expect(JSON.parse(localStorage.getItem(KEY)!).values.city, 'kept while typing').to.equal('Montjoli');
    $<HTMLFormElement>(page, 'form#profile')!.requestSubmit();
    await until(() => $(page, '#profile-status'));
    expect($(page, '#profile-status')!.textContent).to.include('conservées sur cet appareil');
    expect(JSON.parse(localStorage.getItem(KEY)!).failedAt).to.be.a('number');
    expect(api.sent('PATCH me')).to.have.length(1);

    // The citizen reloads the page (or comes back tomorrow); the network is back.
    fixtureCleanup();
    api.on('PATCH me', (request) => ({ body: me({}, (request.body as { profile: object }).profile) }));
    page = await loadPage();
    expect($<HTMLInputElement>(page, '#profile-city')!.value).to.equal('Montjoli');
    expect($(page, '#profile-status')!.textContent).to.include('Votre dernier envoi n’a pas abouti');
    await expect(page).to.be.accessible();
    const retry = [...page.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.includes('Réessayer l’envoi'))!;
    retry.click();
    await until(() => api.sent('PATCH me').length === 2);
    expect((api.last('PATCH me')!.body as { profile: { city: string } }).profile.city).to.equal('Montjoli');
    await until(() => localStorage.getItem(KEY) === null);
    await until(() => !$(page, '#profile-status'));
  });

  it('never keeps a password in a draft', async () => {
    api = mockApi({ 'POST auth/sign-in': 'network-error' });
    const { element } = await mountWithSession<CivAccount>(html`<civ-account></civ-account>`);
    for (const [id, value] of [
      ['#sign-in-email', 'camille@example.fr'],
      ['#sign-in-password', 'la pluie tombe sur Montjoli'],
    ]) {
      const input = $<HTMLInputElement>(element, id)!;
      input.value = value;
      input.dispatchEvent(new Event('input'));
    }
    $<HTMLFormElement>(element, 'form#sign-in')!.requestSubmit();
    await until(() => $(element, '#sign-in-status'));
    const stored = localStorage.getItem(`civique:${MOCK_TENANT}:draft:account:sign-in`)!;
    expect(JSON.parse(stored).values).to.deep.equal({ email: 'camille@example.fr', remember: false });
    expect(stored).not.to.include('pluie');
  });
});
