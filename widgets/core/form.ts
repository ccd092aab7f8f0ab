import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { ApiError, isRequestFailure, type ApiIssue, type RequestFailure } from './api-client.ts';
import type { DraftStore } from './draft-store.ts';
import type { CoreTranslation } from './i18n/fr.ts';
import { errorText } from './i18n/i18n.ts';

export type FormValues = Record<string, string | boolean>;
export type FieldErrors<V extends FormValues> = Partial<Record<keyof V & string, string>>;
export type FormStatus = 'idle' | 'submitting' | 'succeeded' | 'failed';

export interface FormOptions<V extends FormValues, R> {
  /** Unique in the shadow root: prefixes the form's ids (`sign-in` → `sign-in-email`). */
  id: string;
  initial: () => V;
  /**
   * Where the values come from (e.g. the signed-in `Me`): when it changes and the citizen has not typed
   * anything, the form starts again from `initial()`.
   */
  source?: () => unknown;
  /** The form's draft, once it can be known (the tenant comes with the session); undefined: no draft. */
  draft?: () => DraftStore<Partial<V>> | undefined;
  /** Fields never written to the draft: passwords. */
  secret?: (keyof V & string)[];
  /** Checks made before any request; a message per field. */
  validate?: (values: V) => FieldErrors<V>;
  submit: (values: V) => Promise<R>;
  /** The field a server issue path (`profile.birthYear`) or an error code without issues (`email_taken`) belongs to. */
  fieldFor?: (pathOrCode: string) => (keyof V & string) | undefined;
  /** The sentence beside a field for a server issue (the server's messages are English, for developers). */
  issueText?: (field: keyof V & string, issue: ApiIssue, error: ApiError) => string | undefined;
  strings: () => CoreTranslation;
  announce: (message: string) => void;
  /** After the server took the values; the draft is already erased. */
  onSuccess?: (result: R, values: V) => void | Promise<void>;
}

const retryable = (error: RequestFailure) => error.status === 0 || error.status >= 500 || error.code === 'rate_limited';

/**
 * A form's whole life: values bound to fields, a draft kept while typing and when a submit fails, client
 * checks, the request, the server's answer turned into messages on the right fields, an announcement in
 * the live region, and focus moved to the first field to correct (or to the form's error). Everything
 * rendered stays in the host's shadow root, so `aria-describedby` ids resolve.
 *
 * @example
 * readonly #signIn = new FormController(this, {
 *   id: 'sign-in', initial: () => ({ email: '', password: '' }), secret: ['password'],
 *   submit: (v) => api.post('auth/sign-in', v), strings: () => this.t, announce: (m) => this.live.announce(m),
 * });
 * html`<form id="sign-in" novalidate @submit=${this.#signIn.onSubmit}>
 *   ${textField({ ...this.#signIn.bind('email'), label: 'Adresse e-mail', type: 'email' })}
 *   ${this.#signIn.renderStatus()} ${this.#signIn.renderSubmit('Se connecter')}
 * </form>`;
 */
export class FormController<V extends FormValues, R = unknown> implements ReactiveController {
  values: V;
  errors: FieldErrors<V> = {};
  /** A message for the whole form, when the answer belongs to no single field. */
  formError: string | undefined;
  /** The last submit's failure, for views that offer a way out (e.g. "get a new link" on `invalid_code`). */
  error: RequestFailure | undefined;
  status: FormStatus = 'idle';
  /** The last submit got no usable answer and its values are kept: offer to send them again. */
  retryOffered = false;
  /** The citizen changed something since the values were loaded. */
  dirty = false;

  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #options: FormOptions<V, R>;
  #source: unknown;
  #restoredKey: string | undefined;

  constructor(host: ReactiveControllerHost & HTMLElement, options: FormOptions<V, R>) {
    this.#host = host;
    this.#options = options;
    this.values = options.initial();
    this.#source = options.source?.();
    host.addController(this);
  }

