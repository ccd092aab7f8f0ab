import { css } from 'lit';

/**
 * `civ-vote`'s own layout: the citizen's current vote, a project's cost, and the budget's running total, kept
 * in view at the bottom while the projects scroll by. Groups, rankings and bars come from
 * `core/styles/participation.styles.ts`.
 */
export const voteStyles = css`
  .mine {
    padding: var(--_space) calc(var(--_space) * 1.5);
    border-left: 4px solid var(--_success);
  }
  .cost {
    white-space: nowrap;
    font-weight: 600;
  }
  .cost::before {
    content: '— ';
    font-weight: 400;
  }
  .total {
    position: sticky;
    bottom: 0;
    display: grid;
    gap: calc(var(--_space) / 2);
    margin-top: var(--_space);
    padding: var(--_space) calc(var(--_space) * 1.5);
    border: 2px solid var(--_primary);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  .district {
    display: grid;
    gap: var(--_space);
  }
`;
