import { html, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';

/**
 * The honeypot of a public form (sign-up, ballot, survey): a text field people never see nor reach — moved off
 * screen, out of the tab order, hidden from assistive technology, with a label telling anyone who does meet it
 * to leave it empty — that bots filling every input fill. The server quarantines what comes with it filled (a
 * sign-up is answered as usual but not created); no error ever tells the bot. The field is named `website`,
 * the name the API reads.
 *
 * @example
 * readonly #honeypot = new Honeypot('vote-website');
 * html`<form>${this.#honeypot.render(t.common.honeypot)}…</form>`;
 * api.put(path, { choice, ...this.#honeypot.fields() });
 */
export class Honeypot {
  #value = '';

  constructor(private readonly id: string) {}

  render(label: string): TemplateResult {
    return html`<div class="honeypot" aria-hidden="true">
      <label for=${this.id}>${label}</label>
      <input
        id=${this.id}
        name="website"
        type="text"
        tabindex="-1"
        autocomplete="off"
        .value=${live(this.#value)}
        @input=${(event: Event) => (this.#value = (event.target as HTMLInputElement).value)}
      />
    </div>`;
  }

  /** What to add to the request body: nothing at all while empty, so a person's request is unchanged. */
  fields(): { website?: string } {
    return this.#value.trim() === '' ? {} : { website: this.#value };
  }
}
