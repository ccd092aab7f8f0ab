import { css } from 'lit';

/**
 * Design tokens. A host page themes every widget by setting `--civ-*` custom properties on `:root` or on an
 * element; each gets its default here, through a private `--_*` alias, so a widget looks finished with no
 * theming at all and a value set on any ancestor still wins. Defaults follow the French state design system's
 * contrasts (WCAG AA on white).
 *
 * @cssproperty --civ-color-primary - Buttons, links, selected states (default #000091).
 * @cssproperty --civ-color-on-primary - Text on the primary colour (default #fff).
 * @cssproperty --civ-color-text - Body text (default #161616).
 * @cssproperty --civ-color-muted - Secondary text (default #555).
 * @cssproperty --civ-color-surface - Widget background (default #fff).
 * @cssproperty --civ-color-surface-alt - Subtle background for cards and bars (default #f6f6f6).
 * @cssproperty --civ-color-border - Borders of fields and cards (default #767676, 4.5:1 on white).
 * @cssproperty --civ-color-error - Error text and borders (default #ce0500).
 * @cssproperty --civ-color-success - Confirmation text (default #18753c).
 * @cssproperty --civ-color-focus - Focus ring (default #0a76f6).
 * @cssproperty --civ-font-family - Font stack (default: the page's font).
 * @cssproperty --civ-font-size - Base text size (default 1rem).
 * @cssproperty --civ-radius - Corner radius (default 0.25rem).
 * @cssproperty --civ-space - Base spacing unit (default 0.5rem).
 */
export const tokens = css`
  :host {
    --_primary: var(--civ-color-primary, #000091);
    --_on-primary: var(--civ-color-on-primary, #fff);
    --_text: var(--civ-color-text, #161616);
    --_muted: var(--civ-color-muted, #555);
    --_surface: var(--civ-color-surface, #fff);
    --_surface-alt: var(--civ-color-surface-alt, #f6f6f6);
    --_border: var(--civ-color-border, #767676);
    --_error: var(--civ-color-error, #ce0500);
    --_success: var(--civ-color-success, #18753c);
    --_focus: var(--civ-color-focus, #0a76f6);
    --_font: var(--civ-font-family, inherit);
    --_font-size: var(--civ-font-size, 1rem);
    --_radius: var(--civ-radius, 0.25rem);
    --_space: var(--civ-space, 0.5rem);
  }
`;
