import { css } from 'lit';

/**
 * The layout of the widgets that list contributions (`civ-proposals`, `civ-proposal-form`, `civ-resource-board`):
 * the frame, the filters, the list's cards, states as small labels, pictures that fit; everything wraps down to
 * 320 px. Not `participation.styles.ts`: no ranking, no bars here.
 */
export const listingStyles = css`
  .base,
  .header {
    display: grid;
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
  .filters {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    align-items: end;
  }
  .items {
    display: grid;
    gap: var(--_space);
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .card {
    display: grid;
    gap: var(--_space);
    padding: var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .text {
    white-space: pre-line;
    overflow-wrap: anywhere;
  }
  .states,
  .chosen {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) / 2);
    align-items: center;
  }
  .state {
    padding: 0 calc(var(--_space) / 2);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    font-size: 0.875em;
  }
  img {
    max-width: 100%;
  }
`;
