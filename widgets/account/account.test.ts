import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { html } from 'lit';
import { mountWithSession } from '../testing/fixtures.ts';
import { apiError, issuedSession, me, mockApi, MOCK_TENANT, type MockApi } from '../testing/mock-api.ts';
import type { CivAccount } from './account.element.ts';
import './account.ts';
import { AVATAR_MAX_LENGTH, avatarDataUrl } from './dashboard/avatar.ts';
import { expectHiddenHoneypot, fillAsBot } from '../testing/honeypot.ts';

const TOKEN_KEY = `civique:${MOCK_TENANT}:token`;

const $ = <T extends Element = HTMLElement>(element: CivAccount, selector: string) => element.shadowRoot!.querySelector<T>(selector);
const text = (element: CivAccount) => element.shadowRoot!.textContent!.replace(/\s+/g, ' ');
const button = (element: CivAccount, label: string | RegExp) =>
  [...element.shadowRoot!.querySelectorAll('button')].find((b) => (typeof label === 'string' ? b.textContent!.trim() === label : label.test(b.textContent!)))!;
const liveRegion = (element: CivAccount) => $(element, '[role="status"][aria-live="polite"]')!.textContent!;
const focused = (element: CivAccount) => element.shadowRoot!.activeElement as HTMLElement | null;

