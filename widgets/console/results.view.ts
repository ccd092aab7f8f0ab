import { html, nothing, type TemplateResult } from 'lit';
import { percent } from '../core/result-bars.ts';
import { barChart, columnChart, type ChartRow } from './charts.ts';
import { isSessionOver, type ConsoleContext } from './console-context.ts';
import { ConsultationPicker } from './consultation-picker.ts';

type Share = { label: string; votes?: number; count?: number; share: number };
type VoteResults = {
  ballots: number;
  quarantined?: number;
  options?: Share[];
  districts?: {
    name: string | null;
    budget: number;
    fundedCost: number;
    projects: { title: string; cost: number; votes: number; share: number; funded: boolean }[];
  }[];
};
type SurveyResults = {
  responses: number;
  quarantined?: number;
  questions: { id: string; label: string; answered: number; options?: Share[]; distribution?: { value: number; count: number }[] }[];
};
type Dimension = { total: number | null; cells: { value: string; label: string; count: number | null }[] };
type Statistics = {
  participants: number;
  minCellSize: number;
  dimensions: Record<string, Dimension>;
  participationByDay?: { day: string; count: number }[];
};
type Loaded =
  | { status: 'idle' }
  | { status: 'pending' }
  | { status: 'failed'; message: string }
  | { status: 'ready'; results: VoteResults | SurveyResults; statistics: Statistics };

const DIMENSIONS = ['ageBracket', 'gender', 'city', 'quartier', 'pcsGroup'] as const;

/**
 * Results and statistics of one consultation, as staff read them: bars for votes and budgets (per district,
 * funded projects said in words), the distribution of each survey question, representativeness per age bracket,
 * gender, city, quartier and socio-professional group with small cells suppressed by the server; each chart
 * with its data table; CSV and JSON exports downloaded with the staff session.
 */
export class ResultsScreen {
  state: Loaded = { status: 'idle' };
  readonly picker: ConsultationPicker;
  readonly #ctx: ConsoleContext;

  constructor(ctx: ConsoleContext) {
    this.#ctx = ctx;
    this.picker = new ConsultationPicker(ctx);
  }

