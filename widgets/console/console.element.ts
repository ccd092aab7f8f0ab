import { html, nothing, type TemplateResult } from 'lit';
import type { IssuedSession } from '../core/api-types.ts';
import { CivElement } from '../core/civ-element.ts';
import { passwordField, textField } from '../core/fields.ts';
import { FormController } from '../core/form.ts';
import { errorText, LocaleController } from '../core/i18n/i18n.ts';
import type { Session } from '../core/session.ts';
import { base } from '../core/styles/base.styles.ts';
import { fieldStyles } from '../core/styles/fields.styles.ts';
import { formStyles } from '../core/styles/form.styles.ts';
import { consoleStyles } from './console.styles.ts';
import { ConsultationsScreen } from './consultations.view.ts';
import { fr, type ConsoleTranslation } from './i18n/fr.ts';
import { QuarantineScreen } from './quarantine.view.ts';
import { ResultsScreen } from './results.view.ts';
import { TeamScreen } from './team.view.ts';
import { ModerationScreen } from './moderation.view.ts';
import { AnswersScreen } from './answers.view.ts';
import { RightsScreen } from './rights.view.ts';
import { chartStyles } from './charts.ts';
import type { ConsoleContext, Screen, StaffRole } from './console-context.ts';

/** Which roles open each screen (an admin opens them all), as `STAFF_OPERATIONS` on the server grants their calls. */
const SCREENS: Record<Screen, StaffRole[]> = {
  consultations: ['admin', 'moderator'],
  quarantine: ['moderator'],
  results: ['moderator'],
  moderation: ['moderator'],
  answers: ['answerer'],
  rights: ['admin'],
  team: ['admin'],
};

type Credentials = { email: string; password: string };

/**
 * The staff console: where a collectivité's agents run their consultations without touching the API. Sign in
 * with a staff account (a staff session lasts 12 hours), then: the consultations (list with participation counts,
 * forms generated from each kind's settings schema, open / close / archive / delete, the snippet to paste with its
 * integrity hash), and the review of quarantined participations, by cluster, after seeing the effect on results.
 * When the session expires, the console returns to sign-in and comes back to the same screen: what was being
 * typed is kept (in memory, and in this device's drafts).
 *
 * Served at `/console` by the Civique server; embeddable in an intranet whose origin an admin lists as a staff
 * origin, with the `console.js` entry.
 *
 * @summary The collectivité agents' console: consultations, snippets, quarantine review.
 *
 * @csspart base - The console's frame.
 * @csspart nav - The screens.
 * @csspart screen - The open screen.
 * @csspart notice - Messages.
 * @csspart form - Each form.
 * @csspart submit - A form's submit button.
 *
 * @cssproperty --civ-color-primary - Buttons, links, current screen (default #000091).
 * @cssproperty --civ-color-text - Body text (default #161616).
 * @cssproperty --civ-color-border - Tables, fields and groups (default #767676).
 * @cssproperty --civ-color-error - Errors (default #ce0500).
 * @cssproperty --civ-color-focus - Focus ring (default #0a76f6).
 */
export class CivStaffConsole extends CivElement<ConsoleTranslation> {
  static override styles = [base, fieldStyles, formStyles, consoleStyles, chartStyles];
  static override properties = {
    widgets: {},
    screen: { state: true },
    passwordVisible: { state: true },
  };

  /** Base URL of the widget release whose snippet agents paste (default: `<api>/widgets/v1/`). */
  widgets?: string;
  screen: Screen = 'consultations';
  passwordVisible = false;

  protected readonly i18n = new LocaleController(this, { fr, en: () => import('./i18n/en.ts').then((m) => m.en) });

  readonly context: ConsoleContext = {
    host: this,
    session: () => this.session!,
    t: () => this.t,
    roles: () => this.roles,
    announce: (message) => this.live.announce(message),
    focus: (id) => {
      this.requestUpdate();
      void this.updateComplete.then(() => this.shadowRoot?.getElementById(id)?.focus());
    },
    widgetsBase: () => this.widgets ?? new URL('widgets/v1/', this.session!.config.api.replace(/\/?$/, '/')).href,
    failure: (error) => errorText(this.t, error),
  };

  readonly consultations = new ConsultationsScreen(this.context);
  readonly quarantine = new QuarantineScreen(this.context);
  readonly results = new ResultsScreen(this.context);
  readonly team = new TeamScreen(this.context);
  readonly moderation = new ModerationScreen(this.context);
  readonly answers = new AnswersScreen(this.context);
  readonly rights = new RightsScreen(this.context);

