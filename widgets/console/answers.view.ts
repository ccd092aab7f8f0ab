import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import type { ResponseBody } from '../core/api-types.ts';
import { DraftStore } from '../core/draft-store.ts';
import { describedBy, error, label, notes, textField } from '../core/fields.ts';
import { FormController } from '../core/form.ts';
import { isSessionOver, shortDateTime, type ConsoleContext } from './console-context.ts';
import { ConsultationPicker } from './consultation-picker.ts';

type Item = ResponseBody<'listProposalsForStaff', 200>['items'][number];
type AnswerValues = { answeringBody: string; status: string; text: string };

/** The states an official answer takes (`none` is no answer). */
export const ANSWER_STATES = ['under_study', 'accepted', 'refused', 'selected'] as const;
const FIELDS: readonly string[] = ['answeringBody', 'status', 'text'];

/** How the author learns of the answer: by which address, then whether the last answer's mail was delivered. */
export function noticeOf(item: Pick<Item, 'notification' | 'answerMail' | 'answerStatus'>): string {
  if (item.notification === 'none') return 'noEmail';
  if (item.notification === 'email_pending') return 'pendingConfirmation';
  if (item.answerMail) return item.answerMail;
  return item.answerStatus === 'none' ? 'atPublication' : 'notMailed';
}

/**
 * The official answers to the proposals of one consultation: each proposal with its published answer and its
 * draft, and how its author will learn of it; a draft written or edited (answering body, state, text), kept on
 * this device while typed and through an expired session; drafts chosen and published together.
 */
export class AnswersScreen {
  list: { status: 'idle' } | { status: 'pending' } | { status: 'ready'; items: Item[]; next: string | null } | { status: 'failed'; message: string } = {
    status: 'idle',
  };
  selected = new Set<string>();
  editing: Item | undefined;
  publishError: string | undefined;
  readonly picker: ConsultationPicker;
  readonly form: FormController<AnswerValues, Item>;
  readonly #ctx: ConsoleContext;

