import { expect, fixture, waitUntil } from '@open-wc/testing';
import { html, render } from 'lit';
import type { CivAccount } from '../account/account.element.ts';
import '../account/account.ts';
import { apiError, issuedSession, me, mockApi, MOCK_API, MOCK_TENANT, type MockApi } from '../testing/mock-api.ts';
import { provideSession, Session } from './session.ts';

const TOKEN_KEY = `civique:${MOCK_TENANT}:token`;
const DRAFT_KEY = `civique:${MOCK_TENANT}:draft:account:profile:acc-1`;
const until = (check: () => unknown) => waitUntil(() => Boolean(check()), undefined, { timeout: 4000 });
const heading = (element: CivAccount) => element.shadowRoot!.querySelector('h2')?.textContent;

async function twoAccounts(session = new Session({ api: MOCK_API, tenant: MOCK_TENANT })) {
  const root = await fixture<HTMLElement>(html`<div></div>`);
  provideSession(root, session);
  await session.start();
  render(
    html`<civ-account id="first"></civ-account>
      <section><civ-account id="second"></civ-account></section>`,
    root,
  );
  const [first, second] = root.querySelectorAll<CivAccount>('civ-account');
  await Promise.all([first.updateComplete, second.updateComplete]);
  return { session, first, second };
}

let api: MockApi;
afterEach(() => {
  api?.restore();
  localStorage.clear();
  sessionStorage.clear();
});

describe('Session', () => {
  it('is shared by every widget on the page: signing in in one signs in the other (both accessible)', async () => {
    api = mockApi({ 'POST auth/sign-in': { body: issuedSession() }, 'POST auth/sign-out': { status: 204 } });
    const { first, second, session } = await twoAccounts();
    expect(heading(first)).to.equal('Se connecter');
    expect(heading(second)).to.equal('Se connecter');
    await expect(second).to.be.accessible();

    const input = (id: string) => first.shadowRoot!.querySelector<HTMLInputElement>(id)!;
    input('#sign-in-email').value = 'camille@example.fr';
    input('#sign-in-email').dispatchEvent(new Event('input'));
    input('#sign-in-password').value = 'la pluie tombe sur Montjoli';
    input('#sign-in-password').dispatchEvent(new Event('input'));
    first.shadowRoot!.querySelector<HTMLFormElement>('form#sign-in')!.requestSubmit();

    await until(() => heading(second) === 'Mon compte');
    expect(session.me?.email).to.equal('camille@example.fr');
    expect(second.shadowRoot!.textContent).to.include('Connecté avec camille@example.fr');

    await session.signOut();
    await until(() => heading(first) === 'Se connecter' && heading(second) === 'Se connecter');
  });

  it('restores a stored session with the server, and forgets a refused one', async () => {
    sessionStorage.setItem(TOKEN_KEY, 'tok_valid_valid_valid_valid');
    api = mockApi({ 'GET me': { body: me() } });
    const session = new Session({ api: MOCK_API, tenant: MOCK_TENANT });
    await session.start();
    expect(session.auth.status).to.equal('signed-in');
    expect(api.last('GET me')!.headers.get('authorization')).to.equal('Bearer tok_valid_valid_valid_valid');
    expect(api.last('GET ')!.headers.get('authorization'), 'the tenant check goes without a token').to.equal(null);
    api.restore();

    localStorage.setItem(TOKEN_KEY, 'tok_revoked_revoked_revoked');
    sessionStorage.clear();
    api = mockApi({ 'GET me': apiError(401, 'unauthenticated') });
    const refused = new Session({ api: MOCK_API, tenant: MOCK_TENANT });
    await refused.start();
    expect(refused.auth).to.deep.equal({ status: 'signed-out', reason: 'expired' });
    expect(localStorage.getItem(TOKEN_KEY)).to.equal(null);
  });

  it('keeps the token in sessionStorage, or in localStorage with "rester connecté", never both', async () => {
    api = mockApi();
    const session = new Session({ api: MOCK_API, tenant: MOCK_TENANT });
    session.signedIn(issuedSession(), true);
    expect(localStorage.getItem(TOKEN_KEY)).to.equal(issuedSession().token);
    expect(sessionStorage.getItem(TOKEN_KEY)).to.equal(null);
    session.signedIn(issuedSession(), false);
    expect(sessionStorage.getItem(TOKEN_KEY)).to.equal(issuedSession().token);
    expect(localStorage.getItem(TOKEN_KEY)).to.equal(null);
  });

  it('on a 401 forgets the token but keeps the drafts; on sign-out erases both', async () => {
    api = mockApi({ 'GET me': apiError(401, 'unauthenticated'), 'POST auth/sign-out': { status: 204 } });
    const session = new Session({ api: MOCK_API, tenant: MOCK_TENANT });
    session.signedIn(issuedSession(), true);
    localStorage.setItem(DRAFT_KEY, '{"values":{"city":"Montjoli"},"savedAt":1}');
    await session.refreshMe().catch(() => undefined);
    expect(session.auth).to.deep.equal({ status: 'signed-out', reason: 'expired' });
    expect(localStorage.getItem(TOKEN_KEY)).to.equal(null);
    expect(localStorage.getItem(DRAFT_KEY)).not.to.equal(null);

    session.signedIn(issuedSession(), true);
    await session.signOut();
    expect(api.last('POST auth/sign-out')!.headers.get('authorization')).to.equal(`Bearer ${issuedSession().token}`);
    expect(localStorage.getItem(TOKEN_KEY)).to.equal(null);
    expect(localStorage.getItem(DRAFT_KEY)).to.equal(null);
  });

  it('signs out on this device even when the server cannot be reached', async () => {
    api = mockApi({ 'POST auth/sign-out': 'network-error' });
    const session = new Session({ api: MOCK_API, tenant: MOCK_TENANT });
    session.signedIn(issuedSession(), false);
    await session.signOut();
    expect(session.auth).to.deep.equal({ status: 'signed-out', reason: 'signed-out' });
    expect(sessionStorage.getItem(TOKEN_KEY)).to.equal(null);
  });

  it('loads the tenant once, and names the embed problems', async () => {
    api = mockApi({ 'GET ': apiError(403, 'origin_not_allowed') });
    const session = new Session({ api: MOCK_API, tenant: MOCK_TENANT });
    await Promise.all([session.start(), session.start()]);
    expect(api.sent('GET ')).to.have.length(1);
    expect(session.problem).to.equal('origin_not_allowed');
    expect(new Session({ api: MOCK_API, tenant: undefined }).problem).to.equal(undefined);
    const missing = new Session({ api: MOCK_API, tenant: undefined });
    await missing.start();
    expect(missing.problem).to.equal('missing_tenant');
  });
});
