import { html, nothing, type TemplateResult } from 'lit';
import type { ResponseBody } from '../core/api-types.ts';
import { isSessionOver, type ConsoleContext } from './console-context.ts';

type Ledger = ResponseBody<'listRightsRequests', 200>;
type Ahead = ResponseBody<'listRetentionEndsAhead', 200>;
type Loaded<T> = { status: 'pending' } | { status: 'ready'; value: T } | { status: 'failed'; message: string };

const shortDate = (lang: string, iso: string) => new Date(iso).toLocaleDateString(lang === 'en' ? 'en-GB' : 'fr-FR', { dateStyle: 'medium' });

/**
 * The data-rights ledger (admins): the requests made through the collectivité, each with its due date (one month)
 * and whether it is done, open or overdue; and the consultations whose personal data is erased soon.
 */
export class RightsScreen {
  ledger: Loaded<Ledger> = { status: 'pending' };
  ahead: Loaded<Ahead> = { status: 'pending' };
  days = '30';
  daysError: string | undefined;
  readonly #ctx: ConsoleContext;

  constructor(ctx: ConsoleContext) {
    this.#ctx = ctx;
  }

  get #api() {
    return this.#ctx.session().api;
  }

  async open(): Promise<void> {
    this.ledger = { status: 'pending' };
    this.#ctx.host.requestUpdate();
    await Promise.all([
      (async () => {
        try {
          this.ledger = { status: 'ready', value: await this.#api.get<Ledger>('rights-requests') };
        } catch (error) {
          if (!isSessionOver(error)) this.ledger = { status: 'failed', message: this.#ctx.failure(error) };
        }
      })(),
      this.#loadAhead(),
    ]);
    this.#ctx.host.requestUpdate();
  }

  async #loadAhead(): Promise<void> {
    const r = this.#ctx.t().console.rights;
    const days = Number(this.days);
    if (!/^\d+$/.test(this.days.trim()) || days < 1 || days > 366) {
      this.daysError = r.daysInvalid;
      this.#ctx.announce(`${this.#ctx.t().form.invalidCount(1)} ${r.daysInvalid}`);
      return this.#ctx.focus('retention-days');
    }
    this.daysError = undefined;
    this.ahead = { status: 'pending' };
    this.#ctx.host.requestUpdate();
    try {
      this.ahead = { status: 'ready', value: await this.#api.get<Ahead>(`retention-ends?days=${days}`) };
    } catch (error) {
      if (!isSessionOver(error)) this.ahead = { status: 'failed', message: this.#ctx.failure(error) };
    }
    this.#ctx.host.requestUpdate();
  }

  render(): TemplateResult {
    const t = this.#ctx.t();
    const r = t.console.rights;
    return html`<h1 id="screen-title" tabindex="-1">${t.console.screens.rights}</h1>
      <p>${r.intro}</p>
      ${this.#renderLedger()}
      <h2>${r.retentionTitle}</h2>
      <form
        id="retention-filter"
        novalidate
        @submit=${(e: Event) => {
          e.preventDefault();
          void this.#loadAhead();
        }}
      >
        <div class="field ${this.daysError ? 'invalid' : ''}">
          <label for="retention-days">${r.days}</label>
          <input
            id="retention-days"
            type="number"
            inputmode="numeric"
            min="1"
            max="366"
            .value=${this.days}
            aria-invalid=${this.daysError ? 'true' : 'false'}
            aria-describedby=${this.daysError ? 'retention-days-error' : nothing}
            @input=${(e: Event) => {
              this.days = (e.target as HTMLInputElement).value;
              this.daysError = undefined;
            }}
          />
          ${
            this.daysError
              ? html`<p class="error field-error" id="retention-days-error"><span class="sr-only">${t.common.errorPrefix}</span>${this.daysError}</p>`
              : nothing
          }
        </div>
        <div class="actions"><button type="submit">${t.common.show}</button></div>
      </form>
      ${this.#renderAhead()}`;
  }

  #renderLedger(): TemplateResult {
    const t = this.#ctx.t();
    const r = t.console.rights;
    const state = this.ledger;
    if (state.status === 'pending') return html`<p class="loading">${t.common.loading}</p>`;
    if (state.status === 'failed') return html`<p class="notice error" role="alert">${state.message}</p>`;
    const requests = state.value.requests;
    if (requests.length === 0) return html`<p>${r.empty}</p>`;
    const overdue = requests.filter((q) => q.status === 'overdue').length;
    return html`${overdue > 0 ? html`<p class="notice error">${r.overdueCount(overdue)}</p>` : nothing}
      <div class="table" role="region" aria-labelledby="rights-caption" tabindex="0">
        <table>
          <caption id="rights-caption">
            ${r.caption}
          </caption>
          <thead>
            <tr>
              <th scope="col">${r.columns.kind}</th>
              <th scope="col">${r.columns.received}</th>
              <th scope="col">${r.columns.due}</th>
              <th scope="col">${r.columns.status}</th>
            </tr>
          </thead>
          <tbody>
            ${requests.map(
              (q) =>
                html`<tr data-request=${q.id}>
                  <th scope="row">${r.kinds[q.kind] ?? q.kind}</th>
                  <td>${shortDate(t.lang, q.receivedAt)}</td>
                  <td>${shortDate(t.lang, q.dueAt)}</td>
                  <td>
                    ${q.status === 'overdue' ? html`<strong>${r.statuses.overdue}</strong>` : r.statuses[q.status]}
                    ${q.completedAt ? html`<br /><small>${shortDate(t.lang, q.completedAt)}</small>` : nothing}
                  </td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>`;
  }

  #renderAhead(): TemplateResult | typeof nothing {
    const t = this.#ctx.t();
    const r = t.console.rights;
    const state = this.ahead;
    if (state.status === 'pending') return html`<p class="loading">${t.common.loading}</p>`;
    if (state.status === 'failed') return html`<p class="notice error" role="alert">${state.message}</p>`;
    const { consultations, days } = state.value;
    if (consultations.length === 0) return html`<p>${r.noneAhead(days)}</p>`;
    return html`<div class="table" role="region" aria-labelledby="retention-caption" tabindex="0">
      <table>
        <caption id="retention-caption">
          ${r.retentionCaption(days)}
        </caption>
        <thead>
          <tr>
            <th scope="col">${r.columns.consultation}</th>
            <th scope="col">${r.columns.kind}</th>
            <th scope="col">${r.columns.retentionEnd}</th>
          </tr>
        </thead>
        <tbody>
          ${consultations.map(
            (c) =>
              html`<tr data-slug=${c.slug}>
                <th scope="row">${c.title}</th>
                <td>${t.console.consultations.kinds[c.kind] ?? c.kind}</td>
                <td>${shortDate(t.lang, c.retentionEnd)}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }
}
