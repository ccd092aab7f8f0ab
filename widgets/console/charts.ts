import { css, html, type TemplateResult } from 'lit';

export interface ChartRow {
  label: string;
  /** The bar's length; `null` when the figure is suppressed (a small cell): no bar, the words say why. */
  value: number | null;
  /** The figure in words, as the chart and its table print it ("12 votes (34 %)"). */
  text: string;
}

/**
 * A horizontal bar chart rendered by Lit as inline SVG (nothing to download, no canvas, no inline style: a bar's
 * length is a percentage of its row), each bar under its label and figure in words, so that labels wrap at 320 px
 * and 200 % zoom. The drawing is hidden from assistive technology, which reads the data table that follows (kept
 * visually hidden: the chart prints the same words). Colours come from the `--civ-*` tokens; forced-colours
 * (high-contrast) mode draws the bars in the system's text colour.
 *
 * @example
 * barChart({ id: 'votes', title: 'Votes par option', head: ['Option', 'Votes'], rows: [{ label: 'Samedi', value: 12, text: '12 (34 %)' }] })
 */
export function barChart(o: { id: string; title: string; head: [string, string]; rows: readonly ChartRow[] }): TemplateResult {
  const max = Math.max(1, ...o.rows.map((r) => r.value ?? 0));
  return html`<figure class="chart" id=${o.id}>
    <figcaption>${o.title}</figcaption>
    <ol class="chart-rows" aria-hidden="true">
      ${o.rows.map(
        (row) =>
          html`<li>
            <span>${row.label}</span> <span class="figure">${row.text}</span>
            ${
              // The whole <svg> in this template (no nested `svg` template): citizen pages' Lit chunk stays as it was.
              row.value === null
                ? html`<span class="no-bar"></span>`
                : html`<svg width="100%" height="14" focusable="false">
                    <rect class="bar" x="0" y="0" height="14" width="${Math.max(0.5, (row.value / max) * 100)}%"></rect>
                  </svg>`
            }
          </li>`,
      )}
    </ol>
    ${dataTable(o)}
  </figure>`;
}

/**
 * A column chart of a series over time (e.g. participations per day), as inline SVG: one column per point, each
 * its own `<svg>` (as `barChart`'s bars), its height a percentage of the highest; the first and last labels
 * under it; hidden from assistive technology, which reads the data table that follows.
 *
 * @example
 * columnChart({ id: 'per-day', title: 'Participations par jour', head: ['Jour', 'Participations'], rows: [{ label: '2 mars', value: 4, text: '4' }] })
 */
export function columnChart(o: { id: string; title: string; head: [string, string]; rows: readonly ChartRow[] }): TemplateResult {
  const max = Math.max(1, ...o.rows.map((r) => r.value ?? 0));
  return html`<figure class="chart" id=${o.id}>
    <figcaption>${o.title}</figcaption>
    <div aria-hidden="true">
      <ol class="chart-columns">
        ${o.rows.map(
          (row) =>
            html`<li>
              <svg width="100%" height="100%" focusable="false">
                <rect class="bar" x="0" width="100%" y="${100 - ((row.value ?? 0) / max) * 100}%" height="${((row.value ?? 0) / max) * 100}%"></rect>
              </svg>
            </li>`,
        )}
      </ol>
      <p class="chart-axis"><span>${o.rows[0]?.label}</span> <span>${o.rows.length > 1 ? o.rows.at(-1)!.label : ''}</span></p>
    </div>
    ${dataTable(o)}
  </figure>`;
}

export const chartStyles = css`
  .chart-columns {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    align-items: stretch;
    gap: 1px;
    height: 120px;
    border-bottom: 1px solid var(--_border);
  }
  .chart-columns li {
    flex: 1 1 0;
    min-width: 0;
  }
  .chart-columns svg {
    display: block;
  }
  .chart-axis {
    display: flex;
    justify-content: space-between;
    margin: 0;
    color: var(--_muted);
  }
  .chart {
    position: relative;
    margin: 0;
    display: grid;
    gap: var(--_space);
  }
  .chart figcaption {
    font-weight: bold;
  }
  .chart-rows {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: var(--_space);
  }
  .chart-rows svg,
  .chart-rows .no-bar {
    display: block;
    height: 14px;
    border-bottom: 1px solid var(--_border);
  }
  .chart-rows .figure {
    color: var(--_muted);
  }
  .chart .bar {
    fill: var(--_primary);
  }
  @media (forced-colors: active) {
    .chart .bar {
      fill: CanvasText;
    }
  }
`;

/** A chart's data, as the table screen readers read instead of the drawing. */
function dataTable(o: { title: string; head: [string, string]; rows: readonly ChartRow[] }): TemplateResult {
  return html`<table class="sr-only">
    <caption>
      ${o.title}
    </caption>
    <thead>
      <tr>
        <th scope="col">${o.head[0]}</th>
        <th scope="col">${o.head[1]}</th>
      </tr>
    </thead>
    <tbody>
      ${o.rows.map(
        (row) =>
          html`<tr>
            <th scope="row">${row.label}</th>
            <td>${row.text}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}
