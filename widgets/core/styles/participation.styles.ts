import { css } from 'lit';

/**
 * What `civ-vote` and `civ-survey` share beyond `form.styles.ts`: the frame, choice groups (fieldset and
 * legend, one 44 px row per option), the keyboard ranking, the result bars (a `<meter>` under the numbers)
 * and muted notes. Everything wraps down to 320 px.
 */
export const participationStyles = css`
  .base,
  .header,
  .results,
  .ranked,
  .unranked,
  .bars,
  .choices {
    display: grid;
    gap: var(--_space);
    margin: 0;
    padding: 0;
  }
  .base {
    gap: calc(var(--_space) * 2);
    max-width: 48rem;
  }
  h2,
  h3,
  h4,
  h5,
  h6,
  p {
    margin: 0;
  }
  fieldset {
    display: grid;
    gap: var(--_space);
    min-width: 0;
    margin: 0;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  fieldset[aria-invalid='true'] {
    border: 2px solid var(--_error);
  }
  .schedule,
  legend,
  .list-title {
    font-weight: 600;
  }
  .ranked > li,
  .unranked > li {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    align-items: center;
    padding: var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .ranked > li {
    border-left: 4px solid var(--_primary);
  }
  .label {
    flex: 1 1 12rem;
  }
  /* A ranked item's position is its text ("1. …"): flex items lose their list markers anyway. */
  .ranked,
  .unranked,
  .bars {
    list-style: none;
  }
  .bar {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    gap: 0 var(--_space);
  }
  meter {
    width: 100%;
    height: 1rem;
  }
  meter::-webkit-meter-optimum-value {
    background: var(--_primary);
  }
  meter::-moz-meter-bar {
    background: var(--_primary);
  }
  .results {
    padding-top: calc(var(--_space) * 2);
    border-top: 1px solid var(--_border);
  }
  .muted,
  .privacy {
    color: var(--_muted);
  }
  summary {
    min-height: 2.75rem;
    cursor: pointer;
  }
  [tabindex='-1']:focus:not(:focus-visible) {
    outline: none;
  }
`;
