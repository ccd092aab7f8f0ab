import { html, nothing, type TemplateResult } from 'lit';
import { heading } from '../core/choices.ts';
import { percent, resultBars } from '../core/result-bars.ts';
import type { SurveyTranslation } from './i18n/fr.ts';
import type { SurveyResults } from './survey-types.ts';

/**
 * A survey's results, question by question: counts per option as accessible bars (Borda points for rankings),
 * the distribution of a scale or a number with its mean and median, and — for staff only, as the server
 * decides — the free-text answers; its heading at `level`.
 */
export function renderSurveyResults(t: SurveyTranslation, r: SurveyResults, level: number): TemplateResult {
  const share = (value: number) => percent(t.lang, value);
  const number = (value: number | null | undefined) => (value === null || value === undefined ? '—' : value.toLocaleString(t.lang));
  return html`<section class="results" part="results-section" aria-labelledby="results-title">
    ${heading(level, r.final ? t.results.final : t.results.title, 'results-title')}
    <p class="muted">${r.final ? '' : `${t.results.provisional}. `}${t.survey.answers(r.responses)}.</p>
    ${r.quarantined !== undefined ? html`<p class="notice" part="quarantined">${t.results.quarantined(r.quarantined)}</p>` : nothing}
    ${r.questions.map((q) => {
      const best = Math.max(1, ...(q.options ?? []).map((o) => o.bordaPoints ?? 0));
      return html`<section class="question-results" part="question-results">
        ${heading(level + 1, q.label)}
        <p class="muted">${t.survey.answers(q.answered)}</p>
        ${
          q.type === 'ranking'
            ? resultBars(
                [...q.options!]
                  .sort((a, b) => (b.bordaPoints ?? 0) - (a.bordaPoints ?? 0))
                  .map((o) => ({ label: o.label, value: o.bordaPoints ?? 0, of: best, text: t.results.points(o.bordaPoints ?? 0, o.firstPreferences ?? 0) })),
              )
            : q.options
              ? resultBars(
                  q.options.map((o) => ({ label: o.label, value: o.count, of: q.answered, text: `${t.survey.answers(o.count)} (${share(o.share)})` })),
                  false,
                )
              : q.distribution
                ? html`${resultBars(
                      q.distribution.map((d) => ({
                        label: number(d.value),
                        value: d.count,
                        of: q.answered,
                        text: `${t.survey.answers(d.count)} (${share(q.answered ? d.count / q.answered : 0)})`,
                      })),
                      false,
                    )}
                    <p>${t.survey.mean(number(q.mean), number(q.median))}</p>`
                : q.textAnswers
                  ? html`<details>
                      <summary>${t.survey.texts}</summary>
                      <ul>
                        ${q.textAnswers.map((text) => html`<li>${text}</li>`)}
                      </ul>
                    </details>`
                  : nothing
        }
      </section>`;
    })}
  </section>`;
}
