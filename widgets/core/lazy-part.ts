import { html, type ReactiveControllerHost } from 'lit';
import type { CoreTranslation } from './i18n/fr.ts';

/**
 * A part of a widget that lives in a chunk of its own and is imported the first time it is needed (a
 * signed-in dashboard, a rarely used form): until then, and while its strings load, it renders a polite
 * "Chargement…"; if the chunk cannot be fetched, the error and a retry button.
 *
 * @example
 * readonly #dashboard = new LazyPart(this, () => import('./dashboard/dashboard.view.ts').then((m) => new m.Dashboard(ctx)));
 * willUpdate() { if (signedIn) this.#dashboard.load(); }
 * render() { return this.#dashboard.render(this.t, (dashboard) => dashboard.render(me)); }
 */
export class LazyPart<T extends { readonly ready: boolean }> {
  value: T | undefined;
  #failed = false;
  #loading: Promise<void> | undefined;
  readonly #host: ReactiveControllerHost;
  readonly #import: () => Promise<T>;

  constructor(host: ReactiveControllerHost, load: () => Promise<T>) {
    this.#host = host;
    this.#import = load;
  }

  /** Starts the import once; call it as soon as the part may be needed. */
  load(): void {
    this.#failed = false;
    this.#loading ??= this.#import().then(
      (value) => {
        this.value = value;
        this.#host.requestUpdate();
      },
      () => {
        this.#loading = undefined;
        this.#failed = true;
        this.#host.requestUpdate();
      },
    );
  }

  render(t: CoreTranslation, ready: (part: T) => unknown): unknown {
    if (this.value?.ready) return ready(this.value);
    if (!this.#failed) return html`<p class="loading">${t.common.loading}</p>`;
    return html`<div class="notice error" part="notice">
      <p>${t.errors.network_error}</p>
      <button type="button" class="secondary" @click=${() => this.load()}>${t.common.retry}</button>
    </div>`;
  }
}
