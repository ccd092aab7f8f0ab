import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import { html } from 'lit';
import { mountWithSession } from '../testing/fixtures.ts';
import { apiError, issuedSession, me, mockApi, MOCK_TENANT, type MockApi } from '../testing/mock-api.ts';
import type { CivProposalForm } from './proposal-form.element.ts';
import { ideas, proposal, proposalRoutes, SLUG } from './proposals.fixtures.ts';
import './proposals.ts';

const DRAFT_KEY = `civique:${MOCK_TENANT}:draft:proposal-form:${SLUG}`;
const TOKEN_KEY = `civique:${MOCK_TENANT}:token`;

const $ = <T extends Element = HTMLElement>(element: CivProposalForm, selector: string) => element.shadowRoot!.querySelector<T>(selector);
const text = (node: Element | null) => node!.textContent!.replace(/\s+/g, ' ').trim();
const until = (check: () => unknown, message?: string) => waitUntil(() => Boolean(check()), message, { timeout: 5000 });
const focused = (element: CivProposalForm) => element.shadowRoot!.activeElement as HTMLElement | null;

let api: MockApi;
afterEach(() => {
  api?.restore();
  localStorage.clear();
  sessionStorage.clear();
});

async function mount(routes = proposalRoutes(), account?: ReturnType<typeof me>) {
  if (account) {
    sessionStorage.setItem(TOKEN_KEY, issuedSession(account).token);
    routes = { 'GET me': { body: account }, ...routes };
  }
  api = mockApi(routes);
  const mounted = await mountWithSession<CivProposalForm>(html`<civ-proposal-form consultation=${SLUG}></civ-proposal-form>`);
  await until(() => $(mounted.element, 'form#proposal'), 'the form shows');
  return mounted;
}

async function type(element: CivProposalForm, selector: string, value: string) {
  const input = $<HTMLInputElement>(element, selector)!;
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  await element.updateComplete;
}

async function choose(element: CivProposalForm, selector: string, value: string) {
  const select = $<HTMLSelectElement>(element, selector)!;
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
  await element.updateComplete;
}

async function submit(element: CivProposalForm) {
  $<HTMLFormElement>(element, 'form#proposal')!.requestSubmit();
  await element.updateComplete;
}

