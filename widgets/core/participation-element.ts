import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { ApiError } from './api-client.ts';
import type { Consultation } from './api-types.ts';
import { heading } from './choices.ts';
import { DraftStore } from './draft-store.ts';
import { CivElement } from './civ-element.ts';
import type { CoreTranslation } from './i18n/fr.ts';
import type { ParticipationTranslation } from './i18n/participation.fr.ts';
import { participantId } from './participant.ts';
import { Resource } from './resource.ts';
import type { Session } from './session.ts';

export type ParticipationStrings = CoreTranslation & ParticipationTranslation;

/**
 * What `civ-vote` and `civ-survey` share: the `consultation` attribute and its loading, the header (title,
 * description, dates), who may take part now and, if not, why (not open yet, closed, an account or a confirmed
 * email needed), the anonymous participant id, the results (loaded only where the consultation lets this
 * visitor read them), a focused notice answering the citizen's own actions, the privacy notice, and dates in
 * the citizen's language. A widget implements `renderConsultation()` for the kinds it lists in `kinds`.
 */
export abstract class ParticipationElement<S extends { resultsVisibility?: string }, T extends ParticipationStrings, R> extends CivElement<T> {
  static override properties = {
    consultation: {},
    signInUrl: { attribute: 'sign-in-url' },
    noHeader: { type: Boolean, attribute: 'no-header' },
    headingLevel: { type: Number, attribute: 'heading-level' },
  };

  /** The consultation's identifier (its slug, e.g. `budget-2027`), given by the collectivité. */
  consultation = '';

  /** Where a citizen signs in (a page of this site holding `<civ-account>`), for consultations that need an account. */
  signInUrl = '';

  /**
   * Hides the widget's title and introduction where the page already shows them (its own heading); the
   * dates stay, and the form keeps the title as its accessible name.
   */
  noHeader = false;

  /** The level of the widget's title, 2 to 6 (default 2); its other headings follow one level below (with `no-header`, at this level). */
  headingLevel = 2;

  /** Consultation kinds this element shows. */
  protected abstract readonly kinds: readonly string[];
  /** The results' resource under the consultation (`results`, `survey-results`). */
  protected abstract readonly resultsPath: string;

  protected readonly consultationTask = new Resource(
    this,
    () => [this.session?.tenant.status === 'ready' ? this.session.api : undefined, this.consultation] as const,
    ([api, slug]) => (api && slug ? api.get<Consultation<S>>(`consultations/${encodeURIComponent(slug)}`, { auth: false }) : undefined),
  );

  protected readonly results = new Resource(
    this,
    () => {
      const c = this.consultationTask.value;
      const session = this.session;
      return [session, c && session && this.resultsVisible(c, session), session?.me?.id] as const;
    },
    ([session, visible]) => (visible ? session!.api.get<R>(this.path(this.resultsPath)) : undefined),
  );

  protected notice: { kind: 'success' | 'error' | 'info'; text: string } | undefined;
  #focus: string | undefined;
  #warned = false;

