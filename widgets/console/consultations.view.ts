import { html, nothing, type TemplateResult } from 'lit';
import { ApiError } from '../core/api-client.ts';
import type { Consultation } from '../core/api-types.ts';
import { DraftStore } from '../core/draft-store.ts';
import { passwordField } from '../core/fields.ts';
import { isSessionOver, type ConsoleContext, type StaffConsultation } from './console-context.ts';
import type { ConsultationPreview } from './preview.ts';
import { fieldId, renderSchema, setIn, type JsonPath, type JsonSchema, type SchemaFormContext } from './schema-form.ts';

type Loaded<T> = { status: 'pending' } | { status: 'ready'; value: T } | { status: 'failed'; message: string };
type Counts = { counted: number; quarantined: number };
type Action = 'open' | 'close' | 'archive' | 'delete';
type Editing = { slug: string | undefined; values: Record<string, unknown>; errors: Record<string, string>; sending: boolean; formError?: string };

const KINDS = ['vote', 'budget', 'survey'] as const;
/** The schema of each kind's creation body in the OpenAPI document (proposals and boards follow their own screens). */
const CREATE_SCHEMA: Record<string, string> = { vote: 'CreateVoteConsultation', budget: 'CreateBudgetConsultation', survey: 'CreateSurveyConsultation' };
/** The element a kind's snippet holds. */
const TAG: Record<string, string> = { vote: 'civ-vote', budget: 'civ-vote', survey: 'civ-survey', proposals: 'civ-proposals', resources: 'civ-resource-board' };
/** Fields laid out by the editor itself; every other property of the body comes from its schema. */
const GENERAL = ['kind', 'slug', 'title', 'description', 'opensAt', 'closesAt', 'retentionEnd', 'allowAnonymous'];

/** ISO instant → the value of a `datetime-local` input, in the agent's time zone. */
const toLocal = (iso: unknown) => {
  if (typeof iso !== 'string' || !iso) return '';
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};
const fromLocal = (local: string) => (local ? new Date(local).toISOString() : undefined);
const shortDate = (iso: string, lang: string) => new Date(iso).toLocaleDateString(lang === 'en' ? 'en-GB' : 'fr-FR', { dateStyle: 'medium' });

/** Lists of sentences are typed one per line: blank lines are not entries. */
function withoutBlankLines(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(withoutBlankLines);
    return items.every((v) => typeof v === 'string') ? items.filter((v) => (v as string).trim() !== '') : items;
  }
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutBlankLines(v)]));
  return value;
}

/** The preview, once loaded: one per console (it keeps the session it gives the previewed element). */
let previewer: ConsultationPreview | undefined;

/** The OpenAPI document's schemas, read once per API: the editor is generated from them, so it follows the server. */
const documents = new Map<string, Promise<Record<string, JsonSchema>>>();
function schemasOf(api: string): Promise<Record<string, JsonSchema>> {
  const url = new URL('v1/openapi.json', api.replace(/\/?$/, '/')).href;
  let loaded = documents.get(url);
  if (!loaded) {
    loaded = fetch(url, { credentials: 'omit' }).then(async (r) => {
      if (!r.ok) throw new ApiError(r.status, 'unavailable', `GET openapi.json answered ${r.status}`);
      return ((await r.json()) as { components: { schemas: Record<string, JsonSchema> } }).components.schemas;
    });
    loaded.catch(() => documents.delete(url));
    documents.set(url, loaded);
  }
  return loaded;
}

/**
 * The consultations screen: the list (status, dates, participation counts), the editor generated from each
 * kind's schema, the actions (open now, close, archive, delete with the password), and the snippet to paste.
 */
