import { css } from 'lit';

/**
 * The banner sits in the flow at the top of the page (never over the content, so it reflows at 320 px and
 * 200 % zoom). Its three first-layer buttons share one rule and one grid whose cells and rows are all equal,
 * so "Tout refuser" can never be smaller or fainter than "Tout accepter", on one line or stacked.
 */
export const consentBannerStyles = css`
  :host {
    display: block;
    color: var(--_text);
    font-family: var(--_font);
    font-size: var(--_font-size);
    line-height: 1.5;
  }
  * {
    box-sizing: border-box;
  }
  section {
    padding: calc(var(--_space) * 2);
    background: var(--_surface);
    border-bottom: 3px solid var(--_primary);
  }
  section > * {
    max-width: 60rem;
    margin: 0 auto var(--_space);
  }
  .head {
    display: flex;
    gap: var(--_space);
    justify-content: space-between;
    align-items: flex-start;
  }
  h2 {
    margin: 0;
    font-size: 1.25em;
  }
  .choices {
    display: grid;
    gap: var(--_space);
    grid: auto-flow 1fr / repeat(auto-fit, minmax(min(100%, 11rem), 1fr));
  }
  button {
    font: inherit;
    min-height: 2.75rem;
    min-width: 2.75rem;
    padding: var(--_space) calc(var(--_space) * 2);
    border: 2px solid var(--_primary);
    border-radius: var(--_radius);
    background: var(--_primary);
    color: var(--_on-primary);
    cursor: pointer;
  }
  .alt {
    background: var(--_surface);
    color: var(--_primary);
  }
  .close {
    padding: 0;
  }

  fieldset {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--_space) calc(var(--_space) * 2);
  }
  legend {
    font-weight: bold;
  }
  /* Only the top margin: the first layer's text keeps the centred column of \`section > *\`, like the title and buttons. */
  p {
    margin-top: 0;
  }
  label {
    display: inline-flex;
    gap: var(--_space);
    align-items: center;
    min-height: 2.75rem;
    margin-right: calc(var(--_space) * 3);
  }
  input {
    width: 1.25em;
    height: 1.25em;
    margin: 0;
    accent-color: var(--_primary);
  }
  a {
    color: var(--_primary);
  }
  code {
    overflow-wrap: anywhere;
  }
  :focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }
`;
