import { css } from 'lit';

/**
 * `civ-account`'s own layout when signed out, and its buttons that read as links ("Mot de passe oublié ?");
 * fields, notices and buttons come from `core/styles`, the signed-in layout from
 * `dashboard/dashboard.styles.ts`. Works from 320 px up.
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
  .link {
    min-height: 2.75rem;
    padding: var(--_space) 0;
    border: 0;
    background: none;
    color: var(--_primary);
    text-decoration: underline;
  }
  [tabindex='-1']:focus:not(:focus-visible) {
    outline: none;
  }
`;
