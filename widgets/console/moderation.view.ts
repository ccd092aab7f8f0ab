import { html, nothing, type TemplateResult } from 'lit';
import { ApiError } from '../core/api-client.ts';
import type { ResponseBody } from '../core/api-types.ts';
import { isSessionOver, shortDateTime, type ConsoleContext } from './console-context.ts';

type Item = ResponseBody<'listModerationQueue', 200>['items'][number];
type Decision = 'published' | 'rejected' | 'hidden';

/**
 * The moderation queue, on the shared moderation API (proposals and resource posts feed it): content by state,
 * flagged first when asked, and a decision — publish, reject or hide — with the statement of reasons its author
 * reads (required to reject or hide).
 */
export class ModerationScreen {
  state: 'submitted' | 'published' | 'hidden' | 'rejected' = 'submitted';
  flaggedOnly = false;
  queue: { status: 'pending' } | { status: 'ready'; items: Item[] } | { status: 'failed'; message: string } = { status: 'pending' };
  deciding: { item: Item; decision: Decision; statement: string; error?: string } | undefined;
  readonly #ctx: ConsoleContext;

  constructor(ctx: ConsoleContext) {
    this.#ctx = ctx;
  }

  async open(): Promise<void> {
    this.queue = { status: 'pending' };
    this.#ctx.host.requestUpdate();
    const query = new URLSearchParams({ state: this.state, ...(this.flaggedOnly ? { flagged: 'true' } : {}) });
    try {
      const { items } = await this.#ctx.session().api.get<{ items: Item[] }>(`moderation/queue?${query}`);
      this.queue = { status: 'ready', items };
    } catch (error) {
      if (!isSessionOver(error)) this.queue = { status: 'failed', message: this.#ctx.failure(error) };
    }
    this.#ctx.host.requestUpdate();
  }

  #ask(item: Item, decision: Decision): void {
    this.deciding = { item, decision, statement: '' };
    this.#ctx.focus('decision-title');
  }

