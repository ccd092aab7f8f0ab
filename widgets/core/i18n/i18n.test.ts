import { expect, fixture, waitUntil } from '@open-wc/testing';
import { html, LitElement } from 'lit';
import { en as accountEn } from '../../account/i18n/en.ts';
import { fr as accountFr } from '../../account/i18n/fr.ts';
import { en as dashboardEn } from '../../account/dashboard/i18n/en.ts';
import { fr as dashboardFr } from '../../account/dashboard/i18n/fr.ts';
import { ApiError, NetworkError } from '../api-client.ts';
import { en } from './en.ts';
import { fr, type CoreTranslation } from './fr.ts';
import { errorText, LocaleController, resolveLang } from './i18n.ts';

/** A tiny element that says hello in its language, the English strings arriving as a chunk would. */
class CivHello extends LitElement {
  static englishFails = false;
  readonly i18n = new LocaleController<CoreTranslation>(this, {
    fr,
    en: () => (CivHello.englishFails ? Promise.reject(new Error('offline')) : Promise.resolve(en)),
  });
  override render() {
    return html`<button type="button">${this.i18n.t.common.retry}</button>`;
  }
}
customElements.define('civ-hello', CivHello);

/** Every key of `reference`, recursively, with the type of its value. */
function shape(reference: unknown, path = ''): string[] {
  if (typeof reference !== 'object' || reference === null) return [`${path}:${typeof reference}`];
  return Object.entries(reference).flatMap(([key, value]) => shape(value, `${path}.${key}`));
}

afterEach(() => {
  document.documentElement.lang = 'fr';
  CivHello.englishFails = false;
});

describe('i18n', () => {
  it('renders accessible text in the element’s language', async () => {
    const hello = await fixture<CivHello>(html`<civ-hello lang="en"></civ-hello>`);
    await waitUntil(() => hello.i18n.ready);
    await hello.updateComplete;
    await expect(hello).to.be.accessible();
    expect(hello.shadowRoot!.textContent).to.equal('Try again');
  });

  it('takes the language from the element, its ancestors or <html lang>, and falls back to French', async () => {
    const page = await fixture<HTMLElement>(
      html`<div lang="en-GB">
        <p><span id="inner"></span></p>
        <span id="own" lang="fr"></span>
      </div>`,
    );
    expect(resolveLang(page.querySelector('#inner')!)).to.equal('en');
    expect(resolveLang(page.querySelector('#own')!)).to.equal('fr');
    page.setAttribute('lang', 'de');
    expect(resolveLang(page.querySelector('#inner')!), 'an unknown language falls back to French').to.equal('fr');
    page.removeAttribute('lang');
    document.documentElement.lang = 'en';
    expect(resolveLang(page.querySelector('#inner')!)).to.equal('en');
    document.documentElement.removeAttribute('lang');
    expect(resolveLang(page.querySelector('#inner')!)).to.equal('fr');
  });

  it('follows a change of lang, and shows French if the English chunk cannot be fetched', async () => {
    const hello = await fixture<CivHello>(html`<civ-hello></civ-hello>`);
    expect(hello.shadowRoot!.textContent).to.equal('Réessayer');
    hello.lang = 'en';
    await waitUntil(() => hello.shadowRoot!.textContent === 'Try again');
    hello.lang = 'fr';
    await waitUntil(() => hello.shadowRoot!.textContent === 'Réessayer');

    CivHello.englishFails = true;
    const offline = await fixture<CivHello>(html`<civ-hello lang="en"></civ-hello>`);
    await waitUntil(() => offline.i18n.ready);
    await offline.updateComplete;
    expect(offline.shadowRoot!.textContent).to.equal('Réessayer');
  });

  it('has complete English translations, key for key', () => {
    expect(shape(en)).to.deep.equal(shape(fr));
    expect(shape(accountEn)).to.deep.equal(shape(accountFr));
    expect(shape(dashboardEn)).to.deep.equal(shape(dashboardFr));
  });

  it('writes plurals with functions, French counting 0 and 1 as singular', () => {
    expect(fr.form.invalidCount(1)).to.equal('Un champ est à corriger.');
    expect(fr.form.invalidCount(3)).to.equal('3 champs sont à corriger.');
    expect(en.form.invalidCount(1)).to.equal('One field needs correcting.');
    expect(en.form.invalidCount(2)).to.equal('2 fields need correcting.');
    expect(dashboardFr.participations.count(0)).to.include('aucune');
    expect(dashboardFr.participations.count(1)).to.equal('1 participation');
    expect(dashboardFr.participations.count(2)).to.equal('2 participations');
    expect(dashboardEn.participations.count(1)).to.equal('1 contribution');
    expect(fr.errors.rate_limited(1)).to.equal('Trop de tentatives. Réessayez dans 1 seconde.');
    expect(fr.errors.rate_limited(45)).to.equal('Trop de tentatives. Réessayez dans 45 secondes.');
    expect(fr.errors.rate_limited(60)).to.equal('Trop de tentatives. Réessayez dans 1 minute.');
    expect(fr.errors.rate_limited(900)).to.equal('Trop de tentatives. Réessayez dans 15 minutes.');
    expect(en.errors.rate_limited(61)).to.equal('Too many attempts. Try again in 2 minutes.');
    expect(accountFr.account.invalid.passwordShort(1)).to.include('il en manque 1.');
  });

  it('maps the server’s error codes to clear sentences, and unknown codes to a generic one', () => {
    const failure = (code: string, status = 400) => new ApiError(status, code, 'English for developers');
    expect(errorText(fr, failure('origin_not_allowed', 403))).to.equal('Ce service n’est pas autorisé sur ce site.');
    expect(errorText(fr, failure('tenant_not_found', 404))).to.include('collectivité');
    expect(errorText(accountFr, failure('weak_password'))).to.include('trop facile à deviner');
    expect(errorText(accountFr, failure('email_taken', 409))).to.include('Un compte existe déjà');
    expect(errorText(accountFr, failure('invalid_credentials', 401))).to.equal('Adresse e-mail ou mot de passe incorrect.');
    expect(errorText(accountFr, failure('invalid_code'))).to.include('expiré');
    expect(errorText(fr, new NetworkError(new TypeError('Failed to fetch')))).to.include('pas pu être joint');
    expect(errorText(en, new ApiError(429, 'rate_limited', 'x', [], 30))).to.equal('Too many attempts. Try again in 30 seconds.');
    expect(errorText(fr, failure('ballot_over_budget', 422))).to.equal(fr.errors.unknown);
    expect(errorText(fr, failure('constructor'))).to.equal(fr.errors.unknown);
    expect(errorText(fr, new Error('boom'))).to.equal(fr.errors.unknown);
  });
});
