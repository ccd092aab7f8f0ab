import { html, LitElement, nothing } from 'lit';
import { emit, type ConsentAction } from '../core/events.ts';
import { tokens } from '../core/styles/tokens.styles.ts';
import { consentBannerStyles } from './consent-banner.styles.ts';
import { consentStrings, fr, type ConsentStrings } from './consent-banner.strings.ts';
import { complain, localize, readConfig, type ConsentConfig, type ConsentPurpose } from './consent-config.ts';
import { readChoice, removeCookies, writeChoice, type StoredChoice } from './consent-cookie.ts';
import { consentMode } from './consent-mode.ts';
import { originAdvice } from '../core/origin-advice.ts';
import { newConsentId, originAllowed, recordConsent, textHash, type ProofTarget } from './consent-proof.ts';
import { activateTagged } from './tagged-content.ts';

type Choices = Record<string, boolean>;

/** A purpose's content may run: consented to, or exempt and not objected to. */
const allows = (purpose: ConsentPurpose, choices: Choices | null) => (purpose.exempt ? choices?.[purpose.id] !== false : choices?.[purpose.id] === true);

/** CNIL: a choice is asked again after 6 months by default; never kept beyond 13. */
const months = (value = 6) => Math.min(Math.max(value, 1), 13);

/**
 * @summary CNIL-compliant cookie consent: "Tout refuser" exactly as easy as "Tout accepter", a choice per
 * purpose, tagged third-party content blocked until consent, withdrawal from a persistent button, proof of
 * consent kept by the Civique server (when the snippet names a tenant).
 *
 * The host declares its purposes in a small JSON configuration (see `ConsentConfig`) and tags third-party
 * content: `<script type="text/plain" data-civ-purpose="audience" data-src="https://…">` or
 * `<iframe data-civ-purpose="video" data-src="https://…">`. The banner activates it in document order once
 * the purpose is allowed, carrying the page's CSP nonce. Until the visitor chooses, nothing is written and
 * nothing loads but exempt audience measurement, whose cookies the first layer names. Closing the banner with ✕
 * means "continuer sans accepter", as the CNIL reads it: a refusal, recorded with its proof like "Tout refuser".
 *
 * The element moves itself to the start of `<body>`, so it is first in the reading order. The choice lives in
 * a first-party cookie (`civique_consent`: `SameSite=Lax`, `Secure` on https), kept 6 months by default; a
 * new configuration `version`, or a new purpose, asks again. Google Consent Mode v2 signals go to
 * `window.dataLayer` (default denied, then update), without loading anything from Google.
 *
 * Any element with `data-civ-consent-open` (e.g. a "Gérer mes cookies" link in the footer) reopens the
 * choices when clicked, as does a `civ-consent-open` event dispatched anywhere in the page, or `show()`. A
 * small floating "Cookies" button is only there when the host asks for it (`reopen-button`): floating, it
 * would cover content, so it steps aside (to the other corner, or out of sight) whenever it would cover the
 * focused element (WCAG 2.2 "Focus Not Obscured").
 *
 * @event civ-consent-changed - The visitor made or changed a choice: `{ consentId, action, choices }`.
 * @event civ-consent-open - Listened to on `window`: reopens the choices.
 *
 * @csspart base - The banner (a region labelled by its title).
 * @csspart title - The banner's heading.
 * @csspart button - "Tout accepter", "Tout refuser", "Personnaliser" and "Enregistrer mes choix" (one style).
 * @csspart close - ✕, "continuer sans accepter": refuses every purpose that needs consent.
 * @csspart purposes - The second layer: one fieldset per purpose.
 * @csspart purpose - One purpose's fieldset.
 * @csspart proof - The consent id, with links to download or erase its proof.
 * @csspart reopen - The small floating "Cookies" button (with `reopen-button` only).
 *
 * @cssproperty --civ-color-primary - Buttons, border, links (default #000091).
 * @cssproperty --civ-color-on-primary - Text on the buttons (default #fff).
 * @cssproperty --civ-color-text - Text (default #161616).
 * @cssproperty --civ-color-surface - Background (default #fff).
 * @cssproperty --civ-color-border - Purpose borders (default #767676).
 * @cssproperty --civ-color-focus - Focus ring (default #0a76f6).
 * @cssproperty --civ-font-family - Font (default: the page's).
 * @cssproperty --civ-font-size - Text size (default 1rem).
 * @cssproperty --civ-radius - Corner radius (default 0.25rem).
 * @cssproperty --civ-space - Spacing unit (default 0.5rem).
 */