async function type(element: CivAccount, selector: string, value: string) {
  const input = $<HTMLInputElement | HTMLSelectElement>(element, selector)!;
  input.value = value;
  input.dispatchEvent(new Event(input instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
  await element.updateComplete;
}

async function submit(element: CivAccount, form: string) {
  $<HTMLFormElement>(element, `form#${form}`)!.requestSubmit();
  await element.updateComplete;
}

/** Until `check` passes, re-rendering as the element does (lazy chunks, requests). */
const until = (check: () => unknown, message?: string) => waitUntil(() => Boolean(check()), message, { timeout: 4000 });

/** A civ-account whose session is restored from a stored token: signed in as `account`. */
async function signedIn(account = me(), routes: Parameters<typeof mockApi>[0] = {}) {
  sessionStorage.setItem(TOKEN_KEY, issuedSession().token);
  api = mockApi({ 'GET me': { body: account }, ...routes });
  const mounted = await mountWithSession<CivAccount>(html`<civ-account></civ-account>`);
  await until(() => $(mounted.element, '#section-title'), 'the dashboard shows');
  return mounted;
}

async function openSection(element: CivAccount, label: string) {
  button(element, label).click();
  await until(() => $(element, '#section-title')?.textContent === label);
}

let api: MockApi;
afterEach(async () => {
  api?.restore();
  localStorage.clear();
  sessionStorage.clear();
  history.replaceState(null, '', location.pathname + location.search);
  await setViewport({ width: 800, height: 600 });
});

describe('civ-account', () => {
  it('is accessible when signed out, and when signed in', async () => {
    api = mockApi();
    const { element } = await mountWithSession<CivAccount>(html`<civ-account></civ-account>`);
    expect($(element, 'h2')!.textContent).to.equal('Se connecter');
    await expect(element).to.be.accessible();
    api.restore();

    const signed = await signedIn(me({ emailVerified: false }));
    await expect(signed.element).to.be.accessible();
  });

  it('signs up: sends the form, says the same thing whoever owns the address, and leads to sign-in with the email filled in', async () => {
    api = mockApi({ 'POST auth/sign-up': { status: 202, body: { accepted: true } } });
    const { element } = await mountWithSession<CivAccount>(html`<civ-account></civ-account>`);
    button(element, 'Créer un compte').click();
    await element.updateComplete;
    expect($(element, 'h2')!.textContent).to.equal('Créer un compte');
    expect(focused(element)?.id).to.equal('view-title');
    expect(text(element)).to.include('12 caractères au minimum');

    await type(element, '#sign-up-email', 'camille@example.fr');
    await type(element, '#sign-up-password', 'la pluie tombe sur Montjoli');
    await submit(element, 'sign-up');

    await until(() => $(element, 'h2')?.textContent === 'Se connecter');
    expect(api.last('POST auth/sign-up')!.body).to.deep.equal({
      email: 'camille@example.fr',
      password: 'la pluie tombe sur Montjoli',
      locale: 'fr',
      returnUrl: location.href.split('#')[0],
    });
    expect(localStorage.getItem(TOKEN_KEY) ?? sessionStorage.getItem(TOKEN_KEY)).to.equal(null, 'no session before signing in');
    const notice = $(element, '#notice')!.textContent!;
    expect(notice).to.include('Si l’adresse camille@example.fr peut être utilisée, un e-mail de confirmation vient d’y être envoyé');
    expect(notice).not.to.include('créé');
    expect(element.shadowRoot!.querySelectorAll('.notice, [role="alert"]').length, 'one notice, not two alike').to.equal(1);
    expect($<HTMLInputElement>(element, '#sign-in-email')!.value).to.equal('camille@example.fr');
    await until(() => focused(element)?.id === 'notice', 'focus on the message');
    await expect(element).to.be.accessible();
  });

  it('checks the 12-character rule before sending anything, on the field, announced, with focus', async () => {
    api = mockApi();
    const { element } = await mountWithSession<CivAccount>(html`<civ-account initial-view="sign-up"></civ-account>`);
    await type(element, '#sign-up-email', 'camille@example.fr');
    await type(element, '#sign-up-password', 'court');
    await submit(element, 'sign-up');
    await element.updateComplete;

    const input = $<HTMLInputElement>(element, '#sign-up-password')!;
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    expect($(element, '#sign-up-password-error')!.textContent).to.include('il en manque 7');
    expect(input.getAttribute('aria-describedby')).to.include('sign-up-password-error');
    expect(liveRegion(element)).to.include('Un champ est à corriger.');
    expect(focused(element)).to.equal(input);
    expect(api.sent('POST auth/sign-up')).to.have.length(0);
  });

  it('shows the server’s validation errors on the right field, announced, and focuses it', async () => {
    api = mockApi({
      'POST auth/sign-up': apiError(400, 'weak_password', [
        { path: 'password', message: 'This password is too common; choose a longer sentence', code: 'common' },
      ]),
    });
    const { element } = await mountWithSession<CivAccount>(html`<civ-account initial-view="sign-up"></civ-account>`);
    await type(element, '#sign-up-email', 'camille@example.fr');
    await type(element, '#sign-up-password', 'motdepasse2027!');
    await submit(element, 'sign-up');
    await until(() => $(element, '#sign-up-password-error'));

    const password = $<HTMLInputElement>(element, '#sign-up-password')!;
    expect(password.getAttribute('aria-invalid')).to.equal('true');
    expect($(element, '#sign-up-password-error')!.textContent).to.include('trop courant');
    expect($<HTMLInputElement>(element, '#sign-up-email')!.getAttribute('aria-invalid')).to.equal('false');
    expect(liveRegion(element)).to.include('trop courant');
    await until(() => focused(element) === password);
  });

  it('signs in for this browser session only, unless "rester connecté" is ticked', async () => {
    api = mockApi({ 'POST auth/sign-in': { body: issuedSession() } });
    const { element, root } = await mountWithSession<CivAccount>(html`<civ-account></civ-account>`);
    await type(element, '#sign-in-email', ' camille@example.fr ');
    await type(element, '#sign-in-password', 'la pluie tombe sur Montjoli');
    const event = oneEvent(root, 'civ-signed-in');
    await submit(element, 'sign-in');
    expect((await event).detail.newAccount).to.equal(false);
    expect(api.last('POST auth/sign-in')!.body).to.deep.equal({ email: 'camille@example.fr', password: 'la pluie tombe sur Montjoli', remember: false });
    expect(api.last('POST auth/sign-in')!.headers.get('authorization')).to.equal(null);
    expect(sessionStorage.getItem(TOKEN_KEY)).to.equal(issuedSession().token);
    expect(localStorage.getItem(TOKEN_KEY)).to.equal(null);
    await until(() => $(element, '#section-title')?.textContent === 'Mon profil');
    expect(text(element)).to.include('Connecté avec camille@example.fr');
  });

  it('says "incorrect" for wrong credentials, without blaming one field', async () => {
    api = mockApi({ 'POST auth/sign-in': apiError(401, 'invalid_credentials') });
    const { element } = await mountWithSession<CivAccount>(html`<civ-account></civ-account>`);
    await type(element, '#sign-in-email', 'camille@example.fr');
    await type(element, '#sign-in-password', 'pas le bon');
    await submit(element, 'sign-in');
    await until(() => $(element, '#sign-in-status'));
    expect($(element, '#sign-in-status')!.textContent).to.include('Adresse e-mail ou mot de passe incorrect.');
    expect(liveRegion(element)).to.include('incorrect');
    await until(() => focused(element)?.id === 'sign-in-status');
  });

  it('tells the wait when sign-in is rate limited', async () => {
    api = mockApi({ 'POST auth/sign-in': apiError(429, 'rate_limited', undefined, { 'Retry-After': '900' }) });
    const { element } = await mountWithSession<CivAccount>(html`<civ-account></civ-account>`);
    await type(element, '#sign-in-email', 'camille@example.fr');
    await type(element, '#sign-in-password', 'une phrase assez longue');
    await submit(element, 'sign-in');
    await until(() => $(element, '#sign-in-status'));
    expect($(element, '#sign-in-status')!.textContent).to.include('Réessayez dans 15 minutes');
  });

  it('edits the profile: every optional field with its purpose, then PATCH me and civ-account-updated', async () => {
    const { element, root } = await signedIn(me({}, { pseudonym: 'Camille', showCity: true }));
    expect(text(element)).to.include('Afficher votre âge à côté de votre pseudo');
    expect($(element, '#profile-birthYear-purpose')!.textContent).to.include('tranche d’âge');
    expect($<HTMLInputElement>(element, '#profile-birthYear')!.getAttribute('aria-describedby')).to.include('profile-birthYear-purpose');
    const legends = [...element.shadowRoot!.querySelectorAll('legend')].map((l) => l.textContent);
    expect(legends).to.include('Ce qui est affiché à côté de mon pseudo');
    const quartiers = [...element.shadowRoot!.querySelectorAll('#profile-quartier option')].map((o) => o.textContent);
    expect(quartiers).to.deep.equal(['Non renseigné', 'Centre-ville', 'Les Coteaux', 'Le Val Fleuri']);
    expect(element.shadowRoot!.querySelectorAll('#profile-pcsGroup option')).to.have.length(9);
    expect($<HTMLInputElement>(element, '#profile-pseudonym')!.value).to.equal('Camille');

    api.on('PATCH me', (request) => ({ body: me({}, (request.body as { profile: object }).profile) }));
    await type(element, '#profile-firstName', 'Camille');
    await type(element, '#profile-birthYear', '1984');
    await type(element, '#profile-gender', 'female');
    await type(element, '#profile-quartier', 'Les Coteaux');
    await type(element, '#profile-pcsGroup', '4');
    $<HTMLInputElement>(element, '#profile-showAge')!.click();
    const updated = oneEvent(root, 'civ-account-updated');
    await submit(element, 'profile');

    expect((await updated).detail).to.deep.equal({ changes: ['profile'] });
    const sent = api.last('PATCH me')!;
    expect(sent.headers.get('authorization')).to.equal(`Bearer ${issuedSession().token}`);
    expect(sent.body).to.deep.equal({
      profile: {
        pseudonym: 'Camille',
        avatar: null,
        firstName: 'Camille',
        lastName: null,
        phone: null,
        postalAddress: null,
        gender: 'female',
        city: null,
        quartier: 'Les Coteaux',
        birthYear: 1984,
        pcsGroup: 4,
        showAge: true,
        showGender: false,
        showCity: true,
        showQuartier: false,
      },
    });
    await until(() => $(element, '#notice')?.textContent?.includes('Votre profil est enregistré.'));
    await until(() => focused(element)?.id === 'notice');
  });

  it('puts a profile issue from the server on its field', async () => {
    const { element } = await signedIn(me(), {
      'PATCH me': apiError(400, 'validation_failed', [{ path: 'profile.phone', message: 'Enter a phone number, e.g. 06 12 34 56 78' }]),
    });
    await type(element, '#profile-phone', '06 12 34 56 78');
    await submit(element, 'profile');
    await until(() => $(element, '#profile-phone-error'));
    expect($<HTMLInputElement>(element, '#profile-phone')!.getAttribute('aria-invalid')).to.equal('true');
    expect($(element, '#profile-phone-error')!.textContent).to.include('Saisissez un numéro de téléphone');
  });

  it('says in plain words when a text holds an invisible or text-direction character, and keeps the text', async () => {
    const { element } = await signedIn(me(), {
      'PATCH me': apiError(400, 'validation_failed', [
        { path: 'profile.city', message: 'Invisible or text-direction character U+202E at position 8 is not allowed', code: 'forbidden_character' },
      ]),
    });
    await type(element, '#profile-city', 'Montjoli\u202eelliv');
    await submit(element, 'profile');
    await until(() => $(element, '#profile-city-error'));
    expect($(element, '#profile-city-error')!.textContent).to.include('caractère invisible ou qui inverse le sens de lecture');
    expect($<HTMLInputElement>(element, '#profile-city')!.value).to.equal('Montjoli\u202eelliv');
  });

  it('downloads my data as a JSON file named like the server names it', async () => {
    const exported = { format: 'civique-export/1', exportedAt: '2027-03-01T10:00:00.000Z', consultations: [], participations: [] };
    const { element } = await signedIn(me(), { 'GET me/export': { body: exported } });
    await openSection(element, 'Mes données et mes droits');

    const downloads: { name: string; href: string }[] = [];
    const click = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      downloads.push({ name: this.download, href: this.href });
    };
    try {
      button(element, 'Télécharger mes données').click();
      await until(() => downloads.length === 1);
    } finally {
      HTMLAnchorElement.prototype.click = click;
    }
    expect(downloads[0].name).to.equal('civique-mes-donnees-2027-03-01.json');
    expect(downloads[0].href).to.match(/^blob:/);
    expect(api.sent('GET me/export')).to.have.length(1);
    await until(() => liveRegion(element).includes('civique-mes-donnees-2027-03-01.json'));
  });

  it('asks what becomes of the citizen’s proposals when the account is deleted: deleted with it, if they choose so', async () => {
    const { element } = await signedIn(me(), { 'DELETE me': { status: 204 } });
    await openSection(element, 'Mes données et mes droits');
    button(element, 'Supprimer mon compte…').click();
    await until(() => $(element, '#delete-proposals-delete'));
    $<HTMLInputElement>(element, '#delete-proposals-delete')!.click();
    await type(element, '#delete-password', 'la bonne phrase de passe');
    await submit(element, 'delete');
    await until(() => api.sent('DELETE me').length === 1);
    expect(api.last('DELETE me')!.body).to.deep.equal({ password: 'la bonne phrase de passe', proposals: 'delete' });
  });

  it('deletes the account after a confirmation that says it is irreversible, then erases everything local', async () => {
    localStorage.setItem(`civique:${MOCK_TENANT}:draft:account:profile:acc-1`, '{"values":{"city":"Montjoli"},"savedAt":1}');
    const { element, root } = await signedIn(me(), {
      'DELETE me': (request) =>
        (request.body as { password: string }).password === 'la bonne phrase de passe'
          ? { status: 204 }
          : apiError(403, 'wrong_password', [{ path: 'password', message: 'Password is incorrect' }]),
    });
    await openSection(element, 'Mes données et mes droits');
    button(element, 'Supprimer mon compte…').click();
    await until(() => focused(element)?.id === 'delete-title');
    expect(text(element)).to.include('irréversible');
    expect(text(element)).to.include('forme anonyme');
    await expect(element).to.be.accessible();

    await type(element, '#delete-password', 'pas la bonne');
    await submit(element, 'delete');
    await until(() => $(element, '#delete-password-error'));
    expect($(element, '#delete-password-error')!.textContent).to.include('incorrect');

    await type(element, '#delete-password', 'la bonne phrase de passe');
    expect($<HTMLInputElement>(element, '#delete-proposals-keep_anonymous')!.checked).to.equal(true);
    const deleted = oneEvent(root, 'civ-account-deleted');
    await submit(element, 'delete');
    await deleted;
    expect(api.last('DELETE me')!.body, 'proposals stay published without author unless asked').to.deep.equal({
      password: 'la bonne phrase de passe',
      proposals: 'keep_anonymous',
    });
    expect(Object.keys(localStorage).filter((k) => k.startsWith('civique:'))).to.deep.equal([]);
    expect(Object.keys(sessionStorage).filter((k) => k.startsWith('civique:'))).to.deep.equal([]);
    await until(() => $(element, '#notice')?.textContent?.includes('Votre compte est supprimé'));
    expect($(element, 'h2')!.textContent).to.equal('Se connecter');
  });

  it('signs out: revokes the token on the server and clears it and every draft from this device', async () => {
    localStorage.setItem(`civique:${MOCK_TENANT}:draft:account:profile:acc-1`, '{"values":{"city":"Montjoli"},"savedAt":1}');
    const { element, root } = await signedIn(me(), { 'POST auth/sign-out': { status: 204 } });
    const signedOut = oneEvent(root, 'civ-signed-out');
    button(element, 'Se déconnecter').click();
    await signedOut;
    expect(api.last('POST auth/sign-out')!.headers.get('authorization')).to.equal(`Bearer ${issuedSession().token}`);
    expect(Object.keys(localStorage).filter((k) => k.startsWith('civique:'))).to.deep.equal([]);
    expect(Object.keys(sessionStorage).filter((k) => k.startsWith('civique:'))).to.deep.equal([]);
    await until(() => $(element, 'h2')?.textContent === 'Se connecter');
    expect($(element, '#notice')!.textContent).to.include('Vous êtes déconnecté');
  });

  it('confirms the email from #civique-verify=… and removes the code from the address bar', async () => {
    history.replaceState(null, '', `${location.pathname}${location.search}#civique-verify=abcdefghijklmnop1234`);
    api = mockApi({ 'POST auth/verify-email': { body: { accepted: true } } });
    const { element } = await mountWithSession<CivAccount>(html`<civ-account></civ-account>`);
    await until(() => $(element, '#notice'));
    expect(api.last('POST auth/verify-email')!.body).to.deep.equal({ code: 'abcdefghijklmnop1234' });
    expect($(element, '#notice')!.textContent).to.include('Votre adresse e-mail est confirmée');
    expect(location.hash).to.equal('');
  });

  it('says so when the verification link has expired', async () => {
    history.replaceState(null, '', `${location.pathname}#civique-verify=expiredexpiredexpired`);
    api = mockApi({ 'POST auth/verify-email': apiError(400, 'invalid_code') });
    const { element } = await mountWithSession<CivAccount>(html`<civ-account></civ-account>`);
    await until(() => $(element, '#notice'));
    expect($(element, '#notice')!.textContent).to.include('expiré');
    expect(location.hash).to.equal('');
  });

  it('cancels an email change from #civique-cancel-email=…, and says so', async () => {
    history.replaceState(null, '', `${location.pathname}#civique-cancel-email=cancelcancelcancel12`);
    api = mockApi({ 'POST auth/email-change-cancel': { body: { accepted: true } } });
    const { element } = await mountWithSession<CivAccount>(html`<civ-account></civ-account>`);
    await until(() => $(element, '#notice'));
    expect(api.last('POST auth/email-change-cancel')!.body).to.deep.equal({ code: 'cancelcancelcancel12' });
    expect($(element, '#notice')!.textContent).to.include('La demande de changement d’adresse e-mail est annulée');
    expect(location.hash).to.equal('');
  });

  it('shows a pending email change: the address waiting for its confirmation, and that a link was sent to it', async () => {
    const pending = me({ pendingEmail: 'nouvelle@example.fr' });
    const { element } = await signedIn(me(), { 'PATCH me': { body: pending } });
    expect($(element, '[part="pending-email"]')).to.equal(null);
    await openSection(element, 'Connexion et sécurité');
    await type(element, '#email-newEmail', 'nouvelle@example.fr');
    await type(element, '#email-currentPassword', 'la pluie tombe sur Montjoli');
    await submit(element, 'email');
    await until(() => $(element, '#notice'));
    expect(api.last('PATCH me')!.body).to.deep.equal({
      email: 'nouvelle@example.fr',
      currentPassword: 'la pluie tombe sur Montjoli',
      returnUrl: location.href.split('#')[0],
    });
    expect($(element, '#notice')!.textContent).to.include('Un lien de confirmation a été envoyé à nouvelle@example.fr');
    const banner = $(element, '[part="pending-email"]')!.textContent!;
    expect(banner).to.include('nouvelle@example.fr');
    expect(banner).to.include('votre adresse reste camille@example.fr');
    expect(text(element)).to.include('Connecté avec camille@example.fr', 'the account keeps its address meanwhile');
    await openSection(element, 'Mon profil');
    expect($(element, '[part="pending-email"]')!.textContent).to.include('nouvelle@example.fr');
    await expect(element).to.be.accessible();
  });

  it('offers the reset form from #civique-reset=…, out of the address bar at once', async () => {
    history.replaceState(null, '', `${location.pathname}#civique-reset=resetresetresetreset`);
    api = mockApi({ 'POST auth/password-reset': { body: { accepted: true } } });
    const { element } = await mountWithSession<CivAccount>(html`<civ-account></civ-account>`);
    expect(location.hash).to.equal('');
    await until(() => $(element, 'form#reset'));
    await type(element, '#reset-newPassword', 'une nouvelle phrase de passe');
    await submit(element, 'reset');
    await until(() => $(element, '#notice')?.textContent?.includes('Votre mot de passe est changé'));
    expect(api.last('POST auth/password-reset')!.body).to.deep.equal({ code: 'resetresetresetreset', newPassword: 'une nouvelle phrase de passe' });
    expect($(element, 'h2')!.textContent).to.equal('Se connecter');
  });

  it('asks for a reset link from "mot de passe oublié"', async () => {
    api = mockApi({ 'POST auth/password-reset-request': { status: 202, body: { accepted: true } } });
    const { element } = await mountWithSession<CivAccount>(html`<civ-account></civ-account>`);
    button(element, 'Mot de passe oublié ?').click();
    await until(() => $(element, 'form#forgot'));
    await type(element, '#forgot-email', 'camille@example.fr');
    await submit(element, 'forgot');
    await until(() => $(element, '#notice'));
    expect($(element, '#notice')!.textContent).to.include('Si un compte existe pour camille@example.fr');
    expect(api.last('POST auth/password-reset-request')!.body).to.deep.equal({
      email: 'camille@example.fr',
      returnUrl: location.href.split('#')[0],
      locale: 'fr',
    });
  });

  it('restricts and objects in plain words, and lists my participations', async () => {
    const { element } = await signedIn(me(), {
      'PATCH me': (request) => ({ body: me(request.body as object) }),
      'GET me/participations': {
        body: {
          participations: [
            {
              kind: 'ballot',
              id: 'b1',
              consultationId: 'c1',
              consultation: { tenant: 'montjoli', slug: 'vote-marche', title: 'Quel jour pour le marché du centre-ville ?', kind: 'vote' },
              at: '2027-03-02T10:00:00.000Z',
              status: 'quarantined',
            },
            {
              kind: 'surveyResponse',
              id: 'r1',
              consultationId: 'c2',
              consultation: { tenant: 'montjoli', slug: 'avis-mobilite', title: 'Vos déplacements à Montjoli', kind: 'survey' },
              at: '2027-03-04T10:00:00.000Z',
              status: 'accepted',
            },
            { kind: 'proposal', id: 'p1', consultationId: 'c3', consultation: null, at: '2027-03-05T10:00:00.000Z', status: 'rejected' },
          ],
        },
      },
    });
    await openSection(element, 'Mes participations');
    await until(() => text(element).includes('3 participations'));
    await expect(element).to.be.accessible();
    expect(text(element), "no comma after the title's question mark").to.include(
      'Vote — Quel jour pour le marché du centre-ville ? le 2 mars 2027 — en attente de vérification',
    );
    expect(text(element)).to.include('Réponse à un questionnaire — Vos déplacements à Montjoli, le 4 mars 2027');
    expect(text(element), 'a kind newer than the widgets is never shown as its code').to.include('Participation, le 5 mars 2027 — écartée après vérification');
    expect(text(element)).not.to.match(/surveyResponse|proposal/);

    await openSection(element, 'Mes données et mes droits');
    await expect(element).to.be.accessible();
    expect(text(element)).to.include('elles sortent des statistiques');
    $<HTMLInputElement>(element, '#right-restricted')!.click();
    await until(() => api.sent('PATCH me').length === 1);
    expect(api.last('PATCH me')!.body).to.deep.equal({ restricted: true });
    await until(() => $<HTMLInputElement>(element, '#right-restricted')!.checked && liveRegion(element).includes('Votre choix est enregistré'));
  });

  it('changes the password', async () => {
    const { element } = await signedIn(me(), { 'POST me/password': { status: 204 } });
    await openSection(element, 'Connexion et sécurité');
    await expect(element).to.be.accessible();
    await type(element, '#password-currentPassword', 'ancienne phrase de passe');
    await type(element, '#password-newPassword', 'nouvelle phrase de passe');
    await submit(element, 'password');
    await until(() => $(element, '#notice'));
    expect(api.last('POST me/password')!.body).to.deep.equal({ currentPassword: 'ancienne phrase de passe', newPassword: 'nouvelle phrase de passe' });
    expect($<HTMLInputElement>(element, '#password-newPassword')!.value).to.equal('');
  });

  it('offers to resend the confirmation link while the email is unverified', async () => {
    const { element } = await signedIn(me({ emailVerified: false }), { 'POST auth/verification-mail': { status: 202, body: { accepted: true } } });
    expect($(element, '[part="verify"]')!.textContent).to.include('Confirmez votre adresse e-mail');
    button(element, 'Renvoyer le lien').click();
    await until(() => api.sent('POST auth/verification-mail').length === 1);
    expect(api.last('POST auth/verification-mail')!.body).to.deep.equal({ returnUrl: location.href.split('#')[0] });
    await until(() => liveRegion(element).includes('Un nouveau lien'));
  });

  it('forgets an expired session (401) but keeps what was typed', async () => {
    const { element } = await signedIn(me(), { 'PATCH me': apiError(401, 'unauthenticated') });
    await type(element, '#profile-city', 'Montjoli');
    await submit(element, 'profile');
    await until(() => $(element, 'h2')?.textContent === 'Se connecter');
    expect(sessionStorage.getItem(TOKEN_KEY)).to.equal(null);
    expect(text(element)).to.include('Votre session a expiré');
    expect(localStorage.getItem(`civique:${MOCK_TENANT}:draft:account:profile:acc-1`)).to.include('Montjoli');
  });

  it('works from the keyboard alone: type, Tab, Enter', async () => {
    api = mockApi({ 'POST auth/sign-in': { body: issuedSession() } });
    const { element } = await mountWithSession<CivAccount>(html`<civ-account></civ-account>`);
    $<HTMLInputElement>(element, '#sign-in-email')!.focus();
    await sendKeys({ type: 'camille@example.fr' });
    await sendKeys({ press: 'Tab' });
    expect(focused(element)?.id).to.equal('sign-in-password');
    await sendKeys({ type: 'la pluie tombe sur Montjoli' });
    await sendKeys({ press: 'Tab' });
    expect(focused(element)?.getAttribute('part'), 'then the show-password toggle').to.equal('toggle');
    await sendKeys({ press: 'Enter' });
    expect($<HTMLInputElement>(element, '#sign-in-password')!.type).to.equal('text');
    $<HTMLInputElement>(element, '#sign-in-password')!.focus();
    await sendKeys({ press: 'Enter' });
    await until(() => api.sent('POST auth/sign-in').length === 1);
    expect(api.last('POST auth/sign-in')!.body).to.include({ email: 'camille@example.fr', password: 'la pluie tombe sur Montjoli' });
  });

  it('scales an avatar down to a small square the API accepts', async () => {
    const canvas = document.createElement('canvas');
    canvas.width = 1600;
    canvas.height = 900;
    const context = canvas.getContext('2d')!;
    for (let x = 0; x < 1600; x += 7) {
      context.fillStyle = `hsl(${x % 360} 80% 50%)`;
      context.fillRect(x, 0, 7, 900);
    }
    const photo = await new Promise<Blob>((resolve) => canvas.toBlob((blob) => resolve(blob!), 'image/png'));
    const url = await avatarDataUrl(photo);
    expect(url).to.match(/^data:image\/(webp|png|jpeg);base64,[A-Za-z0-9+/]+={0,2}$/);
    expect(url.length).to.be.at.most(AVATAR_MAX_LENGTH);
    const image = await createImageBitmap(await (await fetch(url)).blob());
    expect([image.width, image.height]).to.deep.equal([128, 128]);
    const svg = new Blob(['<svg xmlns="http://www.w3.org/2000/svg"/>'], { type: 'image/svg+xml' });
    let refused: unknown;
    await avatarDataUrl(svg).catch((error: unknown) => (refused = error));
    expect(refused, 'SVG can carry script: refused').to.be.instanceOf(TypeError);
  });

  it('is usable 320 px wide: nothing overflows', async () => {
    await setViewport({ width: 320, height: 640 });
    const { element } = await signedIn(me({ emailVerified: false }, { avatar: null }));
    expect(element.scrollWidth).to.be.at.most(320);
    for (const field of element.shadowRoot!.querySelectorAll<HTMLElement>('input, select, button')) {
      expect(field.getBoundingClientRect().right, field.id || field.textContent!).to.be.at.most(321);
    }
  });

  it('keeps its four section tabs on one row at 1280 px (none alone on a second row), and lays them out in rows at 320 px', async () => {
    const rows = (element: CivAccount) =>
      new Set([...element.shadowRoot!.querySelectorAll<HTMLElement>('.tab')].map((tab) => Math.round(tab.getBoundingClientRect().top)));
    // The demo commune's stylesheet: its font is what the walk-through saw.
    const site = Object.assign(document.createElement('link'), { rel: 'stylesheet', href: '/demo/assets/site.css' });
    const loaded = new Promise((resolve) => site.addEventListener('load', resolve));
    document.head.append(site);
    try {
      await loaded;
      await setViewport({ width: 1280, height: 800 });
      const { element } = await signedIn();
      expect(rows(element).size, 'one row').to.equal(1);
      await setViewport({ width: 320, height: 640 });
      await until(() => rows(element).size === 2, 'two rows of two');
    } finally {
      site.remove();
    }
  });

  it('no-header hides "Mon compte" where the page shows it; the sections move up a level, the address and sign-out stay', async () => {
    const levels = (element: CivAccount) => [...element.shadowRoot!.querySelectorAll('h2, h3, h4')].map((h) => `${h.localName} ${h.textContent!.trim()}`);
    const plain = await signedIn(me(), { 'GET me/participations': { body: { participations: [] } } });
    expect(levels(plain.element).slice(0, 2)).to.deep.equal(['h2 Mon compte', 'h3 Mon profil']);
    api.restore();
    plain.root.remove();

    sessionStorage.setItem(TOKEN_KEY, issuedSession().token);
    api = mockApi({ 'GET me': { body: me() } });
    const { element } = await mountWithSession<CivAccount>(html`<civ-account no-header></civ-account>`);
    await until(() => $(element, '#section-title'));
    expect(levels(element)[0], 'no title; the open section heads the widget').to.equal('h2 Mon profil');
    expect(text(element)).to.include('Connecté avec camille@example.fr');
    expect(button(element, 'Se déconnecter')).to.exist;
    await openSection(element, 'Connexion et sécurité');
    expect(levels(element)).to.deep.equal(['h2 Connexion et sécurité', 'h3 Changer d’adresse e-mail', 'h3 Changer de mot de passe']);
    await expect(element).to.be.accessible();
  });

  it('heading-level fits the page’s outline: the signed-out title at that level, signed in its title there and the sections below', async () => {
    const levels = (element: CivAccount) =>
      [...element.shadowRoot!.querySelectorAll('h2, h3, h4, h5')].map(
        (h) => `${h.getAttribute('aria-level') ?? h.localName.slice(1)} ${h.textContent!.trim()}`,
      );
    api = mockApi();
    const out = await mountWithSession<CivAccount>(html`<civ-account heading-level="3"></civ-account>`);
    await until(() => $(out.element, '#view-title'));
    expect(levels(out.element)[0], 'the sign-in title, exposed at level 3').to.equal('3 Se connecter');
    await expect(out.element).to.be.accessible();
    api.restore();
    out.root.remove();

    sessionStorage.setItem(TOKEN_KEY, issuedSession().token);
    api = mockApi({ 'GET me': { body: me() }, 'GET me/participations': { body: { participations: [] } } });
    const { element } = await mountWithSession<CivAccount>(html`<civ-account heading-level="3"></civ-account>`);
    await until(() => $(element, '#section-title'));
    expect(levels(element).slice(0, 2)).to.deep.equal(['3 Mon compte', '4 Mon profil']);
    expect($(element, '#section-title')!.localName, 'a real heading element').to.equal('h4');
    await openSection(element, 'Connexion et sécurité');
    expect(levels(element)).to.deep.equal(['3 Mon compte', '4 Connexion et sécurité', '5 Changer d’adresse e-mail', '5 Changer de mot de passe']);
    await expect(element).to.be.accessible();
  });

  it('speaks English when the page does', async () => {
    api = mockApi();
    const { element } = await mountWithSession<CivAccount>(html`<civ-account lang="en"></civ-account>`);
    await until(() => $(element, 'h2')?.textContent === 'Sign in');
    expect(text(element)).to.include('Stay signed in on this device');
    element.removeAttribute('lang');
    await until(() => $(element, 'h2')?.textContent === 'Se connecter');
  });

  it('the sign-up form carries a honeypot hidden from people; a bot that fills it sends it', async () => {
    api = mockApi({ 'POST auth/sign-up': { status: 201, body: issuedSession(me({ emailVerified: false })) } });
    const { element } = await mountWithSession<CivAccount>(html`<civ-account initial-view="sign-up"></civ-account>`);
    const honeypot = expectHiddenHoneypot(element.shadowRoot!, 'sign-up');
    await expect(element).to.be.accessible();
    fillAsBot(honeypot);
    await type(element, '#sign-up-email', 'robot@example.fr');
    await type(element, '#sign-up-password', 'la pluie tombe sur Montjoli');
    await submit(element, 'sign-up');
    await until(() => api.sent('POST auth/sign-up').length === 1);
    expect((api.last('POST auth/sign-up')!.body as { website?: string }).website).to.equal('http://promo.example');
  });
});