  readonly signIn = new FormController<Credentials, IssuedSession>(this, {
    id: 'staff-sign-in',
    initial: () => ({ email: this.#lastEmail, password: '' }),
    secret: ['password'],
    validate: (v) => ({
      email: v.email.trim() ? undefined : this.t.console.editor.required,
      password: v.password ? undefined : this.t.console.editor.required,
    }),
    // A staff session is never remembered beyond its 12 hours: `remember` stays false.
    submit: (v) => this.session!.api.post<IssuedSession>('auth/sign-in', { email: v.email.trim(), password: v.password, remember: false }, { auth: false }),
    fieldFor: (code) => (code === 'invalid_credentials' ? 'password' : undefined),
    strings: () => this.t,
    announce: (m) => this.live.announce(m),
    onSuccess: (issued) => {
      this.session!.signedIn(issued, false);
      this.signIn.reset({ email: issued.me.email, password: '' });
      this.#enter();
    },
  });

  #wasSignedIn = false;
  /** Who was signed in: the sign-in form after an expiry starts from that address. */
  #lastEmail = '';

  /** The roles of the signed-in account in this tenant, in this (staff) session. */
  get roles(): StaffRole[] {
    const tenant = this.session?.config.tenant;
    return (this.session?.me?.staffOf.find((s) => s.tenant === tenant)?.roles ?? []) as StaffRole[];
  }

  /** Whether the signed-in roles open a screen: an admin opens every one. */
  allows(screen: Screen): boolean {
    const roles = this.roles;
    return roles.includes('admin') || SCREENS[screen].some((r) => roles.includes(r));
  }

  protected override updated(): void {
    const signedIn = this.session?.auth.status === 'signed-in';
    // Signed out from under the console (the session expired): the sign-in form takes the focus.
    if (this.#wasSignedIn && !signedIn) {
      this.#wasSignedIn = false;
      this.signIn.reset({ email: this.#lastEmail, password: '' });
      this.context.focus('screen-title');
      if (this.session?.auth.status === 'signed-out' && this.session.auth.reason === 'expired') this.live.announce(this.t.console.signIn.expired);
    } else if (signedIn) {
      this.#wasSignedIn = true;
      this.#lastEmail = this.session!.me!.email;
      // First sign-in (or a restored session): open the first screen these roles allow.
      if (!this.#entered && (Object.keys(SCREENS) as Screen[]).some((s) => this.allows(s))) this.#enter();
    }
  }

  #entered = false;

  #enter(): void {
    this.#entered = true;
    if (!this.allows(this.screen)) this.screen = (Object.keys(SCREENS) as Screen[]).find((s) => this.allows(s)) ?? 'consultations';
    this.go(this.screen, true);
  }

  /** Opens a screen and moves the focus to its title, as a page change would. */
  go(screen: Screen, reload = false): void {
    this.screen = screen;
    if (screen === 'consultations') this.consultations.open(reload);
    if (screen === 'quarantine') void this.quarantine.open();
    if (screen === 'results') void this.results.open();
    if (screen === 'team') this.team.open();
    if (screen === 'moderation') void this.moderation.open();
    if (screen === 'answers') void this.answers.open();
    if (screen === 'rights') void this.rights.open();
    this.context.focus('screen-title');
  }

  protected renderContent(session: Session): unknown {
    const t = this.t.console;
    const auth = session.auth;
    if (auth.status === 'restoring') return html`<p class="loading">${this.t.common.loading}</p>`;
    if (auth.status === 'signed-out') return this.#renderSignIn(auth.reason === 'expired');
    if (this.roles.length === 0) {
      return html`<h1 id="screen-title" tabindex="-1">${t.title}</h1>
        <p class="notice error" part="notice">${t.signIn.notStaff(session.tenant.status === 'ready' ? session.tenant.tenant.name : '')}</p>
        <div class="actions"><button type="button" class="secondary" @click=${() => session.signOut()}>${t.signOut}</button></div>`;
    }
    const screens = (Object.keys(SCREENS) as Screen[]).filter((s) => this.allows(s));
    if (screens.length === 0) {
      // A role without a screen (none today: every role has one), rather than an empty console.
      return html`<h1 id="screen-title" tabindex="-1">${t.title}</h1>
        <p class="notice" part="notice">${t.noScreen}</p>
        <div class="actions"><button type="button" class="secondary" @click=${() => session.signOut()}>${t.signOut}</button></div>`;
    }
    return html`<header>
        <p><strong>${t.title}</strong> · ${session.tenant.status === 'ready' ? session.tenant.tenant.name : ''}</p>
        <p>
          ${t.signedInAs(auth.me.email)} (${this.roles.map((r) => t.roles[r] ?? r).join(', ')})
          <button type="button" class="secondary" @click=${() => session.signOut()}>${t.signOut}</button>
        </p>
      </header>
      <nav part="nav" aria-label=${t.nav}>
        <ul>
          ${screens.map(
            (s) =>
              html`<li>
                <button type="button" class="secondary" aria-current=${this.screen === s ? 'page' : 'false'} @click=${() => this.go(s, true)}>
                  ${t.screens[s]}
                </button>
              </li>`,
          )}
        </ul>
      </nav>
      <main part="screen">${this.#renderScreen()}</main>`;
  }

  #renderScreen(): TemplateResult | typeof nothing {
    if (this.screen === 'quarantine') return this.quarantine.render();
    if (this.screen === 'results') return this.results.render();
    if (this.screen === 'team') return this.team.render();
    if (this.screen === 'moderation') return this.moderation.render();
    if (this.screen === 'answers') return this.answers.render();
    if (this.screen === 'rights') return this.rights.render();
    return this.consultations.render();
  }

  #renderSignIn(expired: boolean): TemplateResult {
    const t = this.t;
    const s = t.console.signIn;
    const form = this.signIn;
    return html`<h1 id="screen-title" tabindex="-1">${s.title}</h1>
      ${expired ? html`<p class="notice" part="notice" role="status">${s.expired}</p>` : html`<p>${s.intro}</p>`}
      <form id="staff-sign-in" novalidate part="form" @submit=${form.onSubmit}>
        ${textField({ ...form.bind('email'), label: s.email, type: 'email', autocomplete: 'username', required: true }, t.common.errorPrefix)}
        ${passwordField(
          {
            ...form.bind('password'),
            label: s.password,
            autocomplete: 'current-password',
            required: true,
            visible: this.passwordVisible,
            onToggle: () => (this.passwordVisible = !this.passwordVisible),
          },
          t,
        )}
        ${form.renderStatus()}
        <div class="actions">${form.renderSubmit(s.submit)}</div>
      </form>`;
  }
}