export class CivConsentBanner extends LitElement {
  static override styles = [tokens, consentBannerStyles];

  static override properties = {
    config: {},
    api: {},
    tenant: {},
    reopenButton: { type: Boolean, attribute: 'reopen-button' },
    _open: { state: true },
    _customising: { state: true },
    _draft: { state: true },
    _notice: { state: true },
  };

  /** The configuration: JSON, or the id of a `<script type="application/json">` (default `civ-consent-config`). Read once. */
  config: string | null = null;
  /** The Civique API that keeps proofs of consent; default: the snippet's `data-api`, or the origin it is served from. */
  api?: string;
  /** The collectivité's slug; default: the snippet's `data-tenant`. Without one, no proof is kept (no server needed). */
  tenant?: string;
  /** Show a small floating "Cookies" button that reopens the choices; off by default (a footer link does it without covering anything). */
  reopenButton = false;

  _open = false;
  _customising = false;
  /** The choices being made in the second layer: the current ones, or none at all (nothing pre-ticked). */
  _draft: Choices = {};
  _notice = '';

  #settings: ConsentConfig | undefined;
  #stored: StoredChoice | null = null;
  #activated = new Set<string>();
  #opener: HTMLElement | null = null;
  #textHash: Promise<string | undefined> | undefined;
  #strings: ConsentStrings = fr;
  #lang: 'fr' | 'en' = 'fr';
  #stopKeepingClear: (() => void) | undefined;
  #proofView: typeof import('./proof.view.ts') | undefined;
  #reopen: typeof import('./reopen-button.ts') | undefined;

  /** The current choice (purpose id → allowed), or null before the visitor chose. */
  get choices(): Choices | null {
    return this.#stored?.c ?? null;
  }

  /** The random id under which the proof of the current choice is kept. */
  get consentId(): string | undefined {
    return this.#stored?.id;
  }

  /** Whether content tagged with this purpose may run now. */
  accepted(purpose: string): boolean {
    const declared = this.#settings?.purposes.find((p) => p.id == purpose);
    return !!declared && allows(declared, this.choices);
  }

