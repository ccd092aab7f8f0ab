import { html, nothing, type TemplateResult } from 'lit';

/** Option ids as forms keep them (one string, ids joined by spaces, never containing one) back to a list. */
export const ids = (value: string | undefined): string[] => (value ?? '').split(' ').filter(Boolean);

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
  const hintId = o.hint ? `${o.id}-hint` : '';
  const errorId = o.error ? `${o.id}-error` : '';
  const groupIds = [hintId, errorId].filter(Boolean).join(' ') || nothing;
  return html`<fieldset id=${o.id} part="group" class=${o.inline ? 'inline' : ''} ?disabled=${o.disabled} aria-describedby=${groupIds}>
    <legend part="legend">${o.legend}${o.required ? html`<span class="required" aria-hidden="true"> *</span>` : nothing}</legend>
    ${o.hint ? html`<p class="hint" id=${hintId} part="hint">${o.hint}</p>` : nothing}
    ${o.error
      ? html`<p class="error field-error" id=${errorId} part="error"><span class="sr-only">${o.errorPrefix}</span>${o.error}</p>`
      : nothing}
    <div class="choices">
      ${o.choices.map((choice) => {
        const id = `${o.id}-${choice.value}`;
        const described = [choice.hint ? `${id}-hint` : '', choice.note ? `${id}-note` : '', errorId].filter(Boolean).join(' ');
        return html`<div class="check option ${choice.checked ? 'chosen' : ''}" part="option">
          <input
            type=${o.type}
            id=${id}
            name=${o.id}
            .value=${choice.value}
            .checked=${choice.checked}
            aria-invalid=${o.error ? 'true' : 'false'}
            aria-describedby=${described || nothing}
            @change=${(event: Event) => {
              const input = event.target as HTMLInputElement;
              o.onChange(choice.value, input.checked, input);
            }}
          />
          <label for=${id}>${choice.label}</label>
          ${choice.hint ? html`<p class="hint" id="${id}-hint">${choice.hint}</p>` : nothing}
          ${choice.note ? html`<p class="hint note" id="${id}-note" part="note">${choice.note}</p>` : nothing}
        </div>`;
      })}
    </div>
    ${o.footer ?? nothing}
  </fieldset>`;
}