export class ConsultationsScreen {
  started = false;
  list: Loaded<Consultation[]> = { status: 'pending' };
  counts = new Map<string, Counts>();
  editing: Editing | undefined;
  schemas: Loaded<Record<string, JsonSchema>> = { status: 'pending' };
  snippet: { consultation: Consultation; text: Loaded<string> } | undefined;
  confirming: { action: Action; consultation: Consultation; password: string; error?: string; visible: boolean } | undefined;
  preview:
    | { status: 'hidden' | 'loading' }
    | { status: 'ready'; preview: ConsultationPreview; previewable: (values: Record<string, unknown>) => boolean }
    | { status: 'failed'; message: string } = { status: 'hidden' };
  readonly #ctx: ConsoleContext;

  constructor(ctx: ConsoleContext) {
    this.#ctx = ctx;
  }

  get #api() {
    return this.#ctx.session().api;
  }

  get #admin() {
    return this.#ctx.roles().includes('admin');
  }

  /** Shows the screen; the list is read again, an editor being filled in stays as it was. */
  open(reload: boolean): void {
    this.started = true;
    if (reload || this.list.status !== 'ready') void this.#load();
  }

  async #load(): Promise<void> {
    try {
      const { consultations } = await this.#api.get<{ consultations: Consultation[] }>('consultations');
      this.list = { status: 'ready', value: consultations };
      this.#ctx.host.requestUpdate();
      await Promise.all(consultations.map((c) => this.#count(c)));
    } catch (error) {
      if (!isSessionOver(error)) this.list = { status: 'failed', message: this.#ctx.failure(error) };
    }
    this.#ctx.host.requestUpdate();
  }

  /** Counted and quarantined participations, from the staff view of the results. */
  async #count(c: Consultation): Promise<void> {
    try {
      if (c.kind === 'vote' || c.kind === 'budget') {
        const r = await this.#api.get<{ ballots: number; quarantined?: number }>(`consultations/${c.slug}/results`);
        this.counts.set(c.slug, { counted: r.ballots, quarantined: r.quarantined ?? 0 });
      } else if (c.kind === 'survey') {
        const r = await this.#api.get<{ responses: number; quarantined?: number }>(`consultations/${c.slug}/survey-results`);
        this.counts.set(c.slug, { counted: r.responses, quarantined: r.quarantined ?? 0 });
      }
    } catch {
      // The count is left out; the list stays usable.
    }
  }

  #drafts(slug: string | undefined): DraftStore<Record<string, unknown>> {
    return new DraftStore(this.#ctx.session().config.tenant ?? '', 'console', 'consultation', slug ?? 'new');
  }

  async #loadSchemas(): Promise<void> {
    if (this.schemas.status === 'ready') return;
    try {
      this.schemas = { status: 'ready', value: await schemasOf(this.#ctx.session().config.api) };
    } catch (error) {
      this.schemas = { status: 'failed', message: this.#ctx.failure(error) };
    }
    this.#ctx.host.requestUpdate();
  }

  /** Opens the editor: a new consultation, or one read in full as staff; a draft kept on this device wins. */
  async edit(slug?: string): Promise<void> {
    const t = this.#ctx.t().console;
    void this.#loadSchemas();
    let values: Record<string, unknown>;
    if (slug) {
      try {
        const c = await this.#api.get<StaffConsultation>(`consultations/${slug}/configuration`);
        const { kind, title, description, opensAt, closesAt, retentionEnd, privacyNotice, allowAnonymous, stuffingPolicy, settings } = c;
        values = { kind, slug, title, description, opensAt, closesAt, retentionEnd, privacyNotice, allowAnonymous, stuffingPolicy, settings };
      } catch (error) {
        if (!isSessionOver(error)) this.#ctx.announce(this.#ctx.failure(error));
        return;
      }
    } else {
      values = { kind: 'vote', allowAnonymous: false, settings: {}, stuffingPolicy: { requireVerifiedEmail: false } };
    }
    const draft = this.#drafts(slug).load();
    this.editing = { slug, values: draft ? { ...values, ...draft.values } : values, errors: {}, sending: false };
    this.snippet = undefined;
    this.confirming = undefined;
    if (draft) this.#ctx.announce(t.editor.draftRestored);
    this.#ctx.focus('editor-title');
  }

  #change = (path: JsonPath, value: unknown) => {
    const editing = this.editing!;
    editing.values = setIn(editing.values, path, value) as Record<string, unknown>;
    if (path[0] === 'kind') editing.values = { ...editing.values, settings: {} };
    const key = path.join('.');
    if (editing.errors[key]) editing.errors = Object.fromEntries(Object.entries(editing.errors).filter(([k]) => k !== key));
    this.#drafts(editing.slug).save(editing.values);
    this.#ctx.host.requestUpdate();
  };

  async save(): Promise<void> {
    const editing = this.editing!;
    const t = this.#ctx.t();
    if (editing.sending) return;
    const body = withoutBlankLines(editing.values) as Record<string, unknown>;
    const errors: Record<string, string> = {};
    for (const name of ['slug', 'title', 'opensAt', 'closesAt']) if (!body[name]) errors[name] = t.console.editor.required;
    editing.formError = undefined;
    if (Object.keys(errors).length === 0) {
      editing.sending = true;
      this.#ctx.host.requestUpdate();
      try {
        if (editing.slug) {
          const { slug, ...change } = body;
          await this.#api.patch(`consultations/${editing.slug}`, slug === editing.slug ? change : body);
        } else {
          await this.#api.post('consultations', body);
        }
        this.#drafts(editing.slug).clear();
        const title = String(body.title);
        this.editing = undefined;
        this.#ctx.announce(editing.slug ? t.console.consultations.done.updated(title) : t.console.consultations.done.created(title));
        void this.#load();
        this.#ctx.focus('screen-title');
        return;
      } catch (error) {
        editing.sending = false;
        // The session is over: the console shows sign-in; the values stay here and in the draft.
        if (isSessionOver(error)) return;
        if (error instanceof ApiError) {
          const issues = t.console.issues;
          for (const issue of error.issues) errors[issue.path] ??= issues[issue.code ?? ''] ?? issues.other;
        }
        if (Object.keys(errors).length === 0) editing.formError = this.#ctx.failure(error);
      }
    }
    editing.errors = errors;
    const count = Object.keys(errors).length;
    this.#ctx.announce(count ? `${t.form.invalidCount(count)} ${Object.values(errors)[0]}` : (editing.formError ?? ''));
    this.#ctx.host.requestUpdate();
    await this.#ctx.host.updateComplete;
    const root = this.#ctx.host.shadowRoot!;
    const first = root.querySelector<HTMLElement>('#consultation-editor [aria-invalid="true"], #consultation-editor .field-error');
    (first?.closest('fieldset, .field')?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? first ?? root.getElementById('editor-status'))?.focus();
  }

  async showSnippet(consultation: Consultation): Promise<void> {
    const t = this.#ctx.t().console.snippet;
    this.editing = undefined;
    this.confirming = undefined;
    this.snippet = { consultation, text: { status: 'pending' } };
    this.#ctx.focus('snippet-title');
    const base = this.#ctx.widgetsBase();
    try {
      const response = await fetch(new URL('manifest.json', base), { credentials: 'omit' });
      if (!response.ok) throw new Error(`manifest.json: ${response.status}`);
      const manifest = (await response.json()) as { release: string; entries: Record<string, { integrity: string }> };
      const api = this.#ctx.session().config.api.replace(/\/$/, '');
      const tenant = this.#ctx.session().config.tenant ?? '';
      const text =
        `<script type="module" src="${api}/widgets/${manifest.release}/civique.js"\n  integrity="${manifest.entries['civique.js'].integrity}" crossorigin="anonymous" data-tenant="${tenant}"></script>\n` +
        `<${TAG[consultation.kind]} consultation="${consultation.slug}"></${TAG[consultation.kind]}>`;
      this.snippet = { consultation, text: { status: 'ready', value: text } };
    } catch {
      this.snippet = { consultation, text: { status: 'failed', message: t.unavailable } };
    }
    this.#ctx.host.requestUpdate();
  }

  async #copy(text: string): Promise<void> {
    const t = this.#ctx.t().console;
    try {
      await navigator.clipboard.writeText(text);
      this.#ctx.announce(t.consultations.done.copied);
    } catch {
      this.#ctx.announce(t.snippet.copyFailed);
    }
  }

  #ask(action: Action, consultation: Consultation): void {
    this.editing = undefined;
    this.snippet = undefined;
    this.confirming = { action, consultation, password: '', visible: false };
    this.#ctx.focus('confirm-title');
  }

  async #confirm(): Promise<void> {
    const confirming = this.confirming!;
    const { action, consultation } = confirming;
    const t = this.#ctx.t().console;
    const path = `consultations/${consultation.slug}`;
    try {
      if (action === 'open') await this.#api.patch(path, { opensAt: new Date().toISOString() });
      else if (action === 'close') await this.#api.post(`${path}/close`);
      else if (action === 'archive') await this.#api.post(`${path}/archive`);
      else await this.#api.delete(path, { password: confirming.password });
    } catch (error) {
      if (isSessionOver(error)) return;
      confirming.error = this.#ctx.failure(error);
      this.#ctx.announce(confirming.error);
      this.#ctx.focus(action === 'delete' ? 'confirm-password' : 'confirm-error');
      return;
    }
    const done = {
      open: t.consultations.done.opened,
      close: t.consultations.done.closed,
      archive: t.consultations.done.archived,
      delete: t.consultations.done.deleted,
    };
    this.confirming = undefined;
    this.#ctx.announce(done[action](consultation.title));
    await this.#load();
    this.#ctx.focus('screen-title');
  }

  #cancel(focus = 'screen-title'): void {
    // Cancelling is a choice: the draft goes too.
    if (this.editing) this.#drafts(this.editing.slug).clear();
    this.editing = undefined;
    this.snippet = undefined;
    this.confirming = undefined;
    this.#ctx.focus(focus);
  }

  render(): TemplateResult {
    const t = this.#ctx.t().console;
    if (this.editing) return this.#renderEditor(this.editing);
    return html`<h1 id="screen-title" tabindex="-1">${t.screens.consultations}</h1>
      ${this.#admin ? html`<div class="actions"><button type="button" @click=${() => this.edit()}>${t.consultations.create}</button></div>` : nothing}
      ${this.confirming ? this.#renderConfirm() : nothing} ${this.snippet ? this.#renderSnippet() : nothing} ${this.#renderList()}`;
  }

  #renderList(): TemplateResult {
    const t = this.#ctx.t();
    const c = t.console.consultations;
    if (this.list.status === 'pending') return html`<p class="loading">${t.common.loading}</p>`;
    if (this.list.status === 'failed') {
      return html`<div class="notice error" role="alert">
        <p>${this.list.message}</p>
        <button type="button" class="secondary" @click=${() => this.#load()}>${t.common.retry}</button>
      </div>`;
    }
    if (this.list.value.length === 0) return html`<p>${c.empty}</p>`;
    return html`<div class="table" role="region" aria-labelledby="consultations-caption" tabindex="0">
      <table>
        <caption id="consultations-caption">
          ${c.caption}
        </caption>
        <thead>
          <tr>
            <th scope="col">${c.columns.title}</th>
            <th scope="col">${c.columns.kind}</th>
            <th scope="col">${c.columns.status}</th>
            <th scope="col">${c.columns.dates}</th>
            <th scope="col">${c.columns.participation}</th>
            <th scope="col">${c.columns.actions}</th>
          </tr>
        </thead>
        <tbody>
          ${this.list.value.map((consultation) => this.#renderRow(consultation))}
        </tbody>
      </table>
    </div>`;
  }

  #renderRow(consultation: Consultation): TemplateResult {
    const t = this.#ctx.t();
    const c = t.console.consultations;
    const counts = this.counts.get(consultation.slug);
    const admin = this.#admin;
    const button = (label: string, run: () => void) =>
      html`<button type="button" class="secondary" @click=${run}>${label}<span class="sr-only"> : ${consultation.title}</span></button>`;
    return html`<tr data-slug=${consultation.slug}>
      <th scope="row">${consultation.title}<br /><code>${consultation.slug}</code></th>
      <td>${c.kinds[consultation.kind] ?? consultation.kind}</td>
      <td>${c.status[consultation.status] ?? consultation.status}</td>
      <td>${c.from(shortDate(consultation.opensAt, t.lang), shortDate(consultation.closesAt, t.lang))}</td>
      <td>${counts ? html`${c.counted(counts.counted)}${counts.quarantined ? html`<br />${c.quarantined(counts.quarantined)}` : nothing}` : '—'}</td>
      <td>
        <div class="actions" role="group" aria-label=${c.rowActions(consultation.title)}>
          ${button(c.snippet, () => void this.showSnippet(consultation))}
          ${
            admin
              ? html`${button(c.edit, () => void this.edit(consultation.slug))}
                ${consultation.status === 'upcoming' ? button(c.openNow, () => this.#ask('open', consultation)) : nothing}
                ${consultation.status === 'open' ? button(c.close, () => this.#ask('close', consultation)) : nothing}
                ${button(c.archive, () => this.#ask('archive', consultation))} ${button(c.delete, () => this.#ask('delete', consultation))}`
              : nothing
          }
        </div>
      </td>
    </tr>`;
  }

  #renderConfirm(): TemplateResult {
    const t = this.#ctx.t();
    const c = t.console.consultations;
    const confirming = this.confirming!;
    const title = confirming.consultation.title;
    const question = {
      open: `${c.openNow} : « ${title} » ?`,
      close: c.confirmClose(title),
      archive: c.confirmArchive(title),
      delete: c.confirmDelete(title),
    }[confirming.action];
    const needsPassword = confirming.action === 'delete';
    return html`<section class="panel" aria-labelledby="confirm-title">
      <h2 id="confirm-title" tabindex="-1">${question}</h2>
      <form
        id="confirm"
        novalidate
        @submit=${(e: Event) => {
          e.preventDefault();
          void this.#confirm();
        }}
      >
        ${
          needsPassword
            ? passwordField(
                {
                  id: 'confirm-password',
                  name: 'password',
                  label: c.confirmPassword,
                  autocomplete: 'current-password',
                  required: true,
                  value: confirming.password,
                  error: confirming.error,
                  onInput: (v) => (confirming.password = v),
                  visible: confirming.visible,
                  onToggle: () => {
                    confirming.visible = !confirming.visible;
                    this.#ctx.host.requestUpdate();
                  },
                },
                t,
              )
            : confirming.error
              ? html`<p id="confirm-error" class="notice error" tabindex="-1">${confirming.error}</p>`
              : nothing
        }
        <div class="actions">
          <button type="submit">${c.confirm}</button>
          <button type="button" class="secondary" @click=${() => this.#cancel()}>${t.common.cancel}</button>
        </div>
      </form>
    </section>`;
  }

  #renderSnippet(): TemplateResult {
    const t = this.#ctx.t();
    const s = t.console.snippet;
    const { consultation, text } = this.snippet!;
    return html`<section class="panel" aria-labelledby="snippet-title">
      <h2 id="snippet-title" tabindex="-1">${s.title(consultation.title)}</h2>
      <p>${s.intro}</p>
      ${
        text.status === 'pending'
          ? html`<p class="loading">${t.common.loading}</p>`
          : text.status === 'failed'
            ? html`<p class="notice error">${text.message}</p>`
            : html`<label for="snippet-code">${s.label}</label>
                <textarea id="snippet-code" readonly rows="5" .value=${text.value}></textarea>
                <div class="actions">
                  <button type="button" @click=${() => this.#copy(text.value)}>${s.copy}</button>
                  <button type="button" class="secondary" @click=${() => this.#cancel()}>${t.common.back}</button>
                </div>`
      }
    </section>`;
  }

  #renderEditor(editing: Editing): TemplateResult {
    const t = this.#ctx.t();
    const e = t.console.editor;
    const v = editing.values;
    const kind = String(v.kind ?? 'vote');
    const schemas = this.schemas;
    const resolve = (schema: JsonSchema): JsonSchema =>
      schema.$ref && schemas.status === 'ready' ? (schemas.value[schema.$ref.replace('#/components/schemas/', '')] ?? schema) : schema;
    const form: SchemaFormContext = {
      prefix: 'cf',
      resolve,
      errors: editing.errors,
      change: this.#change,
      labelOf: (name) => t.fields[name] ?? name,
      valueLabel: (value) => t.values[value] ?? value,
      strings: {
        errorPrefix: t.common.errorPrefix,
        add: e.add,
        remove: e.remove,
        item: e.item,
        enabled: e.enabled,
        onePerLine: e.onePerLine,
        choose: e.choose,
      },
    };
    const text = (name: string, label: string, options: { hint?: string; multiline?: boolean; required?: boolean } = {}) =>
      renderSchema(
        { ...form, labelOf: () => label },
        { type: 'string', maxLength: options.multiline ? 10_000 : 200 },
        v[name],
        [name],
        label,
        options.required ?? false,
      );
    const date = (name: string, label: string, required: boolean, hint?: string) => {
      const id = fieldId('cf', [name]);
      const problem = editing.errors[name];
      return html`<div class="field ${problem ? 'invalid' : ''}">
        <label for=${id}>${label}${required ? html`<span class="required" aria-hidden="true"> *</span>` : nothing}</label>
        ${hint ? html`<p class="hint" id="${id}-hint">${hint}</p>` : nothing}
        <input
          id=${id}
          type="datetime-local"
          .value=${toLocal(v[name])}
          aria-invalid=${problem ? 'true' : 'false'}
          aria-describedby=${[hint ? `${id}-hint` : '', problem ? `${id}-error` : ''].filter(Boolean).join(' ') || nothing}
          @change=${(ev: Event) => this.#change([name], fromLocal((ev.target as HTMLInputElement).value))}
        />
        ${problem ? html`<p class="error field-error" id="${id}-error"><span class="sr-only">${t.common.errorPrefix}</span>${problem}</p>` : nothing}
      </div>`;
    };
    const body = schemas.status === 'ready' ? schemas.value[CREATE_SCHEMA[kind] ?? ''] : undefined;
    return html`<h1 id="editor-title" tabindex="-1">${editing.slug ? e.editTitle(String(v.title ?? editing.slug)) : e.createTitle}</h1>
      <form
        id="consultation-editor"
        novalidate
        part="form"
        @submit=${(ev: Event) => {
          ev.preventDefault();
          void this.save();
        }}
      >
        <fieldset>
          <legend>${e.general}</legend>
          <div class="field">
            <label for="cf-kind">${e.kind}</label>
            <select
              id="cf-kind"
              ?disabled=${editing.slug !== undefined}
              @change=${(ev: Event) => this.#change(['kind'], (ev.target as HTMLSelectElement).value)}
            >
              ${KINDS.map((k) => html`<option value=${k} ?selected=${k === kind}>${t.console.consultations.kinds[k]}</option>`)}
            </select>
          </div>
          ${renderSchema({ ...form, labelOf: () => e.slug }, { type: 'string', maxLength: 63 }, v.slug, ['slug'], e.slug, true)}
          ${text('title', e.title, { required: true })} ${text('description', e.description, { multiline: true })}
          ${renderSchema(form, { type: 'boolean' }, v.allowAnonymous, ['allowAnonymous'], e.allowAnonymous, false)}
        </fieldset>
        <fieldset>
          <legend>${e.dates}</legend>
          ${date('opensAt', e.opensAt, true)} ${date('closesAt', e.closesAt, true)} ${date('retentionEnd', e.retentionEnd, false, e.retentionHint)}
        </fieldset>
        ${
          schemas.status === 'pending'
            ? html`<p class="loading">${e.loadingSchemas}</p>`
            : schemas.status === 'failed'
              ? html`<p class="notice error">${schemas.message}</p>`
              : html`${renderSchema(form, { $ref: '#/components/schemas/PrivacyNotice' }, v.privacyNotice, ['privacyNotice'], e.privacyNotice, true)}
                ${renderSchema(form, { $ref: '#/components/schemas/StuffingPolicy' }, v.stuffingPolicy, ['stuffingPolicy'], e.stuffingPolicy, true)}
                ${body?.properties?.settings ? renderSchema(form, body.properties.settings, v.settings, ['settings'], e.settings, true) : nothing}`
        }
        ${
          editing.formError
            ? html`<p id="editor-status" class="notice error" tabindex="-1">${editing.formError}</p>`
            : Object.keys(editing.errors).some(
                  (k) => !k.startsWith('settings') && !GENERAL.includes(k) && !k.startsWith('privacyNotice') && !k.startsWith('stuffingPolicy'),
                )
              ? html`<p id="editor-status" class="notice error" tabindex="-1">${t.errors.validation_failed}</p>`
              : nothing
        }
        <div class="actions">
          <button type="submit" part="submit" aria-disabled=${editing.sending}>${editing.sending ? t.form.sending : e.save}</button>
          <button type="button" class="secondary" @click=${() => this.#cancel()}>${e.cancel}</button>
        </div>
      </form>
      ${this.#renderPreview(editing)}`;
  }

  /**
   * The widget as citizens will see it, from the values being edited: the citizens' element itself, loaded on
   * demand (the console's first screen does not carry it), inert, with an API that sends nothing.
   */
  #renderPreview(editing: Editing): TemplateResult {
    const e = this.#ctx.t().console.editor;
    const shown = this.preview.status !== 'hidden';
    if (this.preview.status === 'ready') {
      const preview = this.preview.preview;
      void this.#ctx.host.updateComplete.then(() => {
        const frame = this.#ctx.host.shadowRoot?.getElementById('citizen-preview');
        if (frame && this.editing === editing) preview.mount(frame, editing.values, this.#ctx.t().lang);
      });
    }
    return html`<section class="panel" aria-labelledby="preview-heading">
      <h2 id="preview-heading">${e.preview}</h2>
      <p class="hint">${e.previewHint}</p>
      <div class="actions">
        <button type="button" class="secondary" aria-expanded=${shown ? 'true' : 'false'} aria-controls="citizen-preview" @click=${() => this.#togglePreview()}>
          ${shown ? e.previewHide : e.previewShow}
        </button>
      </div>
      ${this.preview.status === 'failed' ? html`<p class="notice error" role="alert">${this.preview.message}</p>` : nothing}
      ${this.preview.status === 'loading' ? html`<p class="loading">${this.#ctx.t().common.loading}</p>` : nothing}
      ${this.preview.status === 'ready' && !this.preview.previewable(editing.values) ? html`<p id="preview-incomplete">${e.previewIncomplete}</p>` : nothing}
      <div id="citizen-preview" class="citizen-preview" inert ?hidden=${this.preview.status !== 'ready'}></div>
    </section>`;
  }

  async #togglePreview(): Promise<void> {
    if (this.preview.status !== 'hidden') {
      this.preview = { status: 'hidden' };
      return this.#ctx.host.requestUpdate();
    }
    this.preview = { status: 'loading' };
    this.#ctx.host.requestUpdate();
    try {
      const { ConsultationPreview, loadCitizenElements, previewable } = await import('./preview.ts');
      await loadCitizenElements();
      previewer ??= new ConsultationPreview(() => this.#ctx.session());
      this.preview = { status: 'ready', preview: previewer, previewable };
    } catch (error) {
      this.preview = { status: 'failed', message: this.#ctx.failure(error) };
    }
    this.#ctx.host.requestUpdate();
  }
}