  hostUpdate(): void {
    const source = this.#options.source?.();
    if (source !== this.#source) {
      this.#source = source;
      if (!this.dirty) this.values = this.#options.initial();
    }
    const draft = this.#options.draft?.();
    if (draft && draft.key !== this.#restoredKey) {
      this.#restoredKey = draft.key;
      const saved = draft.load();
      if (saved) {
        this.values = { ...this.values, ...saved.values };
        this.dirty = true;
        this.retryOffered = saved.failedAt !== undefined;
      }
    }
  }

  /** The attributes of one field: id, name, value, error and input handler. */
  bind(name: keyof V & string): { id: string; name: string; value: string; error: string | undefined; onInput: (value: string) => void } {
    return {
      id: `${this.#options.id}-${name}`,
      name,
      value: String(this.values[name] ?? ''),
      error: this.errors[name],
      onInput: (value) => this.set(name, value as V[typeof name]),
    };
  }

  /** Same for a checkbox. */
  bindCheck(name: keyof V & string): { id: string; name: string; checked: boolean; onChange: (checked: boolean) => void } {
    return {
      id: `${this.#options.id}-${name}`,
      name,
      checked: this.values[name] === true,
      onChange: (checked) => this.set(name, checked as V[typeof name]),
    };
  }

  set<K extends keyof V & string>(name: K, value: V[K]): void {
    this.values = { ...this.values, [name]: value };
    this.dirty = true;
    if (this.errors[name]) this.errors = { ...this.errors, [name]: undefined };
    this.#options.draft?.()?.save(this.#draftValues());
    this.#host.requestUpdate();
  }

  /** A message on one field found outside a submit (e.g. an unreadable picture), announced. */
  setError(name: keyof V & string, message: string | undefined): void {
    this.errors = { ...this.errors, [name]: message };
    if (message) this.#options.announce(message);
    this.#host.requestUpdate();
  }

  /** Starts again from `initial()` (or the given values), forgetting messages; the draft is left alone. */
  reset(values: V = this.#options.initial()): void {
    this.values = values;
    this.errors = {};
    this.formError = undefined;
    this.error = undefined;
    this.status = 'idle';
    this.dirty = false;
    this.#host.requestUpdate();
  }

  /** For `<form @submit=…>`. */
  readonly onSubmit = (event: Event): void => {
    event.preventDefault();
    void this.submit();
  };

  async submit(): Promise<R | undefined> {
    if (this.status === 'submitting') return undefined;
    const t = this.#options.strings();
    const values = this.values;
    this.errors = this.#options.validate?.(values) ?? {};
    this.formError = undefined;
    this.error = undefined;
    if (this.#invalid().length > 0) {
      this.status = 'failed';
      this.#afterFailure(t);
      return undefined;
    }
    this.status = 'submitting';
    this.#host.requestUpdate();
    let result: R;
    try {
      result = await this.#options.submit(values);
    } catch (error) {
      this.status = 'failed';
      this.#fromServer(error, t);
      this.#afterFailure(t);
      return undefined;
    }
    this.status = 'succeeded';
    // An earlier error must not stay in the live region, to be read again.
    this.#options.announce('');
    this.retryOffered = false;
    this.dirty = false;
    this.#options.draft?.()?.clear();
    this.#host.requestUpdate();
    await this.#options.onSuccess?.(result, values);
    return result;
  }

