import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { describedBy, errorNote, hintNote, requiredMark } from './choices.ts';
import type { RankingTranslation } from './i18n/participation.fr.ts';

export interface RankingOptions {
  /** Unique in the shadow root: prefixes the buttons' ids. */
  id: string;
  legend: string;
  /** How many to rank, stated under the legend. */
  hint?: string;
  required?: boolean;
  options: readonly { id: string; label: string }[];
  /** Option ids, best first. */
  ranked: readonly string[];
  max: number;
  error?: string;
  disabled?: boolean;
  errorPrefix: string;
  onChange: (ranked: string[]) => void;
}

type Action = 'add' | 'up' | 'down' | 'remove';

/**
 * Ordering options with the keyboard alone (no drag and drop): the citizen adds options to their ranking in
 * order of preference, then moves them up or down, or removes them; each move is announced ("Samedi matin :
 * position 2 sur 4.") and focus stays on the button just used, or the nearest sensible one. Rendered inside a
 * `fieldset`, with the ranking as a real ordered list whose positions ("1.", "2."…) are written out.
 *
 * @example
 * readonly #ranking = new Ranking(this, () => this.t.ranking, (m) => this.live.announce(m));
 * this.#ranking.render({ id: 'vote-choice', legend, options, ranked, max: 3, onChange, errorPrefix });
 */
export class Ranking {
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #t: () => RankingTranslation;
  readonly #announce: (message: string) => void;

  constructor(host: ReactiveControllerHost & HTMLElement, strings: () => RankingTranslation, announce: (message: string) => void) {
    this.#host = host;
    this.#t = strings;
    this.#announce = announce;
  }

  #act(o: RankingOptions, id: string, action: Action): void {
    const t = this.#t();
    const ranked = [...o.ranked];
    const index = ranked.indexOf(id);
    const label = o.options.find((option) => option.id === id)?.label ?? id;
    let focus: string;
    if (action === 'add') {
      if (ranked.length >= o.max) return this.#announce(t.full(o.max));
      ranked.push(id);
      // The next option still to rank, so that a ranking is built with Tab-free presses; else the one just added.
      const next = o.options.find((option) => !ranked.includes(option.id));
      focus = next ? `${o.id}-${next.id}-add` : `${o.id}-${id}-up`;
    } else if (action === 'remove') {
      ranked.splice(index, 1);
      const next = ranked[index] ?? ranked[index - 1];
      focus = next ? `${o.id}-${next}-remove` : `${o.id}-${id}-add`;
    } else {
      const to = action === 'up' ? index - 1 : index + 1;
      [ranked[index], ranked[to]] = [ranked[to], ranked[index]];
      // At either end the button used is disabled: the other direction is the one left.
      const edge = to === 0 || to === ranked.length - 1;
      focus = `${o.id}-${id}-${edge ? (action === 'up' ? 'down' : 'up') : action}`;
    }
    o.onChange(ranked);
    this.#announce(action === 'remove' ? t.removed(label) : t.position(label, ranked.indexOf(id) + 1, ranked.length));
    void this.#host.updateComplete.then(() => this.#host.shadowRoot?.getElementById(focus)?.focus());
  }

  #button(o: RankingOptions, id: string, label: string, action: Action, text: string, disabled = false): TemplateResult {
    return html`<button
      type="button"
      class="secondary"
      id="${o.id}-${id}-${action}"
      part="rank-button"
      ?disabled=${disabled || o.disabled}
      @click=${() => this.#act(o, id, action)}
    >
      ${text}<span class="sr-only"> : ${label}</span>
    </button>`;
  }

  render(o: RankingOptions): TemplateResult {
    const t = this.#t();
    const labels = new Map(o.options.map((option) => [option.id, option.label]));
    const ranked = o.ranked.filter((id) => labels.has(id));
    const unranked = o.options.filter((option) => !ranked.includes(option.id));
    return html`<fieldset
      id=${o.id}
      class="ranking"
      part="ranking"
      tabindex="-1"
      aria-invalid=${Boolean(o.error)}
      aria-describedby=${describedBy(o.hint && `${o.id}-hint`, o.error && `${o.id}-error`)}
    >
      <legend part="legend">${o.legend}${requiredMark(o.required)}</legend>
      ${hintNote(o.id, o.hint)} ${errorNote(o.id, o.error, o.errorPrefix)}
      ${
        ranked.length === 0
          ? nothing
          : html`<p class="list-title">${t.ranked}</p>
              <ol class="ranked">
                ${ranked.map((id, i) => {
                  // The position is part of the text, and of each button's name ("Monter : 2. Samedi matin").
                  const label = `${i + 1}. ${labels.get(id)}`;
                  return html`<li part="ranked-item">
                    <span class="label">${label}</span>
                    <span class="actions">
                      ${this.#button(o, id, label, 'up', t.up, i === 0)} ${this.#button(o, id, label, 'down', t.down, i === ranked.length - 1)}
                      ${this.#button(o, id, label, 'remove', t.remove)}
                    </span>
                  </li>`;
                })}
              </ol>`
      }
      ${
        unranked.length > 0
          ? html`<p class="list-title">${t.unranked}</p>
              <ul class="unranked">
                ${unranked.map(
                  (option) =>
                    html`<li part="unranked-item">
                      <span class="label">${option.label}</span>
                      <span class="actions">${this.#button(o, option.id, option.label, 'add', t.add)}</span>
                    </li>`,
                )}
              </ul>`
          : nothing
      }
    </fieldset>`;
  }
}
