import { html, nothing, type PropertyValues } from 'lit';
import { ApiError } from '../core/api-client.ts';
import { CivElement } from '../core/civ-element.ts';
import { emit } from '../core/events.ts';
import { errorText, LocaleController } from '../core/i18n/i18n.ts';
import { LazyPart } from '../core/lazy-part.ts';
import type { Session } from '../core/session.ts';
import { base } from '../core/styles/base.styles.ts';
import { fieldStyles } from '../core/styles/fields.styles.ts';
import { formStyles } from '../core/styles/form.styles.ts';
import type { AccountContext, NoticeKind, Section, SignedOutView } from './account-context.ts';
import { accountStyles } from './account.styles.ts';
import { AuthView } from './auth.view.ts';
import { fr, type AccountTranslation } from './i18n/fr.ts';

const SECTIONS: readonly string[] = ['profile', 'participations', 'security', 'data'] satisfies Section[];

/** Mailed links come back to the host page as `#civique-verify=<code>`, `#civique-reset=<code>` or `#civique-cancel-email=<code>`. */
const FRAGMENT = /^#civique-(verify|reset|cancel-email)=([A-Za-z0-9_-]{16,128})$/;
/** One element per page handles a given fragment, however many `civ-account` the page holds. */
let claimedFragment: string | undefined;

function removeFragment(): void {
  history.replaceState(history.state, '', location.pathname + location.search);
}

/**
 * The citizen's account, inside the collectivité's own page: sign up, sign in, sign out, email
 * confirmation and "mot de passe oublié" (the mailed links lead back to this page); the profile with every
 * optional field of the privacy policy and the purpose of each; what is shown beside the pseudonym; the
 * citizen's participations; and the data rights — download my data, restrict, object, delete my account.
 *
 * Every `civ-*` widget on the page shares the session: signing in here signs in the vote beside it.
 *
 * @summary Sign up, sign in, profile and data rights (RGPD), French first.
 *
 * @event civ-signed-in - The citizen signed in. `detail: { accountId, newAccount }` (`newAccount` stays false: sign-up opens no session).
 * @event civ-signed-out - The citizen signed out; token and drafts are erased from this device.
 * @event civ-account-updated - The profile, email, password, restriction or objection changed. `detail: { changes }`.
 * @event civ-account-deleted - The account was deleted; everything local is erased.
 * @event civ-session-changed - After any sign-in, sign-out or deletion made here. `detail: { signedIn }`.
 *
 * @csspart base - The widget's frame.
 * @csspart header - Title (hidden by `no-header`), signed-in email and sign-out button.
 * @csspart sign-out - The sign-out button.
 * @csspart notice - Messages: confirmations, errors, misconfiguration.
 * @csspart verify - The banner asking to confirm the email address.
 * @csspart nav - The sections of a signed-in account.
 * @csspart section - The open section.
 * @csspart form - Each form.
 * @csspart form-status - A form's own error, and the offer to send again what was kept.
 * @csspart field - One field: label, hint, purpose, control, error.
 * @csspart label - A field's label.
 * @csspart hint - How to fill a field.
 * @csspart purpose - Why the data is asked for.
 * @csspart input - A field's control.
 * @csspart error - A field's error.
 * @csspart toggle - "Afficher" on a password.
 * @csspart check - A checkbox row.
 * @csspart submit - A form's submit button.
 * @csspart avatar - The avatar picture.
 * @csspart participations - The list of participations.
 * @csspart export - The "download my data" button.
 * @csspart danger-zone - Account deletion.
 *
 * @cssproperty --civ-color-primary - Buttons, links, selected states (default #000091).
 * @cssproperty --civ-color-on-primary - Text on the primary colour (default #fff).
 * @cssproperty --civ-color-text - Body text (default #161616).
 * @cssproperty --civ-color-muted - Hints and purposes (default #555).
 * @cssproperty --civ-color-surface - Background (default #fff).
 * @cssproperty --civ-color-surface-alt - Notices (default #f6f6f6).
 * @cssproperty --civ-color-border - Fields and groups (default #767676).
 * @cssproperty --civ-color-error - Errors and deletion (default #ce0500).
 * @cssproperty --civ-color-success - Confirmations (default #18753c).
 * @cssproperty --civ-color-focus - Focus ring (default #0a76f6).
 * @cssproperty --civ-font-family - Font (default: the page's).
 * @cssproperty --civ-font-size - Base size (default 1rem).
 * @cssproperty --civ-radius - Corner radius (default 0.25rem).
 * @cssproperty --civ-space - Spacing unit (default 0.5rem).
 */
