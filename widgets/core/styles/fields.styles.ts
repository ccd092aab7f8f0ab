import { css } from 'lit';

/**
 * What `core/fields.ts` adds to `form.styles.ts`, for the widgets that render its fields: the purpose the
 * privacy policy gives for a field (muted, after an arrow), and an input with a control beside it in one row
 * (the password's "Afficher" toggle).
 */
export const fieldStyles = css`
  .purpose {
    margin: 0;
    color: var(--_muted);
    font-size: 0.875em;
  }
  .purpose::before {
    content: '→ ';
  }
  .control {
    display: flex;
    gap: var(--_space);
    align-items: stretch;
  }
  .control > input {
    flex: 1 1 auto;
    min-width: 0;
  }
  .toggle {
    flex: 0 0 auto;
  }
  .toggle[aria-pressed='true'] {
    background: var(--_surface-alt);
  }
`;
