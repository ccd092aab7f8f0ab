import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';

/**
 * Form fields rendered into the widget's own shadow root: the label, the hint (and the purpose the privacy
 * policy gives for the data), the control and its error are siblings there, tied by `for`,
 * `aria-describedby` and `aria-invalid` — ARIA ids do not cross shadow boundaries.
 */
export interface FieldOptions {
  id: string;
  name: string;
  label: string;
  /** How to fill the field. */
  hint?: string;
  /** Why the data is asked for, as the privacy policy states it. */
  purpose?: string;
  error?: string | undefined;
  required?: boolean;
}

export interface TextFieldOptions extends FieldOptions {
  value: string;
  onInput: (value: string) => void;
  type?: 'text' | 'email' | 'tel' | 'password' | 'number';
  autocomplete?: string;
  inputmode?: 'numeric' | 'email' | 'tel' | 'text';
  maxlength?: number;
  /** A control shown after the input, inside the same row (e.g. "Afficher" for a password). */
  suffix?: TemplateResult;
}

/** The ids a control is described by: its hint, its purpose and its error, when present. */
export function describedBy(o: FieldOptions): string | undefined {
  const ids = [o.hint && `${o.id}-hint`, o.purpose && `${o.id}-purpose`, o.error && `${o.id}-error`].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

export function label(o: FieldOptions): TemplateResult {
  return html`<label for=${o.id} part="label">${o.label}${o.required ? html`<span class="required" aria-hidden="true"> *</span>` : nothing}</label>`;
}

export function notes(o: FieldOptions): TemplateResult {
  return html`${o.hint ? html`<p class="hint" id="${o.id}-hint" part="hint">${o.hint}</p>` : nothing}${
    o.purpose ? html`<p class="purpose" id="${o.id}-purpose" part="purpose">${o.purpose}</p>` : nothing
  }`;
}

export function error(o: FieldOptions, prefix: string): TemplateResult | typeof nothing {
  return o.error ? html`<p class="error field-error" id="${o.id}-error" part="error"><span class="sr-only">${prefix}</span>${o.error}</p>` : nothing;
}

/**
 * A text, email, tel, number or password input with its label, notes and error.
 *
 * @example
 * textField({ ...form.bind('email'), label: 'Adresse e-mail', type: 'email', autocomplete: 'email', required: true }, t.common.errorPrefix)
 */
export function textField(o: TextFieldOptions, errorPrefix = ''): TemplateResult {
  return html`<div class="field ${o.error ? 'invalid' : ''}" part="field">
    ${label(o)} ${notes(o)}
    <div class="control">
      <input
        id=${o.id}
        name=${o.name}
        part="input"
        type=${o.type ?? 'text'}
        .value=${live(o.value)}
        autocomplete=${ifDefined(o.autocomplete)}
        inputmode=${ifDefined(o.inputmode)}
        maxlength=${ifDefined(o.maxlength)}
        ?required=${o.required}
        aria-invalid=${o.error ? 'true' : 'false'}
        aria-describedby=${ifDefined(describedBy(o))}
        @input=${(event: Event) => o.onInput((event.target as HTMLInputElement).value)}
      />
      ${o.suffix ?? nothing}
    </div>
    ${error(o, errorPrefix)}
  </div>`;
}

/**
 * A password input with a "show / hide" toggle; pasting stays allowed (password managers need it).
 *
 * @example
 * passwordField({ ...form.bind('password'), label: 'Mot de passe', autocomplete: 'new-password', visible, onToggle }, t)
 */
export function passwordField(
  o: TextFieldOptions & { visible: boolean; onToggle: () => void },
  t: { common: { show: string; errorPrefix: string } },
): TemplateResult {
  const toggle = html`<button
    type="button"
    class="secondary toggle"
    part="toggle"
    aria-pressed=${o.visible ? 'true' : 'false'}
    aria-controls=${o.id}
    @click=${o.onToggle}
  >
    ${t.common.show}<span class="sr-only"> ${o.label}</span>
  </button>`;
  return textField({ ...o, type: o.visible ? 'text' : 'password', suffix: toggle }, t.common.errorPrefix);
}

export interface CheckboxOptions {
  id: string;
  name: string;
  label: string;
  hint?: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
}

/** A checkbox whose whole row (label included) is a 44 px target. */
export function checkboxField(o: CheckboxOptions): TemplateResult {
  return html`<div class="check" part="check">
    <input
      type="checkbox"
      id=${o.id}
      name=${o.name}
      .checked=${live(o.checked)}
      ?disabled=${o.disabled}
      aria-describedby=${ifDefined(o.hint ? `${o.id}-hint` : undefined)}
      @change=${(event: Event) => o.onChange((event.target as HTMLInputElement).checked)}
    />
    <label for=${o.id}>${o.label}</label>
    ${o.hint ? html`<p class="hint" id="${o.id}-hint">${o.hint}</p>` : nothing}
  </div>`;
}
