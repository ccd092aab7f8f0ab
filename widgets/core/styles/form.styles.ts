import { css } from 'lit';

/**
 * Forms, as every widget with a session lays them out: label above the control, hints in muted text, the
 * error in the error colour with a thicker border on the control; checkbox rows at least 44 px tall;
 * notices for status, success and errors. Everything wraps down to 320 px. What only `core/fields.ts`
 * renders (a field's purpose, the password's toggle) is in `fields.styles.ts`.
 */
export const formStyles = css`
  form {
    display: grid;
    gap: calc(var(--_space) * 2);
  }
  .field {
    display: grid;
    gap: calc(var(--_space) / 2);
  }
  .field > label {
    font-weight: 600;
  }
  .hint {
    margin: 0;
    color: var(--_muted);
    font-size: 0.875em;
  }
  .field-error {
    margin: 0;
    font-weight: 600;
  }
  .required {
    color: var(--_error);
  }
  .check {
    display: grid;
    grid-template-columns: auto 1fr;
    column-gap: var(--_space);
    align-items: center;
    min-height: 2.75rem;
  }
  .check input {
    width: 1.5rem;
    height: 1.5rem;
    margin: 0;
    accent-color: var(--_primary);
  }
  .check label {
    padding: calc(var(--_space) / 2) 0;
    cursor: pointer;
  }
  .check .hint {
    grid-column: 2;
  }
  .notice {
    padding: calc(var(--_space) * 1.5) calc(var(--_space) * 2);
    border-left: 4px solid var(--_primary);
    background: var(--_surface-alt);
    border-radius: var(--_radius);
  }
  .notice.error {
    border-left-color: var(--_error);
  }
  .notice.success {
    border-left-color: var(--_success);
  }
  .notice > p {
    margin: 0 0 var(--_space);
  }
  .notice > :last-child {
    margin-bottom: 0;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    align-items: center;
  }
  .loading {
    color: var(--_muted);
  }
`;
