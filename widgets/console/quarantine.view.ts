import { html, nothing, type TemplateResult } from 'lit';
import { passwordField } from '../core/fields.ts';
import { isSessionOver, shortDateTime, type ConsoleContext } from './console-context.ts';
import { ConsultationPicker, QUARANTINED_KINDS } from './consultation-picker.ts';

type Cluster = { cluster: string; count: number; firstAt: string; lastAt: string };
type Preview = { cluster: string; decision: 'accept' | 'reject'; participationIds: string[]; before: Counted; after: Counted };
type Counted = { ballots?: number; responses?: number; supports?: number };

const counted = (results: Counted) => results.ballots ?? results.responses ?? results.supports ?? 0;

/**
 * Quarantined participations of one consultation, grouped by network: each cluster with its count and times;
 * "see the effect" previews the results once it is decided, and only the participations previewed are then
 * accepted or rejected (rejecting asks for the password again).
 */
export class QuarantineScreen {
  clusters: { status: 'pending' } | { status: 'idle' } | { status: 'ready'; clusters: Cluster[] } | { status: 'failed'; message: string } = { status: 'idle' };
  preview: (Preview & { password: string; visible: boolean; error?: string }) | undefined;
  readonly #ctx: ConsoleContext;

  readonly picker: ConsultationPicker;

  constructor(ctx: ConsoleContext) {
    this.#ctx = ctx;
    this.picker = new ConsultationPicker(ctx, QUARANTINED_KINDS);
  }

  get slug(): string {
    return this.picker.slug;
  }

  get #api() {
    return this.#ctx.session().api;
  }

  async open(): Promise<void> {
    try {
      await this.picker.load();
      await this.#loadClusters();
    } catch (error) {
      if (!isSessionOver(error)) this.clusters = { status: 'failed', message: this.#ctx.failure(error) };
      this.#ctx.host.requestUpdate();
    }
  }

  async #loadClusters(): Promise<void> {
    this.preview = undefined;
    if (!this.slug) return void (this.clusters = { status: 'idle' });
    this.clusters = { status: 'pending' };
    this.#ctx.host.requestUpdate();
    try {
      const { clusters } = await this.#api.get<{ clusters: Cluster[] }>(`consultations/${this.slug}/quarantine/clusters`);
      this.clusters = { status: 'ready', clusters };
    } catch (error) {
      if (!isSessionOver(error)) this.clusters = { status: 'failed', message: this.#ctx.failure(error) };
    }
    this.#ctx.host.requestUpdate();
  }

  async #preview(cluster: string, decision: 'accept' | 'reject'): Promise<void> {
    try {
      const preview = await this.#api.post<Preview>(`consultations/${this.slug}/quarantine/clusters/${encodeURIComponent(cluster)}/preview`, { decision });
      this.preview = { ...preview, password: '', visible: false };
      this.#ctx.focus('preview-title');
    } catch (error) {
      if (!isSessionOver(error)) this.#ctx.announce(this.#ctx.failure(error));
    }
  }

  async #decide(): Promise<void> {
    const preview = this.preview!;
    const q = this.#ctx.t().console.quarantine;
    try {
      const result = await this.#api.post<{ reviewed: number }>(`consultations/${this.slug}/quarantine/clusters/${encodeURIComponent(preview.cluster)}`, {
        decision: preview.decision,
        participationIds: preview.participationIds,
        ...(preview.decision === 'reject' ? { password: preview.password } : {}),
      });
      this.#ctx.announce(preview.decision === 'accept' ? q.done.accepted(result.reviewed) : q.done.rejected(result.reviewed));
      await this.#loadClusters();
      this.#ctx.focus('screen-title');
    } catch (error) {
      if (isSessionOver(error)) return;
      preview.error = this.#ctx.failure(error);
      this.#ctx.announce(preview.error);
      this.#ctx.focus(preview.decision === 'reject' ? 'review-password' : 'preview-title');
    }
  }

  render(): TemplateResult {
    const t = this.#ctx.t();
    const q = t.console.quarantine;
    return html`<h1 id="screen-title" tabindex="-1">${t.console.screens.quarantine}</h1>
      <p>${q.intro}</p>
      ${this.picker.render('quarantine-consultation', () => void this.#loadClusters())} ${this.preview ? this.#renderPreview() : nothing}
      ${this.#renderClusters()}`;
  }

  #renderClusters(): TemplateResult | typeof nothing {
    const t = this.#ctx.t();
    const q = t.console.quarantine;
    const state = this.clusters;
    if (state.status === 'idle') return nothing;
    if (state.status === 'pending') return html`<p class="loading">${t.common.loading}</p>`;
    if (state.status === 'failed') return html`<p class="notice error" role="alert">${state.message}</p>`;
    if (state.clusters.length === 0) return html`<p>${q.none}</p>`;
    const when = (iso: string) => shortDateTime(t.lang, iso);
    return html`<div class="table" role="region" aria-labelledby="clusters-caption" tabindex="0">
      <table>
        <caption id="clusters-caption">
          ${q.caption}
        </caption>
        <thead>
          <tr>
            <th scope="col">${q.columns.cluster}</th>
            <th scope="col">${q.columns.count}</th>
            <th scope="col">${q.columns.times}</th>
            <th scope="col">${q.columns.actions}</th>
          </tr>
        </thead>
        <tbody>
          ${state.clusters.map(
            (c) =>
              html`<tr>
                <th scope="row"><code>${c.cluster}</code></th>
                <td>${c.count}</td>
                <td>${when(c.firstAt)} – ${when(c.lastAt)}</td>
                <td>
                  <div class="actions">
                    <button type="button" class="secondary" @click=${() => this.#preview(c.cluster, 'accept')}>
                      ${q.accept}<span class="sr-only"> ${c.cluster}</span>
                    </button>
                    <button type="button" class="secondary" @click=${() => this.#preview(c.cluster, 'reject')}>
                      ${q.reject}<span class="sr-only"> ${c.cluster}</span>
                    </button>
                  </div>
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  #renderPreview(): TemplateResult {
    const t = this.#ctx.t();
    const q = t.console.quarantine;
    const p = this.preview!;
    const added = counted(p.after) - counted(p.before);
    return html`<section class="panel" aria-labelledby="preview-title">
      <h2 id="preview-title" tabindex="-1">${p.decision === 'accept' ? q.accept : q.reject} <code>${p.cluster}</code></h2>
      <p>${p.decision === 'accept' ? q.effect(added, counted(p.after)) : q.rejectEffect(p.participationIds.length, counted(p.after))}</p>
      ${p.error && p.decision === 'accept' ? html`<p class="notice error">${p.error}</p>` : nothing}
      <form
        id="cluster-review"
        novalidate
        @submit=${(e: Event) => {
          e.preventDefault();
          void this.#decide();
        }}
      >
        ${
          p.decision === 'reject'
            ? passwordField(
                {
                  id: 'review-password',
                  name: 'password',
                  label: t.console.consultations.confirmPassword,
                  autocomplete: 'current-password',
                  required: true,
                  value: p.password,
                  error: p.error,
                  onInput: (v) => (p.password = v),
                  visible: p.visible,
                  onToggle: () => {
                    p.visible = !p.visible;
                    this.#ctx.host.requestUpdate();
                  },
                },
                t,
              )
            : nothing
        }
        <div class="actions">
          <button type="submit">${t.console.consultations.confirm}</button>
          <button
            type="button"
            class="secondary"
            @click=${() => {
              this.preview = undefined;
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
