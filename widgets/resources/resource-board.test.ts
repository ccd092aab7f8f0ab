import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import { html } from 'lit';
import { mountWithSession } from '../testing/fixtures.ts';
import { apiError, issuedSession, me, mockApi, MOCK_TENANT, type MockApi, type MockRoute } from '../testing/mock-api.ts';
import type { CivResourceBoard } from './resources.element.ts';
import { BOARD, boardRoutes, expiredPost, partner, resourcePost, requestPost, thread } from './resource-board.fixtures.ts';
import './resources.ts';

const TOKEN_KEY = `civique:${MOCK_TENANT}:token`;
const LIST = `GET consultations/${BOARD}/resources`;
const POST = `POST consultations/${BOARD}/resources`;

const $ = <T extends Element = HTMLElement>(element: CivResourceBoard, selector: string) => element.shadowRoot!.querySelector<T>(selector);
const $$ = <T extends Element = HTMLElement>(element: CivResourceBoard, selector: string) => [...element.shadowRoot!.querySelectorAll<T>(selector)];
const text = (node: Element | null) => node!.textContent!.replace(/\s+/g, ' ').trim();
const until = (check: () => unknown, message?: string) => waitUntil(() => Boolean(check()), message, { timeout: 5000 });
const focused = (element: CivResourceBoard) => element.shadowRoot!.activeElement as HTMLElement | null;
const button = (element: CivResourceBoard, label: string) => $$<HTMLButtonElement>(element, 'button').find((b) => b.textContent!.trim() === label);

let api: MockApi;
afterEach(async () => {
  api?.restore();
  localStorage.clear();
  sessionStorage.clear();
  history.replaceState(null, '', location.pathname + location.search);
  await setViewport({ width: 800, height: 600 });
});

async function mount(routes: Record<string, MockRoute> = boardRoutes(), account?: ReturnType<typeof me>) {
  if (account) {
    sessionStorage.setItem(TOKEN_KEY, issuedSession(account).token);
    routes = { 'GET me': { body: account }, ...routes };
  }
  api = mockApi(routes);
  const mounted = await mountWithSession<CivResourceBoard>(
    html`<civ-resource-board consultation=${BOARD} sign-in-url="/mon-compte.html"></civ-resource-board>`,
  );
  await until(() => $(mounted.element, '.header'), 'the board shows');
  return mounted;
}

async function choose(element: CivResourceBoard, selector: string, value: string) {
  const select = $<HTMLSelectElement>(element, selector)!;
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
  await element.updateComplete;
}

async function type(element: CivResourceBoard, selector: string, value: string) {
  const input = $<HTMLInputElement>(element, selector)!;
  input.value = value;
  input.dispatchEvent(new Event('input'));
  await element.updateComplete;
}

function pngFile(): Promise<File> {
  const canvas = document.createElement('canvas');
  canvas.width = 640;
  canvas.height = 480;
  const context = canvas.getContext('2d')!;
  context.fillStyle = '#3a7';
  context.fillRect(0, 0, 640, 480);
  return new Promise((resolve) => canvas.toBlob((blob) => resolve(new File([blob!], 'camionnette.png', { type: 'image/png' })), 'image/png'));
}