  async #decide(): Promise<void> {
    const d = this.deciding!;
    const t = this.#ctx.t();
    const m = t.console.moderation;
    if (d.decision !== 'published' && !d.statement.trim()) {
      d.error = m.statementRequired;
      this.#ctx.announce(`${t.form.invalidCount(1)} ${d.error}`);
      return this.#ctx.focus('decision-statement');
    }
    try {
      await this.#ctx.session().api.post(`moderation/${d.item.kind}/${encodeURIComponent(d.item.targetId)}/decision`, {
        state: d.decision,
        ...(d.statement.trim() ? { statement: d.statement.trim() } : {}),
      });
      this.deciding = undefined;
      this.#ctx.announce(m.done[d.decision]);
      await this.open();
      this.#ctx.focus('screen-title');
    } catch (error) {
      if (isSessionOver(error)) return;
      d.error = error instanceof ApiError && error.issues.some((i) => i.path === 'statement') ? m.statementRequired : this.#ctx.failure(error);
      this.#ctx.announce(d.error);
      this.#ctx.focus('decision-statement');
    }
  }

  render(): TemplateResult {
    const t = this.#ctx.t();
    const m = t.console.moderation;
    return html`<h1 id="screen-title" tabindex="-1">${t.console.screens.moderation}</h1>
      <p>${m.intro}</p>
      <form
        id="moderation-filters"
        novalidate
        @submit=${(e: Event) => {
          e.preventDefault();
          void this.open();
        }}
      >
        <div class="field">
          <label for="moderation-state">${m.state}</label>
          <select id="moderation-state" @change=${(e: Event) => (this.state = (e.target as HTMLSelectElement).value as ModerationScreen['state'])}>
            ${(['submitted', 'published', 'hidden', 'rejected'] as const).map((s) => html`<option value=${s} ?selected=${s === this.state}>${m.states[s]}</option>`)}
          </select>
        </div>
        <div class="check">
          <input
            type="checkbox"
            id="moderation-flagged"
            .checked=${this.flaggedOnly}
            @change=${(e: Event) => (this.flaggedOnly = (e.target as HTMLInputElement).checked)}
          />
          <label for="moderation-flagged">${m.flaggedOnly}</label>
        </div>
        <div class="actions"><button type="submit">${m.show}</button></div>
      </form>
      ${this.deciding ? this.#renderDecision() : nothing} ${this.#renderQueue()}`;
  }

  #renderQueue(): TemplateResult {
    const t = this.#ctx.t();
    const m = t.console.moderation;
    const q = this.queue;
    if (q.status === 'pending') return html`<p class="loading">${t.common.loading}</p>`;
    if (q.status === 'failed') return html`<p class="notice error" role="alert">${q.message}</p>`;
    if (q.items.length === 0) return html`<p>${m.empty}</p>`;
    const when = (iso: string) => shortDateTime(t.lang, iso);
    return html`<div class="table" role="region" aria-labelledby="moderation-caption" tabindex="0">
      <table>
        <caption id="moderation-caption">
          ${m.caption}
        </caption>
        <thead>
          <tr>
            <th scope="col">${m.columns.content}</th>
            <th scope="col">${m.columns.state}</th>
            <th scope="col">${m.columns.flags}</th>
            <th scope="col">${m.columns.updated}</th>
            <th scope="col">${m.columns.actions}</th>
          </tr>
        </thead>
        <tbody>
          ${q.items.map((item) => {
            const name = `${m.kinds[item.kind] ?? item.kind} ${item.targetId}`;
            return html`<tr>
              <th scope="row">${name}</th>
              <td>${m.states[item.state] ?? item.state}</td>
              <td>${m.flags(item.flags, item.countingFlags)}</td>
              <td>${when(item.updatedAt)}</td>
              <td>
                <div class="actions">
                  ${(['published', 'rejected', 'hidden'] as const)
                    .filter((d) => d !== item.state)
                    .map(
                      (d) =>
                        html`<button type="button" class="secondary" @click=${() => this.#ask(item, d)}>
                          ${m.actions[d]}<span class="sr-only"> : ${name}</span>
                        </button>`,
                    )}
                </div>
              </td>
            </tr>`;
          })}
        </tbody>
      </table>
    </div>`;
  }

  #renderDecision(): TemplateResult {
    const t = this.#ctx.t();
    const m = t.console.moderation;
    const d = this.deciding!;
    const required = d.decision !== 'published';
    return html`<section class="panel" aria-labelledby="decision-title">
      <h2 id="decision-title" tabindex="-1">${m.actions[d.decision]} : ${m.kinds[d.item.kind] ?? d.item.kind} ${d.item.targetId}</h2>
      <form
        id="decision"
        novalidate
        @submit=${(e: Event) => {
          e.preventDefault();
          void this.#decide();
        }}
      >
        <div class="field ${d.error ? 'invalid' : ''}">
          <label for="decision-statement">${m.statement}${required ? html`<span class="required" aria-hidden="true"> *</span>` : nothing}</label>
          <p class="hint" id="decision-statement-hint">${m.statementHint}</p>
          <textarea
            id="decision-statement"
            rows="4"
            maxlength="4000"
            ?required=${required}
            .value=${d.statement}
            aria-invalid=${d.error ? 'true' : 'false'}
            aria-describedby="decision-statement-hint${d.error ? ' decision-statement-error' : ''}"
            @input=${(e: Event) => {
              d.statement = (e.target as HTMLTextAreaElement).value;
              d.error = undefined;
            }}
          ></textarea>
          ${d.error ? html`<p class="error field-error" id="decision-statement-error"><span class="sr-only">${t.common.errorPrefix}</span>${d.error}</p>` : nothing}
        </div>
        <div class="actions">
          <button type="submit">${t.console.consultations.confirm}</button>
          <button
            type="button"
            class="secondary"
            @click=${() => {
              this.deciding = undefined;
              this.#ctx.focus('screen-title');
            }}
          >
            ${t.common.cancel}
          </button>
        </div>
      </form>
    </section>`;
  }
}