  protected abstract renderConsultation(consultation: Consultation<S>, session: Session): unknown;

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const target = this.#focus && this.shadowRoot?.querySelector<HTMLElement>(this.#focus);
    if (target) {
      this.#focus = undefined;
      target.focus();
    }
    // The webmaster reads the console (once); the citizen reads the polite notice.
    const kind = this.consultationTask.value?.kind;
    if (!this.#warned && this.session?.tenant.status === 'ready' && (!this.consultation || this.#notFound() || (kind && !this.kinds.includes(kind)))) {
      this.#warned = true;
      console.error(
        `[civique] <${this.localName} consultation="${this.consultation}"> : consultation absente, inconnue de la collectivité "${this.session.config.tenant}" ou d’un autre type (${kind}). — Missing consultation, unknown to this tenant, or of another kind.`,
      );
    }
  }

  /** The slug names no consultation of this tenant: trying again would not help. */
  #notFound(): boolean {
    return (this.consultationTask.error as ApiError | undefined)?.code === 'consultation_not_found';
  }

  protected renderContent(session: Session): unknown {
    const unavailable = html`<p class="notice" part="notice">${this.t.consultation.unavailable}</p>`;
    if (!this.consultation) return unavailable;
    if (this.#notFound()) return html`<p class="notice" part="notice">${this.t.errors.consultation_not_found}</p>`;
    return this.consultationTask.render(this.t, (c) =>
      this.kinds.includes(c.kind)
        ? html`${this.renderHeader(c)} ${this.renderNotice()} ${this.renderConsultation(c, session)} ${this.renderPrivacy(c)}`
        : unavailable,
    );
  }

  /**
   * This consultation's draft in this browser (`vote`, `survey`), per account when signed in; none until a
   * stored session is checked. What was chosen signed out becomes the account's draft on sign-in (unless it
   * has one): the citizen who went to sign in finds their choices on coming back.
   */
  protected draft<V extends object>(): DraftStore<V> | undefined {
    const session = this.session;
    const tenant = session?.config.tenant;
    if (!tenant || !this.consultation || session.auth.status === 'restoring') return undefined;
    const drafts = (scope?: string) => new DraftStore<V>(tenant, this.localName.slice(4), this.consultation, scope);
    const signedOut = drafts();
    const me = session.me?.id;
    if (!me) return signedOut;
    const mine = drafts(me);
    const kept = signedOut.load();
    if (kept) {
      if (!mine.load()) mine.save(kept.values);
      signedOut.clear();
    }
    return mine;
  }

  /** `consultations/<slug>/<resource>`. */
  protected path(resource: string): string {
    return `consultations/${encodeURIComponent(this.consultation)}/${resource}`;
  }

  /** `21 janvier 2027 à 18:00` / `21 January 2027 at 18:00`; the day alone without `time`. */
  protected date(iso: string | number, time = true): string {
    return new Intl.DateTimeFormat(this.t.lang === 'en' ? 'en-GB' : 'fr-FR', { dateStyle: 'long', timeStyle: time ? 'short' : undefined }).format(
      new Date(iso),
    );
  }

  /** The level of a heading `depth` steps under the widget's title (0: the title itself). */
  protected level(depth: number): number {
    return (this.headingLevel || 2) + depth - (this.noHeader ? 1 : 0);
  }

  /** The form's accessible name when the header that names it is hidden. */
  protected formLabel(c: Consultation<S>): string | typeof nothing {
    return this.noHeader ? c.title : nothing;
  }

  /** Moves focus to `selector` once rendered (after the citizen's own action). */
  protected focusOn(selector: string): void {
    this.#focus = selector;
    this.requestUpdate();
  }

  /** A message above the form; focused when it answers the citizen's action, else only announced. */
  protected notify(kind: 'success' | 'error' | 'info', text: string, focus = true): void {
    this.notice = { kind, text };
    if (focus) this.focusOn('#notice');
    else this.live.announce(text);
  }

  protected renderNotice(): unknown {
    const n = this.notice;
    return n ? html`<div id="notice" class="notice ${n.kind}" part="notice" tabindex="-1"><p>${n.text}</p></div>` : nothing;
  }

  /** Title, description and dates of the consultation (the dates alone with `no-header`). */
  protected renderHeader(c: Consultation<S>): TemplateResult {
    const t = this.t.consultation;
    const schedule =
      c.status === 'upcoming' ? t.opensOn(this.date(c.opensAt)) : c.status === 'open' ? t.openUntil(this.date(c.closesAt)) : t.closedOn(this.date(c.closesAt));
    return html`<div class="header" part="header">
      ${this.noHeader ? nothing : html`${heading(this.level(0), c.title, undefined, 'title')} ${c.description ? html`<p>${c.description}</p>` : nothing}`}
      <p class="schedule ${c.status}" part="schedule">${schedule}</p>
    </div>`;
  }

  /**
   * Whether this visitor may take part now; when the consultation is open but they may not, the notice
   * saying why and where to sign in. The server checks the same rules (`assertCanParticipate`).
   */
  protected eligibility(c: Consultation<S>, session: Session): { allowed: boolean; notice?: TemplateResult; signIn?: boolean } {
    const t = this.t.consultation;
    const me = session.me;
    if (c.status !== 'open' || session.auth.status === 'restoring') return { allowed: false };
    if (!me && (!c.allowAnonymous || c.requireVerifiedEmail)) {
      // The sign-in page brings the citizen back here (`returnUrl`, honoured by civ-account).
      const back = `${this.signInUrl}${this.signInUrl.includes('?') ? '&' : '?'}returnUrl=${encodeURIComponent(location.href.split('#')[0])}`;
      return {
        allowed: false,
        signIn: true,
        notice: html`<div class="notice" part="notice sign-in">
          <p>${t.accountRequired}</p>
          <p>${this.signInUrl ? html`<a href=${back} part="sign-in-link">${t.signIn}</a>` : t.signInHere}</p>
        </div>`,
      };
    }
    if (me && c.requireVerifiedEmail && !me.emailVerified)
      return { allowed: false, notice: html`<p class="notice" part="notice">${this.t.errors.verified_email_required}</p>` };
    return { allowed: true };
  }

  /**
   * The anonymous participant header for a visitor without an account, where the consultation allows it;
   * signed-in citizens are their account (the token is sent). `create` makes the id on first participation.
   */
  protected participant(c: Consultation<S>, session: Session, create = false): Record<string, string> | undefined {
    if (session.me) return {};
    const id = c.allowAnonymous ? participantId(session.config.tenant!, create) : undefined;
    return id ? { 'civique-participant': id } : undefined;
  }

  /**
   * Results are read by the public when the consultation says so (`always`/`public`, or `after_close` once
   * closed), and always by the collectivité's staff, who also see what awaits verification.
   */
  protected resultsVisible(c: Consultation<S>, session: Session): boolean {
    const visibility = c.settings.resultsVisibility;
    const staff = session.me?.staffOf.some((m) => m.tenant === session.config.tenant && m.roles.some((r) => r === 'admin' || r === 'moderator'));
    return c.status !== 'upcoming' && (staff || visibility === 'always' || visibility === 'public' || (visibility === 'after_close' && c.status === 'closed'));
  }

  /** The results, or when they will be published. */
  protected renderResults(c: Consultation<S>, session: Session, render: (results: R) => unknown): unknown {
    if (this.resultsVisible(c, session)) return this.results.render(this.t, render);
    return c.status === 'open' && c.settings.resultsVisibility === 'after_close'
      ? html`<p class="muted" part="results-hidden">${this.t.consultation.resultsHiddenUntil(this.date(c.closesAt))}</p>`
      : nothing;
  }

  /** The privacy notice the policy requires where data is collected, with the day its retention ends. */
  protected renderPrivacy(c: Consultation<S>): TemplateResult {
    const t = this.t.consultation;
    const notice = c.privacyNotice;
    const list = (items: string[]) =>
      html`<ul>
        ${items.map((item) => html`<li>${item}</li>`)}
      </ul>`;
    return html`<details class="privacy" part="privacy">
      <summary>${t.privacy}</summary>
      <p>${t.purposes}</p>
      ${list(notice.purposes)}
      <p>${t.recipients}</p>
      ${list(notice.recipients)}
      <p>${t.retention} ${notice.retention}</p>
      ${notice.durations?.length ? list(notice.durations.map((d) => (this.t.lang === 'en' && d.en) || d.fr)) : nothing}
      <p>${t.retentionEnd(this.date(c.retentionEnd, false))}</p>
    </details>`;
  }
}