describe('civ-resource-board', () => {
  it('lists offers and requests with what each is, where, for how much, by which business and until when; an expired one says so', async () => {
    const { element } = await mount();
    await until(() => $$(element, '.items > li').length === 3, 'three posts');
    expect(text($(element, '[role="status"]'))).to.equal('3 annonces.');
    await expect(element).to.be.accessible();
    const [offer, request, expired] = $$(element, '.items > li').map(text);
    expect(offer)
      .to.contain('Offre')
      .and.contain('Véhicules')
      .and.contain('Zone d’activités des Prés')
      .and.contain('Gratuit')
      .and.contain('Par Menuiserie Leroux')
      .and.contain('1 véhicule')
      .and.contain('à partir du 1 mars 2027 jusqu’au 30 juin 2027')
      .and.contain('Disponible jusqu’au 12 avril 2027');
    expect(request).to.contain('Demande').and.contain('Locaux, stockage').and.contain('Payant').and.contain('Centre-ville');
    expect(expired).to.contain('Expirée depuis le 20 janvier 2027').and.not.contain('Disponible jusqu’au');
    // The durations the server's code applies are part of the privacy notice, in the page's language.
    expect(text($(element, '.privacy'))).to.contain('Une annonce expire 60 jours après sa publication.');
  });

  it('filters by direction, kind, place and availability, and searches through the API', async () => {
    const { element } = await mount();
    await until(() => $(element, '#filter-kind'));
    await choose(element, '#filter-direction', 'offer');
    await choose(element, '#filter-kind', 'vehicle');
    await choose(element, '#filter-place', 'zone-des-pres');
    $<HTMLInputElement>(element, '#filter-available')!.click();
    await until(() => api.last(LIST)!.query.get('available') === 'true');
    const query = api.last(LIST)!.query;
    expect([query.get('direction'), query.get('kind'), query.get('place')]).to.deep.equal(['offer', 'vehicle', 'zone-des-pres']);
    api.on(LIST, { body: { items: [], next: null } });
    await type(element, '#filter-q', 'vehicule');
    $<HTMLFormElement>(element, '.filters')!.requestSubmit();
    await until(() => api.last(LIST)!.query.get('q') === 'vehicule', 'the search is sent');
    await until(() => text($(element, '[role="status"]')) === 'Aucune annonce ne correspond.', 'no result is said');
  });

  it('says the board is empty, and loads more with the cursor, focusing the first new post', async () => {
    const empty = await mount(boardRoutes({ items: [] }));
    await until(() => $(empty.element, '[role="status"]'));
    expect(text($(empty.element, '[role="status"]'))).to.equal('Aucune annonce publiée pour le moment.');
    empty.root.remove();
    api.restore();
    const { element } = await mount(boardRoutes({ items: [resourcePost()], next: '17.3' }));
    await until(() => button(element, 'Voir plus d’annonces'));
    api.on(LIST, (r) => ({ body: r.query.get('cursor') === '17.3' ? { items: [requestPost()], next: null } : { items: [resourcePost()], next: '17.3' } }));
    button(element, 'Voir plus d’annonces')!.click();
    await until(() => $$(element, '.items > li').length === 2, 'appended');
    await until(() => focused(element)?.id === 'item-post-2', 'focus on the first new one');
  });

  it('opens a post from the page’s address; signed out, writing asks to sign in; no address of the business anywhere', async () => {
    history.replaceState(null, '', '#civique-resource=post-1');
    const { element } = await mount();
    await until(() => $(element, '#post-title'));
    await until(() => focused(element)?.id === 'post-title', 'focus on the post');
    expect(text($(element, '.detail')))
      .to.contain('Notre camionnette est libre')
      .and.contain('Écrire à cette entreprise')
      .and.contain('Un compte est nécessaire');
    expect($(element, 'a[part="sign-in-link"]')!.getAttribute('href')).to.contain('/mon-compte.html?returnUrl=');
    expect(element.shadowRoot!.innerHTML).not.to.match(/@/);
    await expect(element).to.be.accessible();
  });

  it('asks for the business profile first, says clearly when the SIRET key is wrong, then offers the post form', async () => {
    const { element } = await mount(
      { ...boardRoutes({}, { profile: null }), 'PUT me/business-profile': apiError(400, 'validation_failed', [{ path: 'siret', message: 'not valid' }]) },
      me(),
    );
    button(element, 'Publier une annonce')!.click();
    await until(() => $(element, '#profile-siret'), 'the profile form shows');
    expect(text($(element, '[part~="notice"]'))).to.contain('décrivez votre entreprise');
    await type(element, '#profile-tradeName', 'Librairie du Marché');
    await type(element, '#profile-siret', '732 829 320');
    await type(element, '#profile-sector', 'Livres');
    await type(element, '#profile-commune', 'Montjoli');
    $<HTMLFormElement>(element, '#profile')!.requestSubmit();
    await until(() => $(element, '#profile-siret-error'));
    expect(text($(element, '#profile-siret-error'))).to.contain('14 chiffres');
    expect(api.sent('PUT me/business-profile')).to.have.length(0);
    await type(element, '#profile-siret', '732 829 320 00075');
    $<HTMLFormElement>(element, '#profile')!.requestSubmit();
    await until(() => $(element, '#profile-siret-error'), 'the server refuses the key');
    expect(text($(element, '#profile-siret-error'))).to.contain('clé de contrôle ne correspond pas');
    await until(() => focused(element)?.id === 'profile-siret', 'focus on the SIRET');
    api.on('PUT me/business-profile', (r) => ({ body: { profile: { ...(r.body as object), updatedAt: '2027-02-11T10:00:00.000Z' } } }));
    await type(element, '#profile-siret', '732 829 320 00074');
    $<HTMLFormElement>(element, '#profile')!.requestSubmit();
    await until(() => $(element, '#post-title'), 'the post form follows');
    await expect(element).to.be.accessible();
  });

  it('an unconfirmed address may not post: it is told how to confirm, with a link to the account', async () => {
    const { element } = await mount(boardRoutes(), me({ emailVerified: false }));
    button(element, 'Publier une annonce')!.click();
    await until(() => $(element, '[part~="notice"]'));
    expect(text($(element, '[part~="notice"]')))
      .to.contain('confirmez d’abord votre adresse e-mail')
      .and.contain('lien reçu par courriel');
    expect($(element, 'a[part="sign-in-link"]')!.getAttribute('href')).to.equal('/mon-compte.html');
    expect($(element, '#post')).to.equal(null);
  });

  it('keeps the post across a reload and a failed send, then posts it and fires civ-resource-posted', async () => {
    const first = await mount({ ...boardRoutes(), [POST]: 'network-error' }, me());
    button(first.element, 'Publier une annonce')!.click();
    await until(() => $(first.element, '#post-title'));
    await choose(first.element, '#post-direction', 'request');
    await choose(first.element, '#post-kind', 'equipment');
    await type(first.element, '#post-title', 'Cherche une transpalette');
    await type(first.element, '#post-description', 'Pour une livraison le 3 mars.');
    await choose(first.element, '#post-place', 'centre-ville');
    $<HTMLFormElement>(first.element, '#post')!.requestSubmit();
    await until(() => $(first.element, '#post-status'), 'the failure is said');
    expect(text($(first.element, '#post-status'))).to.contain('conservées');
    first.root.remove();
    api.restore();
    const posted = requestPost({ id: 'post-9', kind: 'equipment', title: 'Cherche une transpalette', mine: true });
    const { element } = await mount({ ...boardRoutes(), [POST]: { status: 201, body: posted } }, me());
    button(element, 'Publier une annonce')!.click();
    await until(() => $(element, '#post-title'));
    expect($<HTMLInputElement>(element, '#post-title')!.value).to.equal('Cherche une transpalette');
    expect($<HTMLSelectElement>(element, '#post-kind')!.value).to.equal('equipment');
    const event = oneEvent(element, 'civ-resource-posted');
    $<HTMLFormElement>(element, '#post')!.requestSubmit();
    expect((await event).detail).to.deep.equal({ consultation: BOARD, resourceId: 'post-9', direction: 'request', moderation: 'published' });
    expect(api.last(POST)!.body).to.deep.equal({
      direction: 'request',
      kind: 'equipment',
      title: 'Cherche une transpalette',
      description: 'Pour une livraison le 3 mars.',
      quantity: null,
      periodStart: null,
      periodEnd: null,
      place: 'centre-ville',
      paid: false,
    });
    await until(() => focused(element)?.id === 'notice');
    expect(text($(element, '#notice'))).to.contain('publiée');
  });

  it('posts with a picture re-encoded on the device, uploaded once, and shows a post’s picture', async () => {
    const UPLOAD = `POST consultations/${BOARD}/resource-images`;
    const posted = resourcePost({ id: 'post-9', mine: true, imageUrl: 'https://api.civique.test/v1/tenants/montjoli/resource-images/img-1' });
    const { element } = await mount({ ...boardRoutes(), [UPLOAD]: { status: 201, body: { imageId: 'img-1' } }, [POST]: { status: 201, body: posted } }, me());
    button(element, 'Publier une annonce')!.click();
    await until(() => $(element, '#post-image'));
    await choose(element, '#post-kind', 'vehicle');
    await type(element, '#post-title', 'Camionnette à prêter');
    await type(element, '#post-description', 'Le week-end.');
    await choose(element, '#post-place', 'centre-ville');
    const input = $<HTMLInputElement>(element, '#post-image')!;
    const transfer = new DataTransfer();
    transfer.items.add(await pngFile());
    input.files = transfer.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await until(() => text($(element, '#post')).includes('camionnette.png'), 'the picture is chosen');
    $<HTMLFormElement>(element, '#post')!.requestSubmit();
    await until(() => api.sent(POST).length === 1);
    expect(api.sent(UPLOAD)).to.have.length(1);
    expect((api.last(UPLOAD)!.body as Blob).type).to.match(/^image\/(webp|png|jpeg)$/);
    expect(api.last(POST)!.body).to.include({ imageId: 'img-1' });
    history.replaceState(null, '', '#civique-resource=post-9');
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    api.on(`GET consultations/${BOARD}/resources/post-9`, { body: posted });
    await until(() => $(element, '.detail img'));
    expect($(element, '.detail img')!.getAttribute('src')).to.equal(posted.imageUrl);
  });

  it('lets the author renew or close their post', async () => {
    const mine = resourcePost({ mine: true });
    history.replaceState(null, '', '#civique-resource=post-1');
    const { element } = await mount(
      {
        ...boardRoutes({ items: [mine] }),
        [`PATCH consultations/${BOARD}/resources/post-1`]: { body: { ...mine, expiresAt: '2027-05-12T10:00:00.000Z' } },
        [`POST consultations/${BOARD}/resources/post-1/closure`]: { body: { ...mine, status: 'closed' } },
      },
      me(),
    );
    await until(() => button(element, 'Renouveler'));
    expect($(element, '#contact'), 'no writing to oneself').to.equal(null);
    button(element, 'Renouveler')!.click();
    await until(() => $(element, '#notice'));
    expect(api.last(`PATCH consultations/${BOARD}/resources/post-1`)!.body).to.deep.equal({ renew: true });
    expect(text($(element, '#notice'))).to.contain('12 mai 2027');
    button(element, 'Clore l’annonce')!.click();
    await until(() => text($(element, '.detail')).includes('Close'));
    expect(button(element, 'Renouveler')).to.equal(undefined);
  });

  it('writes to the author through the board, with the choice to share one’s address; a rate limit says how long to wait and keeps the message', async () => {
    history.replaceState(null, '', '#civique-resource=post-1');
    const CONTACT = `POST consultations/${BOARD}/resources/post-1/contact`;
    const { element } = await mount({ ...boardRoutes(), [CONTACT]: apiError(429, 'rate_limited', undefined, { 'retry-after': '1800' }) }, me());
    await until(() => $(element, '#contact-message'));
    await type(element, '#contact-message', 'Bonjour, est-elle libre le 15 mars ?');
    $<HTMLInputElement>(element, '#contact-shareEmail')!.click();
    $<HTMLFormElement>(element, '#contact')!.requestSubmit();
    await until(() => $(element, '#contact-status'));
    expect(text($(element, '#contact-status')))
      .to.contain('dans 30 minutes')
      .and.contain('votre message est gardé');
    expect($<HTMLTextAreaElement>(element, '#contact-message')!.value).to.equal('Bonjour, est-elle libre le 15 mars ?');
    api.on(CONTACT, { status: 201, body: thread({ messages: [] }) });
    $<HTMLFormElement>(element, '#contact')!.requestSubmit();
    await until(() => $(element, '#notice'));
    expect(api.last(CONTACT)!.body).to.deep.equal({
      message: 'Bonjour, est-elle libre le 15 mars ?',
      shareEmail: true,
      returnUrl: location.href.split('#')[0],
    });
    expect(text($(element, '#notice'))).to.contain('Message envoyé');
    await expect(element).to.be.accessible();
  });

  it('opens the thread of the relayed mail’s link in “Mes échanges”, and replies in it', async () => {
    history.replaceState(null, '', '#civique-thread=thread-1');
    const REPLY = 'POST me/resource-threads/thread-1/messages';
    const answered = thread({
      messages: [...thread().messages, { fromMe: true, body: 'Merci, à vendredi.', sharedEmail: 'camille@example.fr', createdAt: '2027-02-12T12:00:00.000Z' }],
    });
    const { element } = await mount({ ...boardRoutes(), [REPLY]: { status: 201, body: answered } }, me());
    await until(() => focused(element)?.id === 'thread-thread-1', 'focus on the thread');
    expect(text($(element, '[part="thread"]')))
      .to.contain('À propos de « Véhicule utilitaire')
      .and.contain('Avec Menuiserie Leroux')
      .and.contain('Oui, passez la prendre vendredi');
    await type(element, '#reply-message', 'Merci, à vendredi.');
    $<HTMLInputElement>(element, '#reply-shareEmail')!.click();
    $<HTMLFormElement>(element, '#reply')!.requestSubmit();
    await until(() => text($(element, '[part="thread"]')).includes('Merci, à vendredi.'));
    expect(api.last(REPLY)!.body).to.deep.equal({ message: 'Merci, à vendredi.', shareEmail: true });
    expect(text($(element, '[part="thread"]'))).to.contain('Adresse e-mail partagée : camille@example.fr');
    await expect(element).to.be.accessible();
  });

  it('reports a post to the shared moderation, a reason required', async () => {
    history.replaceState(null, '', '#civique-resource=post-3');
    const FLAG = 'POST moderation/resourcePost/post-3/flags';
    const { element } = await mount({ ...boardRoutes({ items: [expiredPost()] }), [FLAG]: { status: 201, body: { counted: true, hidden: false } } }, me());
    await until(() => button(element, 'Signaler'));
    expect($(element, '#contact'), 'an expired post takes no message').to.equal(null);
    button(element, 'Signaler')!.click();
    await until(() => focused(element)?.id === 'flag-reason');
    $<HTMLFormElement>(element, 'form.flag')!.requestSubmit();
    await until(() => $(element, '#flag-reason-error'));
    expect(api.sent(FLAG)).to.have.length(0);
    await choose(element, '#flag-reason', 'spam');
    $<HTMLFormElement>(element, 'form.flag')!.requestSubmit();
    await until(() => api.sent(FLAG).length === 1);
    expect(api.last(FLAG)!.body).to.deep.equal({ reason: 'spam' });
    await until(() => $(element, '#notice'));
    expect(text($(element, '#notice'))).to.contain('transmis à la modération');
  });

  it('lists the partners and relays a request for help to one, the address shared only when chosen', async () => {
    const HELP = `POST consultations/${BOARD}/partners/cci-vosges01/contact`;
    const { element } = await mount({ ...boardRoutes({}, { partners: [partner()] }), [HELP]: { status: 202, body: { status: 'sent' } } }, me());
    await until(() => $(element, '#partners-title'));
    expect(text($(element, '[part="partner"]')))
      .to.contain('Chambre de commerce et d’industrie des Vosges')
      .and.contain('Trouver un local, recruter');
    button(element, 'Demander de l’aide')!.click();
    await until(() => focused(element)?.id === 'help-message', 'focus on the request');
    await type(element, '#help-message', 'Nous cherchons un local de 50 m² près de la gare.');
    $<HTMLFormElement>(element, '#help')!.requestSubmit();
    await until(() => $(element, '#notice'));
    expect(api.last(HELP)!.body).to.deep.equal({
      message: 'Nous cherchons un local de 50 m² près de la gare.',
      shareEmail: false,
      returnUrl: location.href.split('#')[0],
    });
    expect(text($(element, '#notice'))).to.contain('Demande envoyée au partenaire');
    await expect(element).to.be.accessible();
  });

  it('fits 320 px without horizontal scrolling', async () => {
    await setViewport({ width: 320, height: 640 });
    const { element } = await mount(boardRoutes(), me());
    await until(() => $$(element, '.items > li').length === 3);
    expect(element.scrollWidth).to.be.at.most(320);
  });
});
