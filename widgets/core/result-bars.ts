import { html, nothing, type TemplateResult } from 'lit';

export interface ResultBar {
  label: string;
  value: number;
  /** The bar's full length (the number of ballots or answers). */
  of: number;
  /** The numbers in words, e.g. "12 votes (34 %)": the bar is never the only carrier of the result. */
  text: string;
  /** Extra words after the numbers, e.g. "Financé". */
  note?: string;
}

/**
 * Results as an ordered list of accessible bars: each row says its label and numbers in text, and a
 * `<meter>` draws the bar (hidden from assistive technology, which reads the text). No inline style: the
 * bar's length is the meter's value, so strict CSPs are fine.
 *
 * @example
 * resultBars([{ label: 'Samedi matin', value: 12, of: 35, text: '12 votes (34 %)' }]);
 */
export function resultBars(bars: readonly ResultBar[], ordered = true): TemplateResult {
  const items = bars.map(
    (bar) =>
      html`<li class="bar" part="result">
        <span class="bar-label">${bar.label}</span>
        <span class="bar-value">${bar.text}${bar.note ? html` — <strong>${bar.note}</strong>` : nothing}</span>
        <meter aria-hidden="true" min="0" max=${Math.max(bar.of, 1)} value=${bar.value}></meter>
      </li>`,
  );
  return ordered
    ? html`<ol class="bars" part="results">
        ${items}
      </ol>`
    : html`<ul class="bars" part="results">
        ${items}
      </ul>`;
}

/** `34 %` / `34%`, one decimal at most. */
export const percent = (lang: string, share: number) =>
  new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'fr-FR', { style: 'percent', maximumFractionDigits: 1 }).format(share);