  /** Opens the choices (focus moves to the banner's title, and comes back where it was on close). */
  async show(): Promise<void> {
    if (!this.#settings) return;
    this.#opener = document.activeElement as HTMLElement | null;
    this._draft = { ...this.choices };
    this._open = true;
    await this.updateComplete;
    this.renderRoot.querySelector('h2')?.focus();
  }

  override connectedCallback(): void {
    // First in the reading order, before the site's own content and skip links; the move reconnects us.
    if (document.body.firstElementChild != this) return document.body.prepend(this);
    super.connectedCallback();
    addEventListener('civ-consent-open', this.#onOpenEvent);
    document.addEventListener('click', this.#onClick);

    if (!this.#textHash) void this.#start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('civ-consent-open', this.#onOpenEvent);
    document.removeEventListener('click', this.#onClick);
    this.#stopKeepingClear?.();
    this.#stopKeepingClear = undefined;
  }

  /** Where proofs go, read like the loader reads its snippet: `data-tenant`, and `data-api` or the script's origin. */
  get #target(): ProofTarget | undefined {
    const snippet = document.querySelector<HTMLScriptElement>('script[data-tenant]');
    const tenant = this.tenant ?? snippet?.dataset.tenant;
    const api = this.api ?? snippet?.dataset.api ?? (snippet?.src && new URL(snippet.src).origin);
    return api && tenant ? { api, tenant } : undefined;
  }

  async #start(): Promise<void> {
    const config = readConfig(this.config);
    const lang = (this.#lang = this.closest('[lang]')?.getAttribute('lang')?.startsWith('en') ? 'en' : 'fr');
    this.#textHash = consentStrings(lang).then((strings) => textHash(JSON.stringify([(this.#strings = strings), config])));
    await this.#textHash;
    if (!(this.#settings = config)) return;
    const stored = readChoice(config.cookieName ?? 'civique_consent');
    const current = stored?.v == config.version && config.purposes.every((p) => p.exempt || p.id in stored.c);
    this.#stored = current ? stored : null;
    consentMode('default', this.#signals(null));
    if (current) consentMode('update', this.#signals(this.choices));
    this.#activate();
    this._open = !current;
    this.requestUpdate();
  }

  override updated(): void {
    // The floating button is a part of its own, loaded only where the host asked for it.
    if (!this.reopenButton || this.#stopKeepingClear) return;
    this.#stopKeepingClear = () => {};
    void import('./reopen-button.ts').then((part) => {
      const root = this.renderRoot as ShadowRoot;
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, part.reopenStyles.styleSheet!];
      this.#reopen = part;
      this.#stopKeepingClear = part.keepClear(() => root.querySelector<HTMLElement>('.reopen'));
      this.requestUpdate();
    });
  }

  #signals(choices: Choices | null) {
    return this.#settings!.purposes.map((p) => ({ signals: p.consentMode, granted: allows(p, choices) }));
  }

  #activate(): void {
    activateTagged((id) => this.accepted(id), this.#activated);
  }

  #onOpenEvent = () => void this.show();

  #onClick = (event: Event) => {
    if ((event.target as Element).closest?.('[data-civ-consent-open]')) {
      event.preventDefault();
      void this.show();
    }
  };

  async #decide(action: ConsentAction, choose: (purpose: ConsentPurpose) => boolean): Promise<void> {
    const config = this.#settings!;
    const before = this.choices;
    const choices: Choices = {};
    for (const purpose of config.purposes) choices[purpose.id] = choose(purpose);
    const consentId = this.#stored?.id ?? newConsentId();
    this.#stored = { v: config.version, id: consentId, c: choices };
    const consented = config.purposes.some((p) => !p.exempt && choices[p.id]);
    writeChoice(config.cookieName ?? 'civique_consent', this.#stored, months(consented ? config.consentMonths : config.refusalMonths), config.cookieDomain);
    consentMode('update', this.#signals(choices));

    const withdrawn = config.purposes.filter((p) => allows(p, before) && !allows(p, choices));
    removeCookies(withdrawn.flatMap((p) => p.services?.flatMap((s) => s.cookies ?? []) ?? []));
    await this.#prove({ consentId, action, choices });
    emit(this, 'civ-consent-changed', { consentId, action, choices });
    // A script that already ran cannot be unloaded: only a reload stops it.
    if (withdrawn.some((p) => this.#activated.has(p.id))) return location.reload();
    this.#activate();
    this.#close();
  }

  /** Starts sending the proof (without waiting for the answer); without an API in the snippet, there is none. */
  async #prove(proof: { consentId: string; action: ConsentAction; choices: Choices }): Promise<void> {
    const target = this.#target;
    const hash = await this.#textHash;
    if (!target) return;
    if (!hash) return complain('no proof without https');
    // Awaited (the POST is not): a withdrawal reloads the page right after, and the POST must have left by then.
    if (await originAllowed(target))
      recordConsent(target, { ...proof, configVersion: this.#settings!.version, textHash: hash, locale: this.#lang }).catch((error) =>
        complain(`proof not recorded: ${error}`),
      );
    else console.error(originAdvice(target.tenant, ' : aucune preuve de consentement (no proof saved)'));
  }

  async #close(): Promise<void> {
    this._open = this._customising = false;
    this._notice = '';
    await this.updateComplete;
    // Back where the visitor was; from our own button (or from nowhere), to the button that reopens us.
    const from = this.#opener;
    const opener = from != this && from != document.body && from?.isConnected ? from : this.renderRoot.querySelector<HTMLElement>('.reopen');
    this.#opener = null;
    opener?.focus();
  }

  override render() {
    const config = this.#settings;
    if (!config) return nothing;
    const s = this.#strings;
    if (!this._open) {
      return this.reopenButton && this.#reopen ? this.#reopen.renderReopen(s, () => this.show()) : nothing;
    }
    const needConsent = config.purposes.filter((p) => !p.exempt).map((p) => localize(p.title, this.#lang));
    const exemptCookies = config.purposes.flatMap((p) => (p.exempt ? (p.services ?? []).flatMap((s) => s.cookies ?? []) : []));
    const refuse = () => this.#decide('refuse_all', (p) => !!p.exempt && this._draft[p.id] !== false);
    return html`
      <section part="base" aria-labelledby="title" @keydown=${(e: KeyboardEvent) => e.key == 'Escape' && this.#close()}>
        <div class="head">
          <h2 id="title" part="title" tabindex="-1">${s.title}</h2>
          <button class="close alt" part="close" aria-label=${s.close} @click=${refuse}>✕</button>
        </div>
        <p>
          ${s.intro} ${needConsent.join(', ')}. ${s.change} ${exemptCookies.length ? `${s.exemptCookies} ${exemptCookies.join(', ')}.` : ''}
          ${config.privacyUrl ? html`<a href=${config.privacyUrl}>${s.privacy}</a>` : nothing}
        </p>
        <div class="choices">
          <button part="button" @click=${() => this.#decide('accept_all', () => true)}>${s.acceptAll}</button>
          <button part="button" @click=${refuse}>${s.refuseAll}</button>
          <button part="button" aria-expanded=${this._customising} aria-controls="purposes" @click=${this.#customise}>${s.customise}</button>
        </div>
        <div id="purposes" part="purposes" ?hidden=${!this._customising}>
          ${config.purposes.map((p) => this.#renderPurpose(p))} ${this.#renderProof()}
          <button part="button" @click=${() => this.#decide('custom', (p) => allows(p, this._draft))}>${s.save}</button>
        </div>
      </section>
    `;
  }

  /** One purpose: consent asked with an Accepter / Refuser pair (neither ticked at first), or an exempt one. */
  #renderPurpose(purpose: ConsentPurpose) {
    const s = this.#strings;
    const choice = this._draft[purpose.id];
    const pick = (allowed: boolean) => (this._draft = { ...this._draft, [purpose.id]: allowed });
    const services = purpose.services ?? [];
    return html`
      <fieldset part="purpose">
        <legend>${localize(purpose.title, this.#lang)}</legend>
        ${purpose.description ? html`<p>${localize(purpose.description, this.#lang)}</p>` : nothing}
        ${
          services.length
            ? html`<p>
                ${s.services}
                ${services.map((service, i) => html`${i ? ', ' : ''}${service.url ? html`<a href=${service.url}>${service.name}</a>` : service.name}`)}
              </p>`
            : nothing
        }
        ${
          purpose.exempt
            ? html`
                <p>${s.exempt}</p>
                <label
                  ><input
                    type="checkbox"
                    .checked=${choice === false}
                    @change=${(e: Event) => pick(!(e.target as HTMLInputElement).checked)}
                  />${s.object}</label
                >
              `
            : html`
                <label><input type="radio" name=${purpose.id} .checked=${choice === true} @change=${() => pick(true)} />${s.accept}</label>
                <label><input type="radio" name=${purpose.id} .checked=${choice === false} @change=${() => pick(false)} />${s.refuse}</label>
              `
        }
      </fieldset>
    `;
  }

  /** The consent id and the visitor's rights over its proof, when a server keeps one (its part loads with the second layer). */
  #renderProof() {
    const target = this.#target;
    const stored = this.#stored;
    if (!target || !stored || !this.#proofView) return nothing;
    const onErased = (notice: string) => (this._notice = notice);
    return this.#proofView.renderProof({ target, consentId: stored.id, strings: this.#strings, notice: this._notice, onErased });
  }

  #customise(): void {
    this._customising = !this._customising;
    void import('./proof.view.ts').then((view) => {
      this.#proofView = view;
      this.requestUpdate();
    });
  }
}
