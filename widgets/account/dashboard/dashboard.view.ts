import { adoptStyles, html, type ReactiveElement } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { Me } from '../../core/api-types.ts';
import { heading } from '../../core/choices.ts';
import { errorText, LocaleController } from '../../core/i18n/i18n.ts';
import type { AccountContext, Section } from '../account-context.ts';
import { dashboardStyles } from './dashboard.styles.ts';
import { DataView } from './data.view.ts';
import { fr, type DashboardTranslation } from './i18n/fr.ts';
import { ParticipationsView } from './participations.view.ts';
import { ProfileView } from './profile.view.ts';
import { SecurityView } from './security.view.ts';

const SECTIONS: readonly Section[] = ['profile', 'participations', 'security', 'data'];

/**
 * The signed-in side of `civ-account` — the header, the banner asking to confirm the email, and the
 * sections: profile, participations, security, data rights — with its strings and styles. A chunk of its
 * own, imported at the first sign-in: a visitor who only signs in or up never downloads it.
 */
export class Dashboard {
  section: Section = 'profile';
  #resent = false;
  readonly #ctx: AccountContext;
  readonly #i18n: LocaleController<DashboardTranslation>;
  readonly #profile: ProfileView;
  readonly #participations: ParticipationsView;
  readonly #security: SecurityView;
  readonly #data: DataView;

  constructor(ctx: AccountContext) {
    this.#ctx = ctx;
    this.#i18n = new LocaleController(ctx.host, { fr, en: () => import('./i18n/en.ts').then((m) => m.en) });
    const strings = () => this.#i18n.t;
    this.#profile = new ProfileView(ctx, strings);
    this.#participations = new ParticipationsView(ctx, strings);
    this.#security = new SecurityView(ctx, strings);
    this.#data = new DataView(ctx, strings);
    // The element's own styles, plus the dashboard's, through adopted stylesheets (CSP-safe).
    const host = ctx.host as unknown as ReactiveElement;
    const elementStyles = (host.constructor as typeof ReactiveElement).elementStyles;
    if (host.shadowRoot) adoptStyles(host.shadowRoot, [...elementStyles, dashboardStyles]);
  }

  /** False while the English strings are on their way. */
  get ready(): boolean {
    return this.#i18n.ready;
  }

  /** A new sign-in: back to the profile. */
  start(): void {
    this.open('profile');
    this.#resent = false;
  }

  /** A section opens: participations are loaded afresh each time; a pending deletion is dropped. */
  open(section: Section): void {
    this.section = section;
    this.#participations.open = section === 'participations';
    if (section !== 'data') this.#data.confirming = false;
  }

  async #resendVerification(): Promise<void> {
    try {
      await this.#ctx.session().api.post('auth/verification-mail', { returnUrl: this.#ctx.returnUrl() });
      this.#resent = true;
      this.#ctx.announce(this.#i18n.t.verify.resent);
    } catch (error) {
      this.#ctx.notify('error', errorText(this.#ctx.t(), error), true);
    }
  }

  render(me: Me): unknown {
    const d = this.#i18n.t;
    return html`<header class="header" part="header">
        <div>
          ${this.#ctx.noHeader() ? '' : heading(this.#ctx.level(0), d.title)}
          <p class="who">${d.signedInAs(me.email)}</p>
        </div>
        <button type="button" class="secondary" part="sign-out" @click=${() => this.#ctx.signOut()}>${this.#ctx.t().account.signOut}</button>
      </header>
      ${this.#ctx.renderNotice()}
      ${
        me.emailVerified
          ? ''
          : html`<div class="notice" part="verify">
              <p>${d.verify.pending(me.email)}</p>
              ${this.#resent ? html`<p>${d.verify.resent}</p>` : ''}
              <button type="button" class="secondary" @click=${() => this.#resendVerification()}>${d.verify.resend}</button>
            </div>`
      }
      ${me.pendingEmail ? html`<div class="notice" part="pending-email"><p>${d.security.pending(me.pendingEmail, me.email)}</p></div>` : ''}
      <nav aria-label=${d.sections.label} part="nav">
        <ul>
          ${SECTIONS.map(
            (section) =>
              html`<li>
                <button
                  type="button"
                  class="tab"
                  aria-current=${ifDefined(section === this.section ? 'true' : undefined)}
                  @click=${() => this.#ctx.navigate(section)}
                >
                  ${d.sections[section]}
                </button>
              </li>`,
          )}
        </ul>
      </nav>
      <section part="section" aria-labelledby="section-title">
        ${heading(this.#ctx.level(1), d.sections[this.section], 'section-title')} ${this.#renderSection(me)}
      </section>`;
  }

  #renderSection(me: Me): unknown {
    switch (this.section) {
      case 'participations':
        return this.#participations.render();
      case 'security':
        return this.#security.render();
      case 'data':
        return this.#data.render(me);
      default:
        return this.#profile.render();
    }
  }
}