  async open(): Promise<void> {
    try {
      await this.picker.load();
      await this.#load();
    } catch (error) {
      if (!isSessionOver(error)) this.state = { status: 'failed', message: this.#ctx.failure(error) };
      this.#ctx.host.requestUpdate();
    }
  }

  async #load(): Promise<void> {
    const c = this.picker.current;
    if (!c) return void (this.state = { status: 'idle' });
    this.state = { status: 'pending' };
    this.#ctx.host.requestUpdate();
    const api = this.#ctx.session().api;
    try {
      const [results, statistics] = await Promise.all([
        api.get<VoteResults | SurveyResults>(`consultations/${c.slug}/${c.kind === 'survey' ? 'survey-results' : 'results'}`),
        api.get<Statistics>(`consultations/${c.slug}/statistics`),
      ]);
      this.state = { status: 'ready', results, statistics };
    } catch (error) {
      if (!isSessionOver(error)) this.state = { status: 'failed', message: this.#ctx.failure(error) };
    }
    this.#ctx.host.requestUpdate();
  }

  /** Exports need the staff session's token, which a plain link cannot carry: fetched, then saved as a file. */
  async #download(what: 'results' | 'statistics', format: 'csv' | 'json'): Promise<void> {
    const slug = this.picker.slug;
    try {
      const response = await this.#ctx.session().api.response(`consultations/${slug}/${what}/export?format=${format}`);
      const name = /filename="?([^";]+)"?/.exec(response.headers.get('Content-Disposition') ?? '')?.[1] ?? `${slug}-${what}.${format}`;
      const url = URL.createObjectURL(await response.blob());
      const link = document.createElement('a');
      link.href = url;
      link.download = name;
      link.hidden = true;
      this.#ctx.host.shadowRoot!.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      this.#ctx.announce(this.#ctx.t().console.results.downloaded(name));
    } catch (error) {
      if (!isSessionOver(error)) this.#ctx.announce(this.#ctx.failure(error));
    }
  }

  render(): TemplateResult {
    const t = this.#ctx.t();
    return html`<h1 id="screen-title" tabindex="-1">${t.console.screens.results}</h1>
      ${this.picker.render('results-consultation', () => void this.#load())} ${this.#renderState()}`;
  }

  #renderState(): TemplateResult | typeof nothing {
    const t = this.#ctx.t();
    const r = t.console.results;
    const state = this.state;
    if (state.status === 'idle') return nothing;
    if (state.status === 'pending') return html`<p class="loading">${t.common.loading}</p>`;
    if (state.status === 'failed') return html`<p class="notice error" role="alert">${state.message}</p>`;
    const download = (what: 'results' | 'statistics', format: 'csv' | 'json', label: string) =>
      html`<button type="button" class="secondary" @click=${() => this.#download(what, format)}>${label}</button>`;
    return html`<section aria-labelledby="results-title" class="charts">
        <h2 id="results-title">${r.results}</h2>
        ${this.#renderResults(state.results)}
      </section>
      <section aria-labelledby="statistics-title" class="charts">
        <h2 id="statistics-title">${r.statistics}</h2>
        <p>${r.participants(state.statistics.participants)} ${r.suppressed(state.statistics.minCellSize)}</p>
        ${this.#renderPerDay(state.statistics.participationByDay ?? [])} ${DIMENSIONS.map((d) => this.#renderDimension(d, state.statistics.dimensions[d]))}
      </section>
      <section aria-labelledby="exports-title">
        <h2 id="exports-title">${r.exports}</h2>
        <div class="actions">
          ${download('results', 'csv', r.resultsCsv)} ${download('results', 'json', r.resultsJson)} ${download('statistics', 'csv', r.statisticsCsv)}
          ${download('statistics', 'json', r.statisticsJson)}
        </div>
      </section>`;
  }

  #renderResults(results: VoteResults | SurveyResults): TemplateResult {
    const t = this.#ctx.t();
    const r = t.console.results;
    const share = (n: number, s: number) => `${n} (${percent(t.lang, s)})`;
    if ('questions' in results) {
      return html`<p>${r.responses(results.responses)}${results.quarantined ? ` ${r.quarantined(results.quarantined)}` : ''}</p>
        ${results.questions.map((q) => {
          const rows: ChartRow[] = q.options
            ? q.options.map((o) => ({ label: o.label, value: o.count ?? 0, text: share(o.count ?? 0, o.share) }))
            : (q.distribution ?? []).map((d) => ({ label: String(d.value), value: d.count, text: String(d.count) }));
          return rows.length
            ? barChart({ id: `question-${q.id}`, title: `${q.label} — ${r.answered(q.answered)}`, head: [r.answer, r.count], rows })
            : html`<p><strong>${q.label}</strong> — ${r.answered(q.answered)}</p>`;
        })}`;
    }
    const counts = html`<p>${r.ballots(results.ballots)}${results.quarantined ? ` ${r.quarantined(results.quarantined)}` : ''}</p>`;
    if (results.districts?.length) {
      return html`${counts}
      ${results.districts.map((d, i) =>
        barChart({
          id: `district-${i}`,
          title: r.district(d.name, d.budget, d.fundedCost),
          head: [r.project, r.votes],
          rows: d.projects.map((p) => ({
            label: `${p.title} (${r.euros(p.cost)})`,
            value: p.votes,
            text: `${share(p.votes, p.share)}${p.funded ? ` — ${r.funded}` : ''}`,
          })),
        }),
      )}`;
    }
    return html`${counts}
    ${barChart({
      id: 'options',
      title: r.votesPerOption,
      head: [r.option, r.votes],
      rows: (results.options ?? []).map((o) => ({ label: o.label, value: o.votes ?? 0, text: share(o.votes ?? 0, o.share) })),
    })}`;
  }

  #renderPerDay(series: { day: string; count: number }[]): TemplateResult {
    const t = this.#ctx.t();
    const r = t.console.results;
    if (series.length === 0) return html`<p><strong>${r.perDay}</strong> — ${r.noParticipation}</p>`;
    // A calendar day (YYYY-MM-DD, already in the collectivité's time zone): formatted as is, in UTC.
    const day = (d: string) =>
      new Date(`${d}T00:00:00Z`).toLocaleDateString(t.lang === 'en' ? 'en-GB' : 'fr-FR', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' });
    return columnChart({
      id: 'participation-by-day',
      title: r.perDay,
      head: [r.day, r.count],
      rows: series.map((d) => ({ label: day(d.day), value: d.count, text: String(d.count) })),
    });
  }

  #renderDimension(name: (typeof DIMENSIONS)[number], dimension: Dimension | undefined): TemplateResult | typeof nothing {
    if (!dimension) return nothing;
    const r = this.#ctx.t().console.results;
    if (dimension.total === null) return html`<p><strong>${r.dimensions[name]}</strong> — ${r.tooSmall}</p>`;
    return barChart({
      id: `dimension-${name}`,
      title: `${r.dimensions[name]} — ${r.answered(dimension.total)}`,
      head: [r.dimensions[name], r.people],
      rows: dimension.cells.map((c) => ({ label: c.label, value: c.count, text: c.count === null ? r.hidden : String(c.count) })),
    });
  }
}
