import { html, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { describedBy, error, label, notes, type FieldOptions } from './fields.ts';

export interface SelectFieldOptions extends FieldOptions {
  value: string;
  onInput: (value: string) => void;
  /** The first option, standing for "nothing chosen" (value ''). */
  empty: string;
  options: readonly { value: string; label: string }[];
  autocomplete?: string;
}

/**
 * A `<select>` laid out like `core/fields.ts`'s inputs (a module of its own: few forms need one).
 *
 * @example
 * selectField({ ...form.bind('gender'), label: 'Genre', empty: 'Non renseigné', options: [{ value: 'female', label: 'Femme' }] }, prefix)
 */
export function selectField(o: SelectFieldOptions, errorPrefix = ''): TemplateResult {
  return html`<div class="field ${o.error ? 'invalid' : ''}" part="field">
    ${label(o)} ${notes(o)}
    <select
      id=${o.id}
      name=${o.name}
      part="input"
      autocomplete=${ifDefined(o.autocomplete)}
      ?required=${o.required}
      aria-invalid=${o.error ? 'true' : 'false'}
      aria-describedby=${ifDefined(describedBy(o))}
      @change=${(event: Event) => o.onInput((event.target as HTMLSelectElement).value)}
    >
      <option value="" ?selected=${o.value === ''}>${o.empty}</option>
      ${o.options.map((option) => html`<option value=${option.value} ?selected=${option.value === o.value}>${option.label}</option>`)}
    </select>
    ${error(o, errorPrefix)}
  </div>`;
}
