import { css, html } from 'lit';
import type { ConsentStrings } from './consent-banner.strings.ts';

/**
 * The small floating "Cookies" button, a part of its own that only pages asking for it (`reopen-button`) load.
 * Fixed in the bottom-left corner, over the page: {@link keepClear} keeps it off the focused element.
 */
export const reopenStyles = css`
  .reopen {
    position: fixed;
    z-index: 2147483000;
    bottom: var(--_space);
    left: var(--_space);
    min-height: 2.25rem;
    padding: 0 var(--_space);
    font-size: 0.875em;
  }
`;

export const renderReopen = (s: ConsentStrings, show: () => void) =>
  html`<button class="reopen alt" part="reopen" aria-label=${s.reopenLabel} @click=${show}>${s.reopen}</button>`;

/**
 * Keeps a floating button, fixed in a bottom-left corner, off the focused element (WCAG 2.2 "Focus Not
 * Obscured"): in its corner when that covers nothing focused, else in the bottom-right corner, else out of sight
 * until focus moves on. Checked on every focus move, scroll and resize. Loaded only by pages that ask for the
 * button. Inline styles set through the CSSOM are allowed by a strict CSP (only markup `style=` is not).
 *
 * @example
 * const stop = keepClear(() => banner.shadowRoot!.querySelector('.reopen'));
 */
export function keepClear(button: () => HTMLElement | null | undefined): () => void {
  const check = () => {
    const floating = button();
    if (!floating) return;
    const style = floating.style;
    style.left = style.right = style.visibility = '';
    let focused = document.activeElement;
    while (focused?.shadowRoot?.activeElement) focused = focused.shadowRoot.activeElement;
    if (!focused || focused == floating || focused == document.body) return;
    const target = focused.getBoundingClientRect();
    const { left, width, top, bottom } = floating.getBoundingClientRect();
    const covers = (x: number) => x < target.right && x + width > target.left && top < target.bottom && bottom > target.top;
    if (!covers(left)) return;
    const right = document.documentElement.clientWidth - left - width;
    if (covers(right)) style.visibility = 'hidden';
    else [style.left, style.right] = ['auto', `${left}px`];
  };
  document.addEventListener('focusin', check);
  addEventListener('scroll', check, { passive: true });
  addEventListener('resize', check);
  check();
  return () => {
    document.removeEventListener('focusin', check);
    removeEventListener('scroll', check);
    removeEventListener('resize', check);
  };
}
