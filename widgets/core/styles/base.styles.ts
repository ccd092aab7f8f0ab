import { css } from 'lit';
import { tokens } from './tokens.styles.ts';

/**
 * What every widget shares: box model, readable text, fields and buttons at least 44 px tall (touch
 * targets), a visible focus ring, error text, a class for text only screen readers hear, and no motion for
 * people who asked for none.
 */
export const base = [
  tokens,
  css`
    :host {
      display: block;
      box-sizing: border-box;
      color: var(--_text);
      font-family: var(--_font);
      font-size: var(--_font-size);
      line-height: 1.5;
    }
    :host([hidden]) {
      display: none;
    }
    *,
    *::before,
    *::after {
      box-sizing: inherit;
    }
    button,
    input,
    select,
    textarea {
      font: inherit;
      color: inherit;
    }
    input:not([type='checkbox']):not([type='radio']),
    select,
    textarea {
      width: 100%;
      min-height: 2.75rem;
      padding: calc(var(--_space) * 1) calc(var(--_space) * 1.5);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_surface);
    }
    input[aria-invalid='true'],
    select[aria-invalid='true'],
    textarea[aria-invalid='true'] {
      border-color: var(--_error);
      border-width: 2px;
    }
    button {
      min-height: 2.75rem;
      padding: var(--_space) calc(var(--_space) * 2);
      border: 2px solid var(--_primary);
      border-radius: var(--_radius);
      background: var(--_primary);
      color: var(--_on-primary);
      cursor: pointer;
    }
    button.secondary {
      background: var(--_surface);
      color: var(--_primary);
    }
    button:disabled {
      opacity: 0.6;
      cursor: not-allowed;
    }
    :focus-visible {
      outline: 3px solid var(--_focus);
      outline-offset: 2px;
    }
    .error {
      color: var(--_error);
    }
    .sr-only {
      position: absolute;
      width: 1px;
      height: 1px;
      padding: 0;
      margin: -1px;
      overflow: hidden;
      clip: rect(0, 0, 0, 0);
      white-space: nowrap;
      border: 0;
    }
    @media (prefers-reduced-motion: reduce) {
      *,
      *::before,
      *::after {
        animation-duration: 0.01ms !important;
        transition-duration: 0.01ms !important;
      }
    }
  `,
];
