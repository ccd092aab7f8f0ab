import { html, LitElement, nothing, type CSSResultGroup } from 'lit';
import type { CoreTranslation } from './i18n/fr.ts';
import type { LocaleController } from './i18n/i18n.ts';
import { LiveRegion } from './live-region.ts';
import { SessionController, type Session } from './session.ts';
import { base } from './styles/base.styles.ts';

/**
 * What every `civ-*` element shares: the page's session (through context), its strings, a polite live
 * region, and the states that come before the widget itself — its language still loading, a misconfigured
 * embed or an unreachable API (a polite message, never a blank box), the tenant still loading.
 * A widget implements `renderContent()`; it always has a session and a ready tenant there.
 *
 * @example
 * export class CivVote extends CivElement<VoteTranslation> {
 *   protected readonly i18n = new LocaleController(this, { fr, en: () => import('./i18n/en.ts').then((m) => m.en) });
 *   protected renderContent(session: Session) { return html`…`; }
 * }
 */
export abstract class CivElement<T extends CoreTranslation> extends LitElement {
  static override styles: CSSResultGroup = base;

  protected readonly sessionController = new SessionController(this);
  protected readonly live = new LiveRegion(this);
  protected abstract readonly i18n: LocaleController<T>;

  /** The page's session, once the provider answered (the loader provides it on `<html>`). */
  get session(): Session | undefined {
    return this.sessionController.value;
  }

  get t(): T {
    return this.i18n.t;
  }

  protected abstract renderContent(session: Session): unknown;

  protected override render(): unknown {
    // No session is not "loading": the element was used without the loader, and says so.
    const busy = !this.i18n.ready || this.session?.tenant.status === 'pending';
    return html`<div part="base" class="base" aria-busy=${busy}>${this.i18n.ready ? this.#renderState() : nothing} ${this.live.render()}</div>`;
  }

  #renderState(): unknown {
    const { session, t } = this;
    // No provider: the element was used without the loader (or `installEmbed`/`provideSession`).
    if (!session) return html`<p class="notice" part="notice">${t.embed.missing_tenant}</p>`;
    const problem = session.problem;
    if (problem) {
      const retry = problem === 'network_error' || problem === 'unavailable';
      return html`<div class="notice" part="notice" role="status">
        <p>${t.embed[problem]}</p>
        ${
          retry
            ? html`<button type="button" class="secondary" @click=${() => Promise.all([session.loadTenant(), session.restore()])}>${t.common.retry}</button>`
            : nothing
        }
      </div>`;
    }
    if (session.tenant.status === 'pending') return html`<p class="loading">${t.common.loading}</p>`;
    return this.renderContent(session);
  }
}
