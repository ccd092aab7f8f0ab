import { css } from 'lit';

/**
 * `civ-survey`'s own layout: the progress bar, scales laid out in a row (wrapping on narrow screens), and the
 * free-text area. Groups, rankings and bars come from `core/styles/participation.styles.ts`.
 */
export const surveyStyles = css`
  .progress {
    display: grid;
    gap: calc(var(--_space) / 2);
  }
  progress {
    width: 100%;
    height: 0.75rem;
    accent-color: var(--_primary);
  }
  .inline .choices {
    display: flex;
    flex-wrap: wrap;
    gap: 0 calc(var(--_space) * 2);
  }
  textarea {
    resize: vertical;
  }
  .question-results {
    display: grid;
    gap: var(--_space);
  }
  .question-results ul {
    margin: 0;
  }
`;
