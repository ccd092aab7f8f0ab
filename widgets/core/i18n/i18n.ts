import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ApiError, isRequestFailure } from '../api-client.ts';
import type { CoreTranslation } from './fr.ts';

export type Lang = 'fr' | 'en';

/**
 * The language of an element: its own `lang` attribute, else its nearest ancestor's, else the page's
 * `<html lang>`. Any English variant is English; anything else — unknown languages included — is French.
 *
 * @example
 * resolveLang(document.querySelector('civ-account')!); // 'fr' unless lang="en…" applies
 */
export function resolveLang(element: Element): Lang {
  const tag = element.closest('[lang]')?.getAttribute('lang') ?? document.documentElement.lang;
  return /^en\b/i.test(tag ?? '') ? 'en' : 'fr';
}

/** A widget's strings: French bundled in, English imported only on English pages (it is a separate chunk). */
export interface Translations<T extends object> {
  fr: T;
  en: () => Promise<T>;
}

/**
 * Gives an element its strings in its language, and follows changes of `lang` on the element or on `<html>`.
 * Until the English chunk has arrived `ready` is false (the element shows a busy placeholder, not French).
 *
 * @example
 * readonly #i18n = new LocaleController(this, { fr, en: () => import('./i18n/en.ts').then((m) => m.en) });
 * render() { return html`<h2>${this.#i18n.t.account.title}</h2>`; }
 */
export class LocaleController<T extends object> implements ReactiveController {
  lang: Lang = 'fr';
  t: T;
  ready = true;
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #translations: Translations<T>;
  readonly #observer = new MutationObserver(() => this.#resolve());

  constructor(host: ReactiveControllerHost & HTMLElement, translations: Translations<T>) {
    this.#host = host;
    this.#translations = translations;
    this.t = translations.fr;
    host.addController(this);
  }

  hostConnected(): void {
    const watch = { attributes: true, attributeFilter: ['lang'] };
    this.#observer.observe(this.#host, watch);
    this.#observer.observe(document.documentElement, watch);
    this.#resolve();
  }

  hostDisconnected(): void {
    this.#observer.disconnect();
  }

  #resolve(): void {
    const lang = resolveLang(this.#host);
    if (lang === this.lang && this.ready) return;
    this.lang = lang;
    if (lang === 'fr') {
      this.t = this.#translations.fr;
      this.ready = true;
      this.#host.requestUpdate();
      return;
    }
    this.ready = false;
    this.#host.requestUpdate();
    this.#translations.en().then(
      (t) => {
        if (this.lang !== lang) return;
        this.t = t;
        this.ready = true;
        this.#host.requestUpdate();
      },
      () => {
        // The English chunk failed to load: French is better than nothing.
        this.t = this.#translations.fr;
        this.ready = true;
        this.#host.requestUpdate();
      },
    );
  }
}

/**
 * The sentence a citizen reads for a failed request: by the server's error code, with the wait for
 * `rate_limited`; a code this release does not know gets a generic message, never the server's English.
 *
 * @example
 * errorText(t, error); // 'Trop de tentatives. Réessayez dans 15 minutes.'
 */
export function errorText(t: CoreTranslation, error: unknown): string {
  if (!isRequestFailure(error)) return t.errors.unknown;
  if (error.code === 'rate_limited') return t.errors.rate_limited((error as ApiError).retryAfterSeconds ?? 60);
  const text = (t.errors as Record<string, unknown>)[error.code];
  return typeof text === 'string' ? text : t.errors.unknown;
}
