import { html, type ReactiveControllerHost, type TemplateResult } from 'lit';

/**
 * A polite live region in the widget's shadow root: what a sighted citizen sees change after a submit
 * (an error, a confirmation) is also read to screen-reader users. Render it once, always, so it exists
 * before the first announcement.
 *
 * @example
 * readonly #live = new LiveRegion(this);
 * this.#live.announce('Profil enregistré.');
 * render() { return html`…${this.#live.render()}`; }
 */
export class LiveRegion {
  message = '';
  #flip = false;
  readonly #host: ReactiveControllerHost;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
  }

  announce(message: string): void {
    this.message = message;
    // A zero-width space toggled at the end makes the same sentence, said twice, a change that is read again.
    this.#flip = !this.#flip;
    this.#host.requestUpdate();
  }

  render(): TemplateResult {
    return html`<div class="sr-only" role="status" aria-live="polite" aria-atomic="true">${this.message}${this.#flip ? '\u200b' : ''}</div>`;
  }
}
