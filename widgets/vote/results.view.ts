import { html, nothing, type TemplateResult } from 'lit';
import { heading } from '../core/choices.ts';
import { percent, resultBars } from '../core/result-bars.ts';
import type { VoteTranslation } from './i18n/fr.ts';
import type { Results } from './vote-types.ts';

/**
 * A vote's results as accessible bars, best first: votes and shares in text (polls), Borda points and first
 * places (rankings), votes, cost and "retenu" per project within each district's budget (participatory
 * budgets), its heading at `level`. Staff also read how many ballots await verification; those never count.
 */
export function renderResults(t: VoteTranslation, r: Results, money: (amount: number) => string, level: number): TemplateResult {
  const share = (value: number) => percent(t.lang, value);
  const byRank = [...(r.options ?? [])].sort((a, b) => a.rank - b.rank);
  const best = Math.max(1, ...byRank.map((o) => o.bordaPoints ?? 0));
  const body = r.districts
    ? r.districts.map(
        (d) =>
          html`<section class="district" part="district-results">
            ${d.name ? heading(level + 1, d.name) : nothing}
            <p>${t.vote.votes(d.ballots)}. ${t.budget.fundedTotal(money(d.fundedCost), money(d.budget))}</p>
            ${resultBars(
              [...d.projects]
                .sort((a, b) => b.votes - a.votes)
                .map((p) => ({
                  label: p.title,
                  value: p.votes,
                  of: d.ballots,
                  text: `${t.vote.votes(p.votes)} (${share(p.share)}) · ${money(p.cost)}`,
                  note: p.funded ? t.budget.funded : undefined,
                })),
            )}
          </section>`,
      )
    : r.mode === 'ranking'
      ? html`<p class="muted">${t.vote.borda}</p>
          ${resultBars(byRank.map((o) => ({ label: o.label, value: o.bordaPoints ?? 0, of: best, text: t.results.points(o.bordaPoints ?? 0, o.firstPreferences ?? 0) })))}`
      : resultBars(byRank.map((o) => ({ label: o.label, value: o.votes, of: r.ballots, text: `${t.vote.votes(o.votes)} (${share(o.share)})` })));
  return html`<section class="results" part="results-section" aria-labelledby="results-title">
    ${heading(level, r.final ? t.results.final : t.results.title, 'results-title')}
    <p class="muted">${r.final ? '' : `${t.results.provisional}. `}${t.vote.votes(r.ballots)}.</p>
    ${r.quarantined !== undefined ? html`<p class="notice" part="quarantined">${t.results.quarantined(r.quarantined)}</p>` : nothing} ${body}
  </section>`;
}
