import { css } from 'lit';

/**
 * `civ-account`'s own layout when signed out; fields, notices and buttons come from `core/styles`, the
 * signed-in layout from `dashboard/dashboard.styles.ts`. Works from 320 px up.
 */
export const accountStyles = css`
  .base {
    display: grid;
    gap: calc(var(--_space) * 2);
    max-width: 40rem;
  }
  h2,
  h3,
  h4 {
    margin: 0;
    line-height: 1.25;
  }
  h2 {
    font-size: 1.5em;
  }
  p {
    margin: 0;
  }
  .switch p {
    color: var(--_muted);
  }
  [tabindex='-1']:focus {
    outline: none;
  }
  [tabindex='-1']:focus-visible {
    outline: 3px solid var(--_focus);
  }
`;