  #fromServer(error: unknown, t: CoreTranslation): void {
    const draft = this.#options.draft?.();
    if (!isRequestFailure(error)) {
      draft?.save(this.#draftValues());
      this.formError = t.errors.unknown;
      console.error('[civique] unexpected error while sending a form', error);
      return;
    }
    this.error = error;
    this.retryOffered = retryable(error);
    if (this.retryOffered) draft?.fail(this.#draftValues());
    else draft?.save(this.#draftValues());
    const errors: FieldErrors<V> = {};
    if (error instanceof ApiError) {
      for (const issue of error.issues) {
        const field = this.#options.fieldFor?.(issue.path);
        // One server rule for every text field, so one sentence for it in every form.
        const hidden = issue.code === 'forbidden_character' ? t.form.forbiddenCharacter : undefined;
        if (field && !errors[field]) errors[field] = hidden ?? this.#options.issueText?.(field, issue, error) ?? errorText(t, error);
      }
      const byCode = Object.keys(errors).length === 0 ? this.#options.fieldFor?.(error.code) : undefined;
      if (byCode) errors[byCode] = errorText(t, error);
    }
    this.errors = errors;
    if (Object.keys(errors).length === 0) this.formError = errorText(t, error);
  }

  #invalid(): string[] {
    return Object.values(this.errors).filter(Boolean) as string[];
  }

  #afterFailure(t: CoreTranslation): void {
    const invalid = this.#invalid();
    this.#options.announce(
      invalid.length > 0 ? `${t.form.invalidCount(invalid.length)} ${invalid[0]}` : `${this.formError}${this.retryOffered ? ` ${t.form.draftKept}` : ''}`,
    );
    this.#host.requestUpdate();
    void this.#host.updateComplete.then(() => {
      const root = this.#host.shadowRoot;
      const target =
        root?.querySelector<HTMLElement>(`#${this.#options.id} [aria-invalid="true"]`) ?? root?.querySelector<HTMLElement>(`#${this.#options.id}-status`);
      target?.focus();
    });
  }

  #draftValues(): Partial<V> {
    const kept: Partial<V> = { ...this.values };
    for (const name of this.#options.secret ?? []) delete kept[name];
    return kept;
  }

  /**
   * The form's own message (an error that belongs to no field, focusable so focus can land on it) and,
   * when a submit failed without an answer — now or before a reload —, the offer to send it again.
   */
  renderStatus(): TemplateResult | typeof nothing {
    const t = this.#options.strings();
    const offer = this.retryOffered && this.status !== 'submitting';
    if (!this.formError && !offer) return nothing;
    return html`<div id="${this.#options.id}-status" class="notice ${this.formError ? 'error' : ''}" part="form-status" tabindex="-1">
      ${this.formError ? html`<p>${this.formError}</p>` : nothing}
      ${
        offer
          ? html`<p>${this.formError ? t.form.draftKept : t.form.draftPending}</p>
              <button type="button" class="secondary" @click=${() => this.submit()}>${t.form.retrySubmit}</button>`
          : nothing
      }
    </div>`;
  }

  /** The submit button; it stays enabled while sending (a disabled button would drop the focus). */
  renderSubmit(label: string, classes = ''): TemplateResult {
    const sending = this.status === 'submitting';
    return html`<button type="submit" part="submit" class=${classes} aria-disabled=${sending}>
      ${sending ? this.#options.strings().form.sending : label}
    </button>`;
  }
}

/**
 * The honeypot of a public form (sign-up, ballot, survey): a text field people never see nor reach — clipped to
 * one pixel (`.sr-only`), out of the tab order, hidden from assistive technology, labelled "leave it empty" for
 * anyone who meets it — that bots filling every input fill. The server quarantines what comes with it filled (a
 * sign-up is answered as usual but not created); no error ever tells the bot. Uncontrolled: its value lives in
 * the DOM, under the name the API reads.
 *
 * @example
 * html`<form>${honeypotField(t.common.honeypot)}…</form>`;
 * api.put(path, { choice, ...honeypotFields(this.shadowRoot) });
 */
export const honeypotField = (label: string): TemplateResult =>
  html`<label class="sr-only" aria-hidden="true">${label}<input name="website" tabindex="-1" autocomplete="off" /></label>`;

/** What to add to the request body: the honeypot's value when filled, nothing at all for a person. */
export function honeypotFields(root: ParentNode | null): { website?: string } {
  const value = root?.querySelector<HTMLInputElement>('[name=website]')?.value;
  return value?.trim() ? { website: value } : {};
}
