import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { CoreTranslation } from './i18n/fr.ts';
import { errorText } from './i18n/i18n.ts';

/**
 * Data a widget reads from the API, as a small controller (the widgets' one data-loader, lighter than `@lit/task`
 * since every byte counts): `load` runs before rendering whenever `args` change (never inside `render()`), an answer
 * that arrives after newer arguments is dropped, and `render` gives the three states — a polite
 * "Chargement…", the error in plain words with a retry button, or the data. While it reloads (`run()`
 * after a vote, say), the previous value stays on screen.
 *
 * @example
 * readonly #results = new Resource(this, () => [this.session?.api, this.slug] as const,
 *   ([api, slug]) => (api && slug ? api.get<Results>(`consultations/${slug}/results`) : undefined));
 * render() { return this.#results.render(this.t, (results) => html`…`); }
 */
export class Resource<A extends readonly unknown[], R> implements ReactiveController {
  value: R | undefined;
  error: unknown;
  pending = false;
  #args: readonly unknown[] = [];
  #run = 0;
  readonly #host: ReactiveControllerHost;
  readonly #argsOf: () => A;
  readonly #load: (args: A) => Promise<R> | undefined;
  readonly #onValue?: (value: R) => void;

  /** `load` returns undefined when there is nothing to load for these arguments (the value is then cleared). */
  constructor(host: ReactiveControllerHost, args: () => A, load: (args: A) => Promise<R> | undefined, onValue?: (value: R) => void) {
    this.#host = host;
    this.#argsOf = args;
    this.#load = load;
    this.#onValue = onValue;
    host.addController(this);
  }

  hostUpdate(): void {
    const args = this.#argsOf();
    if (args.length !== this.#args.length || args.some((arg, i) => arg !== this.#args[i])) {
      this.#args = args;
      void this.run();
    }
  }

  /** Loads again with the current arguments. */
  async run(): Promise<void> {
    const run = ++this.#run;
    const request = this.#load(this.#args as A);
    this.error = undefined;
    this.pending = Boolean(request);
    if (!request) this.value = undefined;
    this.#host.requestUpdate();
    try {
      const value = await request;
      if (run !== this.#run || !request) return;
      this.value = value;
      this.#onValue?.(value!);
    } catch (error) {
      if (run === this.#run) this.error = error;
    }
    if (run === this.#run) {
      this.pending = false;
      this.#host.requestUpdate();
    }
  }

  render(t: CoreTranslation, complete: (value: R) => unknown): unknown {
    if (this.error) {
      return html`<div class="notice error" part="notice">
        <p>${errorText(t, this.error)}</p>
        <button type="button" class="secondary" @click=${() => this.run()}>${t.common.retry}</button>
      </div>`;
    }
    if (this.value !== undefined) return complete(this.value);
    return this.pending ? html`<p class="loading" role="status">${t.common.loading}</p>` : nothing;
  }
}