async function pick(element: CivProposalForm, file: File) {
  const input = $<HTMLInputElement>(element, '#proposal-image')!;
  const transfer = new DataTransfer();
  transfer.items.add(file);
  input.files = transfer.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

function canvasFile(width: number, height: number, noise: boolean): Promise<File> {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d')!;
  if (noise) {
    const data = context.createImageData(width, height);
    for (let i = 0; i < data.data.length; i += 65536) crypto.getRandomValues(data.data.subarray(i, i + 65536));
    for (let i = 3; i < data.data.length; i += 4) data.data[i] = 255;
    context.putImageData(data, 0, 0);
  } else {
    context.fillStyle = '#3a7';
    context.fillRect(0, 0, width, height);
  }
  return new Promise((resolve) => canvas.toBlob((blob) => resolve(new File([blob!], 'fontaine.png', { type: 'image/png' })), 'image/png'));
}

describe('civ-proposal-form', () => {
  it('shows the limits as one types, offers the settings’ themes and quartiers, and stops an over-long title before sending', async () => {
    const { element } = await mount();
    expect(text($(element, '#proposal-title-hint'))).to.equal('0 caractères sur 120.');
    await type(element, '#proposal-title', 'Une fontaine');
    expect(text($(element, '#proposal-title-hint'))).to.equal('12 caractères sur 120.');
    await type(element, '#proposal-text', 'Remettre l’eau.');
    expect(text($(element, '#proposal-text-hint'))).to.contain('15 caractères sur 3000.');
    expect([...element.shadowRoot!.querySelectorAll('#proposal-category option')].map((o) => o.textContent!.trim())).to.deep.equal([
      'Non précisé',
      'Mobilité',
      'Nature en ville',
    ]);
    expect([...element.shadowRoot!.querySelectorAll('#proposal-quartier option')].map((o) => o.textContent!.trim())).to.deep.equal([
      'Non précisé',
      'Centre-ville',
      'Les Coteaux',
    ]);
    await type(element, '#proposal-title', 'x'.repeat(121));
    await submit(element);
    await until(() => focused(element)?.id === 'proposal-title', 'focus goes to the title');
    expect(text($(element, '#proposal-title-error'))).to.contain('120 caractères au plus.');
    expect($(element, '#proposal-title')!.getAttribute('aria-invalid')).to.equal('true');
    expect(api.sent(`POST consultations/${SLUG}/proposals`)).to.have.length(0);
    await expect(element).to.be.accessible();
  });

  it('lets a visitor without an account send a proposal and leave an address only to be told of the answer, confirmation pending', async () => {
    const { element } = await mount({
      ...proposalRoutes(),
      [`POST consultations/${SLUG}/proposals`]: {
        status: 201,
        body: { proposal: proposal({ id: 'prop-9', moderation: 'submitted' }), emailConfirmation: 'pending' },
      },
    });
    expect($(element, '#proposal-contactConsent'), 'no contact consent without an account').to.equal(null);
    await type(element, '#proposal-title', 'Une fontaine qui coule');
    await type(element, '#proposal-text', 'Remettre l’eau dans la fontaine.');
    await choose(element, '#proposal-category', 'nature');
    await type(element, '#proposal-email', 'camille@example.fr');
    const event = oneEvent(element, 'civ-proposal-submitted');
    await submit(element);
    const { detail } = await event;
    expect(detail).to.deep.equal({ consultation: SLUG, proposalId: 'prop-9', moderation: 'submitted', emailConfirmation: 'pending' });
    const body = api.last(`POST consultations/${SLUG}/proposals`)!.body as Record<string, unknown>;
    expect(body).to.include({ title: 'Une fontaine qui coule', category: 'nature', email: 'camille@example.fr', contactConsent: false, locale: 'fr' });
    expect(api.last(`POST consultations/${SLUG}/proposals`)!.headers.get('civique-participant'), 'the anonymous author').to.match(/^[0-9a-f]{12}\.[\w-]{22}$/);
    expect(body.returnUrl).to.equal(location.href.split('#')[0]);
    expect(body).not.to.have.property('quartier');
    await until(() => focused(element)?.id === 'notice', 'the notice gets the focus');
    expect(text($(element, '#notice')))
      .to.contain('relecture')
      .and.contain('Confirmation en attente')
      .and.contain('camille@example.fr');
    expect(localStorage.getItem(DRAFT_KEY), 'the draft is erased once sent').to.equal(null);
  });

  it('keeps what was typed across a reload and a failed send, and offers to send it again', async () => {
    const first = await mount({ ...proposalRoutes(), [`POST consultations/${SLUG}/proposals`]: apiError(503, 'unavailable') });
    await type(first.element, '#proposal-title', 'Des bancs à l’ombre');
    await type(first.element, '#proposal-text', 'Sur la place, sous les platanes.');
    await submit(first.element);
    await until(() => $(first.element, '#proposal-status'), 'the failure is said');
    expect(text($(first.element, '#proposal-status'))).to.contain('conservées');
    first.root.remove();
    api.restore();
    const again = await mount();
    expect($<HTMLInputElement>(again.element, '#proposal-title')!.value).to.equal('Des bancs à l’ombre');
    expect($<HTMLTextAreaElement>(again.element, '#proposal-text')!.value).to.equal('Sur la place, sous les platanes.');
    expect(text($(again.element, '#proposal-status'))).to.contain('Réessayer l’envoi');
  });

  it('asks an account where the consultation needs one, and keeps the form readable', async () => {
    const { element } = await mount(proposalRoutes({}, ideas({ allowAnonymous: false })));
    expect(text($(element, '[part~="notice"]'))).to.contain('Un compte est nécessaire');
    expect($(element, '[part="submit"]')).to.equal(null);
  });

  it('signed in: offers the contact consent, no address field, and sends the consent', async () => {
    const { element } = await mount(
      {
        ...proposalRoutes(),
        [`POST consultations/${SLUG}/proposals`]: { status: 201, body: { proposal: proposal({ id: 'prop-9' }), emailConfirmation: 'none' } },
      },
      me(),
    );
    await until(() => $(element, '#proposal-contactConsent'), 'the consent shows');
    expect($(element, '#proposal-email')).to.equal(null);
    await type(element, '#proposal-title', 'Une fontaine');
    await type(element, '#proposal-text', 'Qui coule.');
    $<HTMLInputElement>(element, '#proposal-contactConsent')!.click();
    await submit(element);
    await until(() => api.sent(`POST consultations/${SLUG}/proposals`).length === 1);
    const body = api.last(`POST consultations/${SLUG}/proposals`)!.body as Record<string, unknown>;
    expect(body).to.include({ contactConsent: true });
    expect(body).not.to.have.property('email');
    expect(api.last(`POST consultations/${SLUG}/proposals`)!.headers.get('civique-participant')).to.equal(null);
  });

  it('uploads the re-encoded picture, then sends its id with the proposal', async () => {
    const { element } = await mount({
      ...proposalRoutes(),
      [`POST consultations/${SLUG}/proposal-images`]: { status: 201, body: { imageId: 'img-1' } },
      [`POST consultations/${SLUG}/proposals`]: { status: 201, body: { proposal: proposal({ id: 'prop-9' }), emailConfirmation: 'none' } },
    });
    await pick(element, await canvasFile(800, 600, false));
    await until(() => $(element, '.chosen'), 'the picture is ready');
    await type(element, '#proposal-title', 'Une fontaine');
    await type(element, '#proposal-text', 'Qui coule.');
    await submit(element);
    await until(() => api.sent(`POST consultations/${SLUG}/proposals`).length === 1);
    const upload = api.last(`POST consultations/${SLUG}/proposal-images`)!;
    expect(upload.body).to.be.instanceOf(Blob);
    expect((upload.body as Blob).type).to.match(/^image\/(webp|png|jpeg)$/);
    expect(upload.headers.get('content-type')).to.equal((upload.body as Blob).type);
    expect((upload.body as Blob).size).to.be.at.most(1_000_000);
    expect(api.last(`POST consultations/${SLUG}/proposals`)!.body).to.include({ imageId: 'img-1' });
  });

  it('says clearly when a picture stays over 1 MB once re-encoded, and sends nothing', async function () {
    this.timeout(30000);
    const { element } = await mount();
    await pick(element, await canvasFile(2048, 2048, true));
    await waitUntil(() => $(element, '#proposal-image-error'), 'the picture is refused', { timeout: 20000 });
    expect(text($(element, '#proposal-image-error'))).to.contain('dépasse 1 Mo');
    expect(api.sent(`POST consultations/${SLUG}/proposal-images`)).to.have.length(0);
  });
});