  constructor(ctx: ConsoleContext) {
    this.#ctx = ctx;
    this.picker = new ConsultationPicker(ctx, ['proposals']);
    this.form = new FormController<AnswerValues, Item>(ctx.host, {
      id: 'answer',
      initial: () => ({
        answeringBody: this.editing?.draftAnswer?.answeringBody ?? this.editing?.answer?.answeringBody ?? '',
        status: this.editing?.draftAnswer?.status ?? (this.editing && this.editing.answerStatus !== 'none' ? this.editing.answerStatus : ''),
        text: this.editing?.draftAnswer?.text ?? this.editing?.answer?.text ?? '',
      }),
      draft: () => this.#draft(),
      validate: (v) => {
        const required = this.#ctx.t().console.editor.required;
        return {
          answeringBody: v.answeringBody.trim() ? undefined : required,
          status: v.status ? undefined : required,
          text: v.text.trim() ? undefined : required,
        };
      },
      submit: (v) =>
        this.#ctx.session().api.put<Item>(`consultations/${this.picker.slug}/proposals/${encodeURIComponent(this.editing!.id)}/answer`, {
          status: v.status,
          text: v.text.trim(),
          answeringBody: v.answeringBody.trim(),
        }),
      fieldFor: (path) => (FIELDS.includes(path) ? (path as keyof AnswerValues) : undefined),
      strings: () => this.#ctx.t(),
      announce: (m) => this.#ctx.announce(m),
      onSuccess: async (saved) => {
        this.editing = undefined;
        this.#ctx.announce(this.#ctx.t().console.answers.saved(saved.title));
        await this.#load();
        this.#ctx.focus('screen-title');
      },
    });
  }

  #draft(): DraftStore<Partial<AnswerValues>> | undefined {
    return this.editing && new DraftStore(this.#ctx.session().config.tenant ?? '', 'console', 'answer', this.editing.id);
  }

  get #api() {
    return this.#ctx.session().api;
  }

  /** Shows the screen; the list is read again, an answer being written stays as it was. */
  async open(): Promise<void> {
    // Back from sign-in after an expiry: the form keeps its values, not the "session over" message.
    this.form.formError = undefined;
    try {
      await this.picker.load();
      await this.#load();
    } catch (error) {
      if (!isSessionOver(error)) this.list = { status: 'failed', message: this.#ctx.failure(error) };
      this.#ctx.host.requestUpdate();
    }
  }

  async #load(more = false): Promise<void> {
    if (!this.picker.slug) return void (this.list = { status: 'idle' });
    const previous = more && this.list.status === 'ready' ? this.list : undefined;
    if (!previous) this.list = { status: 'pending' };
    this.#ctx.host.requestUpdate();
    const query = new URLSearchParams({ limit: '100', ...(previous?.next ? { cursor: previous.next } : {}) });
    try {
      const page = await this.#api.get<{ items: Item[]; nextCursor: string | null }>(`consultations/${this.picker.slug}/proposals/staff?${query}`);
      this.list = { status: 'ready', items: [...(previous?.items ?? []), ...page.items], next: page.nextCursor };
      const drafts = new Set(this.list.items.filter((i) => i.draftAnswer).map((i) => i.id));
      this.selected = new Set([...this.selected].filter((id) => drafts.has(id)));
    } catch (error) {
      if (!isSessionOver(error)) this.list = { status: 'failed', message: this.#ctx.failure(error) };
    }
    this.#ctx.host.requestUpdate();
  }

  #edit(item: Item): void {
    this.editing = item;
    this.form.reset();
    this.#ctx.focus('answer-title');
  }

  #cancel(): void {
    // Cancelling is a choice: the draft kept on this device goes too.
    this.#draft()?.clear();
    this.editing = undefined;
    this.form.reset({ answeringBody: '', status: '', text: '' });
    this.#ctx.focus('screen-title');
  }

  async #publish(): Promise<void> {
    const a = this.#ctx.t().console.answers;
    this.publishError = undefined;
    if (this.selected.size === 0) {
      this.publishError = a.noneSelected;
      this.#ctx.announce(a.noneSelected);
      return this.#ctx.focus('publish-error');
    }
    try {
      const result = await this.#api.post<{ published: string[]; mails: number }>(`consultations/${this.picker.slug}/answers/publication`, {
        proposalIds: [...this.selected],
      });
      this.selected = new Set();
      this.#ctx.announce(a.published(result.published.length, result.mails));
      await this.#load();
      this.#ctx.focus('screen-title');
    } catch (error) {
      if (isSessionOver(error)) return;
      this.publishError = this.#ctx.failure(error);
      this.#ctx.announce(this.publishError);
      this.#ctx.focus('publish-error');
    }
  }

  render(): TemplateResult {
    const t = this.#ctx.t();
    const a = t.console.answers;
    return html`<h1 id="screen-title" tabindex="-1">${t.console.screens.answers}</h1>
      <p>${a.intro}</p>
      ${
        this.picker.consultations.length === 0 && this.list.status !== 'pending'
          ? html`<p>${a.noConsultation}</p>`
          : this.picker.render('answers-consultation', () => {
              this.selected = new Set();
              void this.#load();
            })
      }
      ${this.editing ? this.#renderEditor(this.editing) : nothing} ${this.#renderList()}`;
  }

  #renderList(): TemplateResult | typeof nothing {
    const t = this.#ctx.t();
    const a = t.console.answers;
    const list = this.list;
    if (list.status === 'idle') return nothing;
    if (list.status === 'pending') return html`<p class="loading">${t.common.loading}</p>`;
    if (list.status === 'failed') return html`<p class="notice error" role="alert">${list.message}</p>`;
    if (list.items.length === 0) return html`<p>${a.empty}</p>`;
    const drafts = list.items.filter((i) => i.draftAnswer);
    return html`<form
      id="answers-publish"
      novalidate
      @submit=${(e: Event) => {
        e.preventDefault();
        void this.#publish();
      }}
    >
      <div class="table" role="region" aria-labelledby="answers-caption" tabindex="0">
        <table>
          <caption id="answers-caption">
            ${a.caption}
          </caption>
          <thead>
            <tr>
              <th scope="col">${a.columns.proposal}</th>
              <th scope="col">${a.columns.answer}</th>
              <th scope="col">${a.columns.draft}</th>
              <th scope="col">${a.columns.notice}</th>
              <th scope="col">${a.columns.actions}</th>
            </tr>
          </thead>
          <tbody>
            ${list.items.map((item) => this.#renderRow(item))}
          </tbody>
        </table>
      </div>
      ${
        this.publishError
          ? html`<p class="notice error" id="publish-error" tabindex="-1"><span class="sr-only">${t.common.errorPrefix}</span>${this.publishError}</p>`
          : nothing
      }
      <div class="actions">
        <button type="submit">${a.publish(this.selected.size)}</button>
        ${
          drafts.length > 0
            ? html`<button
                type="button"
                class="secondary"
                @click=${() => {
                  this.selected = new Set(drafts.map((i) => i.id));
                  this.publishError = undefined;
                  this.#ctx.host.requestUpdate();
                }}
              >
                ${a.selectDrafts(drafts.length)}
              </button>`
            : nothing
        }
        ${list.next ? html`<button type="button" class="secondary" @click=${() => this.#load(true)}>${a.more}</button>` : nothing}
      </div>
    </form>`;
  }

  #renderRow(item: Item): TemplateResult {
    const t = this.#ctx.t();
    const a = t.console.answers;
    const draft = item.draftAnswer;
    return html`<tr data-proposal=${item.id}>
      <th scope="row">
        ${
          draft
            ? html`<div class="check">
                <input
                  type="checkbox"
                  id="pick-${item.id}"
                  .checked=${live(this.selected.has(item.id))}
                  @change=${(e: Event) => {
                    if ((e.target as HTMLInputElement).checked) this.selected.add(item.id);
                    else this.selected.delete(item.id);
                    this.publishError = undefined;
                    this.#ctx.host.requestUpdate();
                  }}
                />
                <label for="pick-${item.id}">${item.title}</label>
              </div>`
            : item.title
        }
        ${item.moderation === 'published' ? nothing : html`<br /><small>${a.moderation[item.moderation] ?? item.moderation}</small>`}
      </th>
      <td>
        ${
          item.answer
            ? html`${a.states[item.answerStatus]}<br /><small>${item.answer.answeringBody}, ${shortDateTime(t.lang, item.answer.publishedAt)}</small>`
            : a.noAnswer
        }
      </td>
      <td>${draft ? html`${a.states[draft.status]}<br /><small>${draft.answeringBody}</small>` : a.noDraft}</td>
      <td>${a.notice[noticeOf(item)]}</td>
      <td>
        <button type="button" class="secondary" @click=${() => this.#edit(item)}>
          ${draft ? a.editDraft : a.write}<span class="sr-only"> : ${item.title}</span>
        </button>
      </td>
    </tr>`;
  }

  /** The decision's `<select>`, laid out as `core/select-field.ts` does (not imported: it would become a chunk shared with citizen pages). */
  #renderState(): TemplateResult {
    const t = this.#ctx.t();
    const a = t.console.answers;
    const o = { ...this.form.bind('status'), label: a.state, required: true };
    return html`<div class="field ${o.error ? 'invalid' : ''}">
      ${label(o)}
      <select
        id=${o.id}
        name=${o.name}
        required
        aria-invalid=${o.error ? 'true' : 'false'}
        aria-describedby=${describedBy(o) ?? nothing}
        @change=${(e: Event) => o.onInput((e.target as HTMLSelectElement).value)}
      >
        <option value="" ?selected=${o.value === ''}>${a.chooseState}</option>
        ${ANSWER_STATES.map((s) => html`<option value=${s} ?selected=${s === o.value}>${a.states[s]}</option>`)}
      </select>
      ${error(o, t.common.errorPrefix)}
    </div>`;
  }

  #renderEditor(item: Item): TemplateResult {
    const t = this.#ctx.t();
    const a = t.console.answers;
    const form = this.form;
    const text = { ...form.bind('text'), label: a.text, required: true, hint: a.textHint };
    return html`<section class="panel" aria-labelledby="answer-title">
      <h2 id="answer-title" tabindex="-1">${a.editorTitle(item.title)}</h2>
      <blockquote>${item.text}</blockquote>
      <form id="answer" novalidate part="form" @submit=${form.onSubmit}>
        ${textField({ ...form.bind('answeringBody'), label: a.answeringBody, hint: a.answeringBodyHint, required: true, maxlength: 200 }, t.common.errorPrefix)}
        ${this.#renderState()}
        <div class="field ${text.error ? 'invalid' : ''}">
          ${label(text)} ${notes(text)}
          <textarea
            id=${text.id}
            name="text"
            rows="8"
            maxlength="10000"
            required
            .value=${live(text.value)}
            aria-invalid=${text.error ? 'true' : 'false'}
            aria-describedby=${describedBy(text) ?? nothing}
            @input=${(e: Event) => text.onInput((e.target as HTMLTextAreaElement).value)}
          ></textarea>
          ${error(text, t.common.errorPrefix)}
        </div>
        ${form.renderStatus()}
        <div class="actions">
          ${form.renderSubmit(a.saveDraft)}
          <button type="button" class="secondary" @click=${() => this.#cancel()}>${t.common.cancel}</button>
        </div>
      </form>
    </section>`;
  }
}
