import { html, nothing, type TemplateResult } from 'lit';

/** Option ids as forms keep them (one string, ids joined by spaces, never containing one) back to a list. */
export const ids = (value: string | undefined): string[] => (value ?? '').split(' ').filter(Boolean);

/**
 * The ids an element is described by — those given — for `aria-describedby`; `nothing` (no attribute) when none.
 *
 * @example
 * describedBy(hint && `${id}-hint`, error && `${id}-error`); // 'q1-hint q1-error'
 */
export const describedBy = (...described: unknown[]) => described.filter(Boolean).join(' ') || nothing;

/** The star after a required question's label or legend; hidden from screen readers, which hear `required`. */
export const requiredMark = (required: boolean | undefined) => (required ? html`<span class="required" aria-hidden="true"> *</span>` : nothing);

/** How to answer a question, under its label, as `<id>-hint` (the id `describedBy` names). */
export const hintNote = (id: string, hint: unknown) => (hint ? html`<p class="hint" id="${id}-hint" part="hint">${hint}</p>` : nothing);

/** A question's error, as `<id>-error`, its prefix ("Erreur : ") heard only by screen readers. */
export const errorNote = (id: string, error: string | undefined, prefix: string) =>
  error ? html`<p class="error field-error" id="${id}-error" part="error"><span class="sr-only">${prefix}</span>${error}</p>` : nothing;

export interface Choice {
  /** The input's value (an option, project or district id). */
  value: string;
  label: unknown;
  /** A description under the label, read after it. */
  hint?: unknown;
  /** A message for this row only (e.g. "ne rentre pas dans le budget"), read after the hint. */
  note?: unknown;
  checked: boolean;
}

export interface ChoiceGroupOptions {
  /** Unique in the shadow root: the fieldset's id, and the prefix of the inputs' ids. */
  id: string;
  type: 'radio' | 'checkbox';
  legend: unknown;
  /** What to choose and within which bounds, under the legend. */
  hint?: unknown;
  required?: boolean;
  error?: string;
  errorPrefix: string;
  disabled?: boolean;
  choices: readonly Choice[];
  onChange: (value: string, checked: boolean, input: HTMLInputElement) => void;
  /** Shown after the rows, inside the group (e.g. a budget's running total). */
  footer?: unknown;
  /** Scale questions lay their steps out in a row. */
  inline?: boolean;
}

/**
 * A choice group as RGAA wants it: a `fieldset` whose `legend` is the question, its hint and error tied to it
 * (and to every input, which also carries `aria-invalid`, so focus can land on the first), one row per choice
 * with a 44 px target, its description and its own note. Radios and checkboxes stay native: arrows, space
 * and Tab work as everywhere. (No `live()`: a refused tick is undone on the input itself, so the page and the
 * values never disagree; an attribute bound to `nothing` is left out.)
 *
 * @example
 * choiceGroup({ id: 'vote-choice', type: 'radio', legend: 'Votre choix', choices, onChange, errorPrefix: 'Erreur : ' })
 */
export function choiceGroup(o: ChoiceGroupOptions): TemplateResult {
  const errorId = o.error && `${o.id}-error`;
  return html`<fieldset
    id=${o.id}
    part="group"
    class=${o.inline ? 'inline' : ''}
    ?disabled=${o.disabled}
    aria-describedby=${describedBy(o.hint && `${o.id}-hint`, errorId)}
  >
    <legend part="legend">${o.legend}${requiredMark(o.required)}</legend>
    ${hintNote(o.id, o.hint)} ${errorNote(o.id, o.error, o.errorPrefix)}
    <div class="choices">
      ${o.choices.map((choice) => {
        const id = `${o.id}-${choice.value}`;
        return html`<div class="check" part="option">
          <input
            type=${o.type}
            id=${id}
            name=${o.id}
            .value=${choice.value}
            .checked=${choice.checked}
            aria-invalid=${Boolean(o.error)}
            aria-describedby=${describedBy(choice.hint && `${id}-hint`, choice.note && `${id}-note`, errorId)}
            @change=${(event: Event) => {
              const input = event.target as HTMLInputElement;
              o.onChange(choice.value, input.checked, input);
            }}
          />
          <label for=${id}>${choice.label}</label>
          ${choice.hint ? html`<p class="hint" id="${id}-hint">${choice.hint}</p>` : nothing}
          ${choice.note ? html`<p class="hint" id="${id}-note" part="note">${choice.note}</p>` : nothing}
        </div>`;
      })}
    </div>
    ${o.footer ?? nothing}
  </fieldset>`;
}

/**
 * The templates of `<h2>`…`<h6>`, made once. Lit binds no tag name, so each level is its own template; built here
 * as lit/static-html builds its own (constant strings marked `raw`, as a tagged template's are), which costs less
 * than five literal templates in every widget's chunk.
 */
const HEADINGS = [2, 3, 4, 5, 6].map((n) => {
  const strings = [`<h${n} id=`, ' part=', ' tabindex=', '>', `</h${n}>`];
  return Object.assign(strings, { raw: strings }) as unknown as TemplateStringsArray;
});

/**
 * A real `<h2>`…`<h6>` at `level` (kept within 2 to 6), so a widget's headings fit the host page's outline
 * (`heading-level`). An `id` makes it a focus target.
 */
export function heading(level: number, content: unknown, id?: string, part?: string): TemplateResult {
  return html(HEADINGS[Math.min(6, Math.max(2, level)) - 2], id ?? nothing, part ?? nothing, id ? -1 : nothing, content);
}