export class CivAccount extends CivElement<AccountTranslation> {
  static override styles = [base, formStyles, fieldStyles, accountStyles];

  static override properties = {
    initialView: { attribute: 'initial-view' },
    returnUrl: { attribute: 'return-url' },
    noHeader: { type: Boolean, attribute: 'no-header' },
    headingLevel: { type: Number, attribute: 'heading-level' },
    view: { state: true },
    notice: { state: true },
  };

  /** Which form a signed-out visitor sees first: `sign-in` (default) or `sign-up`. */
  initialView: 'sign-in' | 'sign-up' = 'sign-in';

  /** The page the mailed links (confirmation, password reset) lead back to; default: this page. Must be on one of the tenant's allowed origins. */
  returnUrl = '';

  /** Hides the signed-in account's title ("Mon compte") where the page already shows it; the address and "Se déconnecter" stay. */
  noHeader = false;

  /** The level of the widget's title, 2 (default) to 6, so it fits the page's outline; the other headings follow one level below. */
  headingLevel = 2;

  private view: SignedOutView | undefined;
  private notice: { kind: NoticeKind; text: string } | undefined;

  protected readonly i18n = new LocaleController<AccountTranslation>(this, { fr, en: () => import('./i18n/en.ts').then((m) => m.en) });

  readonly #ctx: AccountContext = {
    host: this,
    t: () => this.t,
    session: () => this.session!,
    announce: (message) => this.live.announce(message),
    notify: (kind, text, focus = false) => this.#notify(kind, text, focus),
    navigate: (to) => this.#navigate(to),
    returnUrl: () => this.returnUrl || location.href.split('#')[0],
    noHeader: () => this.noHeader,
    // The title keeps the set level; with no-header (no "Mon compte" above them) the sections move up one.
    level: (depth) => depth + (this.headingLevel || 2) - (depth && this.noHeader ? 1 : 0),
    signOut: () => this.#signOut(),
    renderNotice: () => this.#renderNotice(),
  };
  readonly #auth = new AuthView(this.#ctx);
  /** The signed-in side, a chunk imported at the first sign-in. */
  readonly #dashboard = new LazyPart(this, () => import('./dashboard/dashboard.view.ts').then((m) => new m.Dashboard(this.#ctx)));
  /** "Mot de passe oublié", a chunk imported when asked for. */
  readonly #recovery = new LazyPart(this, () => import('./recovery/recovery.view.ts').then((m) => new m.Recovery(this.#ctx)));
  /** The code of a password-reset link, until the recovery chunk takes it. */
  #resetCode: string | undefined;
  #lastAuth: Session['auth']['status'] | undefined;
  /** Where focus goes once it is rendered (a part may still be loading when the action ends). */
  #focusTarget: string | undefined;

  /** A mailed link opened in the tab that already shows the page only changes the fragment. */
  readonly #onHashChange = () => this.requestUpdate();

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.#onHashChange);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.#onHashChange);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const session = this.session;
    if (!session || session.tenant.status !== 'ready') return;
    this.#followAuth(session);
    if (session.auth.status !== 'restoring' && location.hash !== claimedFragment) this.#readFragment(session);
    if (this.#resetCode || this.view === 'forgot') this.#recovery.load();
    if (this.#recovery.value && this.#resetCode) this.#recovery.value.resetCode = this.#resetCode;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const target = this.#focusTarget && this.shadowRoot?.querySelector<HTMLElement>(this.#focusTarget);
    if (target) {
      this.#focusTarget = undefined;
      target.focus();
    }
  }

  /** Another widget (or an expired token) changed the session: show the right side, and say why. */
  #followAuth(session: Session): void {
    const status = session.auth.status;
    const previous = this.#lastAuth;
    if (status === previous) return;
    this.#lastAuth = status;
    if (status === 'signed-in') {
      this.#dashboard.value?.start();
      this.#dashboard.load();
    } else if (status === 'signed-out' && previous === 'signed-in') {
      this.view = 'sign-in';
      const reason = session.auth.status === 'signed-out' ? session.auth.reason : undefined;
      if (reason === 'expired' || reason === 'signed-out') {
        // If the citizen was working here, their focus must not fall to the page's top.
        this.#notify('info', reason === 'expired' ? this.t.account.expired : this.t.account.signedOut, this.matches(':focus-within'));
      }
    }
  }

  #readFragment(session: Session): void {
    const match = FRAGMENT.exec(location.hash);
    if (!match) return;
    claimedFragment = location.hash;
    const [, kind, code] = match;
    if (kind === 'reset') {
      // The code stays in memory only: out of the address bar, the history and any screen share.
      removeFragment();
      this.#resetCode = code;
      this.view = 'reset';
      return;
    }
    void this.#redeem(session, code, kind === 'verify' ? 'verify' : 'cancel');
  }

  /** Posts a mailed code: a confirmation (of the address, or of a new address) or the cancellation of an email change. */
  async #redeem(session: Session, code: string, kind: 'verify' | 'cancel'): Promise<void> {
    const t = this.t;
    const verify = kind === 'verify';
    try {
      await session.api.post(verify ? 'auth/verify-email' : 'auth/email-change-cancel', { code }, { auth: false });
      removeFragment();
      if (session.me) await session.refreshMe().catch(() => undefined);
      if (verify) emit(this, 'civ-account-updated', { changes: ['email-verified'] });
      this.#notify('success', verify ? t.account.verified : t.account.emailChangeCancelled, false);
    } catch (error) {
      // Once the server has answered the code is spent or worthless; without an answer, a reload tries again.
      if (error instanceof ApiError) removeFragment();
      const expired = verify ? t.account.verifyFailed : t.account.emailChangeCancelFailed;
      this.#notify('error', error instanceof ApiError && error.code === 'invalid_code' ? expired : errorText(t, error), false);
    }
  }

  #notify(kind: NoticeKind, text: string, focus: boolean): void {
    this.notice = { kind, text };
    if (focus) this.#focusTarget = '#notice';
    else this.live.announce(text);
  }

  #navigate(to: SignedOutView | Section): void {
    this.notice = undefined;
    const section = SECTIONS.includes(to);
    if (section) {
      this.#dashboard.value?.open(to as Section);
      this.requestUpdate();
    } else {
      if (to !== 'reset') this.#resetCode = undefined;
      this.view = to as SignedOutView;
    }
    this.#focusTarget = section ? '#section-title' : '#view-title';
  }

  async #signOut(): Promise<void> {
    await this.session?.signOut();
    emit(this, 'civ-signed-out', {});
    emit(this, 'civ-session-changed', { signedIn: false });
    this.#notify('success', this.t.account.signedOut, true);
  }

  protected renderContent(session: Session): unknown {
    const { auth } = session;
    const t = this.t;
    // A reset link wins over a session: the reset revokes it anyway.
    const view = this.#resetCode ? 'reset' : (this.view ?? (this.initialView === 'sign-up' ? 'sign-up' : 'sign-in'));
    if (auth.status === 'signed-in' && view !== 'reset') {
      return this.#dashboard.render(t, (dashboard) => dashboard.render(auth.me));
    }
    if (auth.status === 'restoring') return this.#renderRestoring(session);
    const form = view === 'forgot' || view === 'reset' ? this.#recovery.render(t, (recovery) => recovery.render(view)) : this.#auth.render(view);
    return html`${this.#renderNotice()} ${form}`;
  }

  #renderNotice(): unknown {
    const notice = this.notice;
    return notice ? html`<div id="notice" class="notice ${notice.kind}" part="notice" tabindex="-1"><p>${notice.text}</p></div>` : nothing;
  }

  #renderRestoring(session: Session): unknown {
    const t = this.t;
    if (!session.restoreError) return html`<p class="loading">${t.common.loading}</p>`;
    return html`<div class="notice error" part="notice">
      <p>${t.account.restoreFailed} ${errorText(t, session.restoreError)}</p>
      <div class="actions">
        <button type="button" @click=${() => session.restore()}>${t.common.retry}</button>
        <button type="button" class="secondary" @click=${() => this.#signOut()}>${t.account.signOut}</button>
      </div>
    </div>`;
  }
}
